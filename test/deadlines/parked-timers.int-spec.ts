import { DeadlineKeys, parkedTimerKeys, readDeadlineStatus, TimerQueue, type ParkedJob } from '@kntc/deadlines';
import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn, vnDay } from './support/deadline-harness';

/**
 * Timers due later than the horizon (an hour here, as by default) wait parked in Redis and enter BullMQ an hour
 * before they fire: a filing's timers cost a few writes instead of a BullMQ job each, and the many dropped before
 * they fire (the clock stops when the case moves on) cost a ZREM instead of a removal script.
 */
describe('timers parked until they are due within the horizon', () => {
  let h: DeadlineHarness;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'), { timerHorizonMinutes: 60 });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const keys = () => parkedTimerKeys(h.timers);
  const parked = async (caseId: string): Promise<string[]> => (await h.redis.zrange(keys().due, '0', '-1')).filter((id) => id.startsWith(`deadline/${caseId}/`)).sort();
  const delayed = async (caseId: string): Promise<string[]> => (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.startsWith(`deadline/${caseId}/`)).sort();
  const acceptance = (caseId: string, step: string) => `deadline/${caseId}/acceptance/2026-03-03/${step}`;

  it('parks a filing\'s timers, and moves each into BullMQ within the hour before it fires, with its time and retries', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    expect(await parked(caseId)).toEqual([acceptance(caseId, 'missed'), acceptance(caseId, 'remind-0'), acceptance(caseId, 'remind-3')]);
    expect(await delayed(caseId)).toEqual([]);
    const job = JSON.parse((await h.redis.hget(keys().jobs, acceptance(caseId, 'remind-3')))!) as ParkedJob;
    expect(job).toMatchObject({ name: 'deadline-reminder', data: { caseId, clock: 'acceptance', workingDaysBefore: 3 }, opts: { attempts: 8 } });

    // 61 minutes before the first reminder (08:00 on 26/02): nothing is due within the hour.
    const remindAt = Date.parse(job.data.fireAt);
    h.clock.set(new Date(remindAt - 61 * 60_000));
    expect(await h.app.get(TimerQueue).promoteDue()).toBe(0);
    // 30 minutes before it: that one moves, delayed by the 30 minutes left; the others stay parked.
    h.clock.set(new Date(remindAt - 30 * 60_000));
    expect(await h.app.get(TimerQueue).promoteDue()).toBe(1);
    expect(await parked(caseId)).toEqual([acceptance(caseId, 'missed'), acceptance(caseId, 'remind-0')]);
    const moved = (await h.timers.getJob(acceptance(caseId, 'remind-3')))!;
    expect(await moved.getState()).toBe('delayed');
    expect(moved.data).toEqual(job.data);
    expect(moved.opts).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 5_000 } });
    expect(moved.opts.delay).toBe(30 * 60_000);
    expect(await h.redis.hexists(keys().jobs, acceptance(caseId, 'remind-3'))).toBe(0);

    // Time travel fires parked timers as it fires delayed ones: the reminders on their days, then the miss.
    await h.travelDaily('2026-02-25', '2026-03-04');
    const steps = (await h.events(caseId)).flatMap((e) =>
      e.type === 'DeadlineReminderSent' ? [`reminder ${e.data.workingDaysBefore}`] : e.type === 'DeadlineMissed' ? [`missed ${vnDay(e.data.missedAt)}`] : [],
    );
    expect(steps).toEqual(['reminder 3', 'reminder 0', 'missed 2026-03-04']);
    // The escalation recorded with the miss plans the next one (level 2, two working days on): parked.
    await h.scheduler.catchUp();
    expect(await parked(caseId)).toEqual([acceptance(caseId, 'escalate-2')]);
  });

  it('is moved into BullMQ by the worker itself when it starts (and every minute after)', async () => {
    const worker = await DeadlineHarness.start(vn('2026-02-10'), { timerHorizonMinutes: 60 }, { runScheduler: true });
    try {
      const caseId = randomUUID();
      await worker.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
      const remind3 = acceptance(caseId, 'remind-3');
      const fireAt = Number(await worker.redis.zscore(parkedTimerKeys(worker.timers).due, remind3));
      await worker.close();
      worker.clock.set(new Date(fireAt - 30 * 60_000));
      await worker.boot();
      await eventually(async () => (await worker.timers.getJob(remind3)) !== undefined, 'the started worker moved the reminder due within the hour');
      expect(await worker.redis.zscore(parkedTimerKeys(worker.timers).due, remind3)).toBeNull();
    } finally {
      await worker.cleanup();
    }
  });

  it('drops the parked timers of a clock that stops, without a BullMQ job to remove', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
    expect(await parked(caseId)).toHaveLength(3);
    await h.run({ type: 'AcceptCase', caseId }, people.head, vn('2026-02-12'));
    // Acceptance stopped: its three timers are gone; the resolution clock's (30 days: Sat 14/03, so Mon 16/03) are parked.
    expect((await parked(caseId)).filter((id) => id.includes('/acceptance/'))).toEqual([]);
    expect((await parked(caseId)).map((id) => id.split('/').slice(2).join('/'))).toEqual(['resolution/2026-03-16/missed', 'resolution/2026-03-16/remind-0', 'resolution/2026-03-16/remind-3']);
    expect(await h.redis.hlen(keys().jobs)).toBe(3);
    expect(await delayed(caseId)).toEqual([]);
  });

  it('counts a parked timer as pending in the reconciler, and parks again the ones Redis lost', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    expect((await h.reconciler.reconcile()).recreated).toBe(0);

    await h.redis.del(keys().due, keys().jobs);
    const report = await h.reconciler.reconcile();
    expect(report.recreated).toBe(3);
    expect(await parked(caseId)).toEqual([acceptance(caseId, 'missed'), acceptance(caseId, 'remind-0'), acceptance(caseId, 'remind-3')]);
    expect(await delayed(caseId)).toEqual([]);
  });

  it('adds one job per timer when a move is repeated (a crash after the adds, before the drops)', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    const remind3 = acceptance(caseId, 'remind-3');
    const entry = { job: (await h.redis.hget(keys().jobs, remind3))!, score: (await h.redis.zscore(keys().due, remind3))! };
    h.clock.set(new Date(Number(entry.score) - 30 * 60_000));
    expect(await h.app.get(TimerQueue).promoteDue()).toBe(1);
    // As if the drop had not happened: the same entry parked again, moved again.
    await h.redis.multi().zadd(keys().due, entry.score, remind3).hset(keys().jobs, remind3, entry.job).exec();
    expect(await h.app.get(TimerQueue).promoteDue()).toBe(1);
    expect(await delayed(caseId)).toEqual([remind3]);
    expect(await parked(caseId)).toEqual([acceptance(caseId, 'missed'), acceptance(caseId, 'remind-0')]);
  });

  it('shows parked timers among the pending ones in `kntc deadlines status`', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    const status = await readDeadlineStatus({ timers: h.timers, webhooks: h.webhooks, redis: h.redis, keys: new DeadlineKeys(h.keyRoot), now: vn('2026-02-10', '11:00') });
    expect(status.pending).toEqual({ parked: 3, delayed: 0, waiting: 0 });
    expect(status.clocks).toEqual({ acceptance: { running: 1, overdue: 0, nextDueAt: expect.any(String) } });
    expect(status.next?.jobId).toBe(acceptance(caseId, 'remind-3'));
    expect(status.runningClocks).toBe(1);
  });

  it('records the same deadline steps as timers put straight into BullMQ, over a case\'s whole life', async () => {
    const straight = await DeadlineHarness.start(vn('2026-02-10'), { timerHorizonMinutes: 0 });
    try {
      const life = async (harness: DeadlineHarness): Promise<string[]> => {
        const caseId = randomUUID();
        await harness.run(fileComplaint(caseId, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
        await harness.travelDaily('2026-02-10', '2026-03-05');
        await harness.run({ type: 'AcceptCase', caseId }, people.head, vn('2026-03-05', '10:00'));
        await harness.run({ type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, people.head, vn('2026-03-12'));
        await harness.travelDaily('2026-03-12', '2026-03-19');
        await harness.run({ type: 'ResumeCase', caseId, reason: 'Có kết quả giám định' }, people.head, vn('2026-03-20'));
        await harness.travelDaily('2026-03-20', '2026-04-24');
        return (await harness.events(caseId)).flatMap((e) => {
          if (e.type === 'DeadlineReminderSent') return [`${vnDay(e.occurredAt)} reminder ${e.data.clock} ${e.data.workingDaysBefore}`];
          if (e.type === 'DeadlineMissed') return [`${vnDay(e.occurredAt)} missed ${e.data.clock} ${e.data.dueDate}`];
          if (e.type === 'CaseEscalated') return [`${vnDay(e.occurredAt)} escalated ${e.data.reason} ${e.data.level}`];
          return [];
        });
      };
      const [withParking, withoutParking] = [await life(h), await life(straight)];
      expect(withParking.length).toBeGreaterThan(4);
      expect(withParking).toEqual(withoutParking);
    } finally {
      await straight.cleanup();
    }
  }, 120_000);
});
