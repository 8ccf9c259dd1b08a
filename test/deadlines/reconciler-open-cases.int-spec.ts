import { randomUUID } from 'node:crypto';
import { DeadlineKeys, SCHEDULER_RECORDS_VERSION } from '@kntc/deadlines';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';
import { FaultyStore } from './support/faulty-store';

/** Issue 11, item 2: the reconciler works from the open cases the scheduler keeps, not from the whole store. */
describe('the deadline reconciler over the scheduler\'s open-case records', () => {
  let h: DeadlineHarness;
  let store: FaultyStore;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-03-02'), {}, { wrapStore: (real) => (store = new FaultyStore(real)) });
  });
  afterEach(async () => {
    await h.cleanup();
  });
  const records = async () => (await h.scheduler.records())!.keys;
  const open = async () => (await h.redis.smembers((await records()).openCases)).sort();

  it('keeps a record of each open case, without its parties, and drops it once the case is closed', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await h.run(fileComplaint(a, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await h.run(fileComplaint(b, '2026-03-02'), people.intake, vn('2026-03-02', '10:05'));
    expect(await open()).toEqual([a, b].sort());
    const record = (await h.redis.get((await records()).openCase(a)))!;
    expect(record).not.toMatch(/Nguyễn|001190012345/);
    expect(JSON.parse(record)).toMatchObject({ revision: expect.any(Number), state: { status: 'active', stage: 'filed', parties: [] } });
    await h.run({ type: 'WithdrawCase', caseId: b, reason: 'Công dân rút đơn' }, people.intake, vn('2026-03-03'));
    expect(await open()).toEqual([a]);
    expect(await h.redis.get((await records()).openCase(b))).toBeNull();
  }, 60_000);

  it('counts a timer that is due and waits for a worker as pending: nothing re-created, no second job', async () => {
    await h.run(fileComplaint(randomUUID(), '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await h.timers.pause();
    try {
      const [job] = await h.timers.getDelayed();
      await job!.promote();
      expect(['waiting', 'paused']).toContain(await h.timers.getJobState(job!.id!));
      const delayedBefore = await h.timers.getDelayedCount();
      const report = await h.reconciler.reconcile();
      expect(report).toMatchObject({ cases: 1, recreated: 0, replaced: 0 });
      expect(await h.timers.getDelayedCount()).toBe(delayedBefore);
      expect(['waiting', 'paused']).toContain(await h.timers.getJobState(job!.id!));
    } finally {
      await h.timers.resume();
    }
  }, 60_000);

  it('reads the store only to see that the scheduler has applied every case event', async () => {
    for (let i = 0; i < 3; i++) await h.run(fileComplaint(randomUUID(), '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    store.readAlls.length = 0;
    const report = await h.reconciler.reconcile();
    expect(report).toMatchObject({ cases: 3, runningClocks: 3, recreated: 0 });
    expect(store.readAlls.map((o) => o.limit)).toEqual([1]);
  }, 60_000);

  it('brings the scheduler up to the store first when it is behind, then judges', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await h.loseSchedulerRecords();
    expect(await h.scheduler.checkpoint()).toBe(0n);
    const report = await h.reconciler.reconcile();
    expect(report).toMatchObject({ cases: 1, runningClocks: 1 });
    expect(report.schedulerBehind).toBeUndefined();
    expect(await h.scheduler.checkpoint()).toBeGreaterThan(0n);
  }, 60_000);

  it('gets records for the cases opened before it kept them, by replaying the store once, and flags their stalls', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    // What an older scheduler left: its build of an older version, caught up, without the records this one keeps.
    const scheduler = new DeadlineKeys(h.keyRoot).scheduler;
    const head = await h.store.store.headPosition();
    await h.loseSchedulerRecords();
    await h.redis.multi().set(scheduler.active, 'v1').sadd(scheduler.builds, 'v1').set(scheduler.build('v1').checkpoint, head.toString()).exec();
    expect(await h.scheduler.checkpoint()).toBe(0n);
    await h.scheduler.catchUp();
    expect(await h.redis.get(scheduler.active)).toBe(`v${SCHEDULER_RECORDS_VERSION}`);
    expect(await h.redis.smembers(scheduler.builds)).toEqual([`v${SCHEDULER_RECORDS_VERSION}`]);
    expect(await open()).toEqual([caseId]);
    h.clock.set(vn('2026-03-04'));
    expect((await h.reconciler.reconcile()).stalledFlagged).toBe(1);
  }, 60_000);
});

describe('the reconciler flagging many stalled cases in one run', () => {
  let h: DeadlineHarness;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-03-02'));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('flags each stalled case exactly once, whatever order their commands commit in, and none on the next run', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const id of ids) await h.run(fileComplaint(id, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    h.clock.set(vn('2026-03-04'));
    expect(await h.reconciler.reconcile()).toMatchObject({ cases: 12, stalledFlagged: 12 });
    for (const id of ids) {
      const flags = (await h.events(id)).filter((event) => event.type === 'CaseEscalated' && event.data.reason === 'stalled');
      expect(flags).toHaveLength(1);
    }
    expect(await h.reconciler.reconcile()).toMatchObject({ cases: 12, stalledFlagged: 0 });
  }, 60_000);
});
