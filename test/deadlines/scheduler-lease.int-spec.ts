import { WORKFLOW_REGISTRY, WORKING_CALENDAR } from '@kntc/cases';
import { bullPrefix, DEADLINE_TIMERS_QUEUE, DeadlineKeys, DeadlineScheduler, SCHEDULER_RECORDS_VERSION, TimerQueue, type DeadlineSchedulerOptions } from '@kntc/deadlines';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

/** Issue 11, item 6: the scheduler runs on the projection runner's lease and commits, so two processes never both schedule. */
describe('two deadline schedulers on one Redis', () => {
  let h: DeadlineHarness;
  const started: DeadlineScheduler[] = [];
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-03-02'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
    await h.cleanup();
  });

  const keys = () => new DeadlineKeys(h.keyRoot);
  const lease = () => keys().scheduler.lease(`v${SCHEDULER_RECORDS_VERSION}`);
  const pending = async (caseId: string) => (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.startsWith(`deadline/${caseId}/`));

  /** A scheduler as another worker process runs it: its own instance and runner id over the same store and Redis. */
  function scheduler(runnerId: string, applied: number[], timers = h.app.get(TimerQueue)): DeadlineScheduler {
    const options: DeadlineSchedulerOptions = {
      store: h.store.store,
      redis: h.redis,
      keys: keys(),
      timers,
      workflows: h.app.get(WORKFLOW_REGISTRY),
      calendar: h.app.get(WORKING_CALENDAR),
      plan: { noticeHour: 8 },
      batchSize: 500,
      pollMs: 20,
      leaseTtlMs: 1_500,
      runnerId,
      onProgress: (p) => applied.push(p.applied),
    };
    const instance = new DeadlineScheduler(options);
    started.push(instance);
    instance.start();
    return instance;
  }

  it('lets one schedule while the other stands by, and the other take over when the first stops', async () => {
    const [byA, byB]: number[][] = [[], []];
    const a = scheduler('scheduler-a', byA);
    await eventually(async () => (await h.redis.get(lease())) === 'scheduler-a', 'scheduler-a holds the lease');
    scheduler('scheduler-b', byB);
    await eventually(async () => JSON.parse((await h.redis.get(keys().scheduler.runner('scheduler-b'))) ?? '{}').role === 'standby', 'scheduler-b stands by');

    const first = randomUUID();
    await h.execute(fileComplaint(first, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await eventually(async () => (await pending(first)).length > 0, 'the first case has its timers');
    expect(byA.at(-1)).toBeGreaterThan(0);
    expect(byB).toEqual([]);

    await a.stop();
    const appliedByA = byA.at(-1);
    const second = randomUUID();
    await h.execute(fileComplaint(second, '2026-03-02'), people.intake, vn('2026-03-02', '11:00'));
    await eventually(async () => (await h.redis.get(lease())) === 'scheduler-b', 'scheduler-b took the lease over');
    await eventually(async () => (await pending(second)).length > 0, 'the second case has its timers');
    // B resumed from A's checkpoint: it applied the second case's events only, and A applied nothing more.
    // (A batch's timers are queued before its progress is reported: wait for the report, not only the timers.)
    const secondEvents = (await h.events(second)).length;
    await eventually(async () => byB.length > 0, 'scheduler-b reported its batch');
    expect(byB.at(-1)).toBe(secondEvents);
    expect(byA.at(-1)).toBe(appliedByA);
  }, 60_000);

  it('adds the timers of a batch it committed but could not queue once another takes over', async () => {
    // BullMQ unreachable for scheduler A only: its commits go through, its job adds fail.
    const closed = new Queue(DEADLINE_TIMERS_QUEUE, { connection: { url: h.redisUrl }, prefix: bullPrefix(h.keyRoot) });
    await closed.close();
    const a = scheduler('scheduler-a', [], new TimerQueue(closed, h.clock));
    const caseId = randomUUID();
    await h.execute(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    const records = async () => (await a.records())!.keys;
    await eventually(async () => (await h.redis.sismember((await records()).openCases, caseId)) === 1, 'scheduler-a committed the case');
    expect(await h.redis.hlen((await records()).effects)).toBe(1);
    expect(await pending(caseId)).toEqual([]);
    await a.stop();

    const byB: number[] = [];
    scheduler('scheduler-b', byB);
    await eventually(async () => (await pending(caseId)).length > 0, 'scheduler-b queued the timers scheduler-a left');
    expect(await h.redis.hlen((await records()).effects)).toBe(0);
    expect(byB).toEqual([]);
  }, 60_000);
  it('deletes at its start the keys an earlier release\'s scheduler left, and no other', async () => {
    const old = `${h.keyRoot}deadlines:`;
    const caseIds = Array.from({ length: 1_200 }, () => randomUUID());
    const seed = h.redis.pipeline();
    seed.set(`${old}scheduler:checkpoint`, '42').set(`${old}scheduler:records-version`, '1').sadd(`${old}open-cases`, ...caseIds);
    for (const id of caseIds) seed.hset(`${old}timers:${id}`, 'acceptance', '{}').set(`${old}open-case:${id}`, '{}');
    const delivered = `${old}webhooks:delivered:webhook/e-1/url-0`;
    seed.set(delivered, '1', 'EX', 3_600);
    await seed.exec();
    const first = randomUUID();
    await h.execute(fileComplaint(first, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));

    scheduler('scheduler-a', []);
    await eventually(async () => (await pending(first)).length > 0, 'the case filed has its timers');
    const left = async () => (await h.redis.keys(`${old}*`)).sort();
    await eventually(async () => (await left()).length === 1, 'the old scheduler keys are deleted');
    expect(await left()).toEqual([delivered]);
    expect(await h.redis.exists(keys().scheduler.build(`v${SCHEDULER_RECORDS_VERSION}`).checkpoint)).toBe(1);
  });
});
