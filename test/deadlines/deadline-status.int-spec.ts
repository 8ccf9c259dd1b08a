import { parseTimerClocks, readDeadlineStatus, DeadlineKeys, type ClockCount, type DeadlineStatus } from '@kntc/deadlines';
import { randomUUID } from 'node:crypto';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

/**
 * `kntc deadlines status` counts running clocks from sets the scheduler keeps with its records (one per clock name,
 * by due instant) instead of reading every case's records. Each figure is checked against the case records themselves.
 */
describe('kntc deadlines status: running and overdue clocks by name', () => {
  let h: DeadlineHarness;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const status = (now: Date): Promise<DeadlineStatus> =>
    readDeadlineStatus({ timers: h.timers, webhooks: h.webhooks, redis: h.redis, keys: new DeadlineKeys(h.keyRoot), now });

  /** The same counts, read the slow way: every given case's running clocks from its timers record. */
  async function fromRecords(caseIds: readonly string[], now: Date): Promise<Record<string, ClockCount>> {
    const records = (await h.scheduler.records())!;
    const counts: Record<string, ClockCount> = {};
    for (const caseId of caseIds) {
      for (const [name, clock] of parseTimerClocks(caseId, await h.redis.hgetall(records.keys.timers(caseId)))) {
        const dueAt = new Date(clock.dueAt);
        const c = (counts[name] ??= { running: 0, overdue: 0 });
        c.running++;
        if (dueAt.getTime() < now.getTime()) c.overdue++;
        if (c.nextDueAt === undefined || dueAt.toISOString() < c.nextDueAt) c.nextDueAt = dueAt.toISOString();
      }
    }
    return counts;
  }

  it('follows the clocks as they start, run late, stop, pause and resume, and agrees with the case records at every step', async () => {
    const denunciation = randomUUID();
    const complaint = randomUUID();
    await h.run(fileComplaint(denunciation, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
    await h.run(fileComplaint(complaint, '2026-02-10'), people.intake, vn('2026-02-10', '11:00'));
    const cases = [denunciation, complaint];
    const check = async (now: Date): Promise<DeadlineStatus> => {
      const s = await status(now);
      expect(s.clocks).toEqual(await fromRecords(cases, now));
      expect(s.runningClocks).toBe(Object.values(s.clocks).reduce((sum, c) => sum + c.running, 0));
      expect(s.overdue).toBe(Object.values(s.clocks).reduce((sum, c) => sum + c.overdue, 0));
      return s;
    };

    const filed = await check(vn('2026-02-10', '12:00'));
    // The denunciation's acceptance clock; the complaint's screening clock (its acceptance starts once it is screened).
    expect(filed.clocks).toEqual({ acceptance: { running: 1, overdue: 0, nextDueAt: expect.any(String) }, screening: { running: 1, overdue: 0, nextDueAt: expect.any(String) } });
    expect((await check(vn('2027-01-04'))).overdue).toBe(2);

    // Three weeks on (the timers run meanwhile), the denunciation is accepted: its acceptance clock stops, resolution runs.
    await h.travelTo(vn('2026-03-02', '08:30'));
    await h.run({ type: 'AcceptCase', caseId: denunciation }, people.head, vn('2026-03-02'));
    const accepted = await check(vn('2026-03-02', '12:00'));
    expect(Object.keys(await h.redis.hgetall((await h.scheduler.records())!.keys.timers(denunciation)))).toEqual(['resolution']);
    expect(accepted.clocks['resolution']).toMatchObject({ running: 1, overdue: 0 });

    // A suspension takes the resolution clock off; the resumption puts it back, due later.
    await h.run({ type: 'SuspendCase', caseId: denunciation, reason: 'Chờ giám định' }, people.head, vn('2026-03-12'));
    expect((await check(vn('2026-03-12', '12:00'))).clocks['resolution']).toBeUndefined();
    await h.run({ type: 'ResumeCase', caseId: denunciation, reason: 'Có kết quả giám định' }, people.head, vn('2026-03-20'));
    const resumed = await check(vn('2026-03-20', '12:00'));
    expect(resumed.clocks['resolution']).toMatchObject({ running: 1, overdue: 0 });
    expect(resumed.clocks['resolution']!.nextDueAt! > accepted.clocks['resolution']!.nextDueAt!).toBe(true);

    // Pending timers: every one of the running clocks' steps is a delayed BullMQ job here (no parking in this harness).
    expect(resumed.pending).toEqual({ parked: 0, delayed: (await h.timers.getDelayedCount()), waiting: 0 });
    // The next to fire is the first BullMQ will run (its delays count from the business clock, so in production its
    // order is the order of the instants the timers fire at).
    const [first] = await h.timers.getDelayed(0, 0);
    expect(resumed.next).toEqual({ jobId: first!.id, fireAt: first!.data.fireAt, dueDate: first!.data.dueDate });
  }, 60_000);

  it('counts nothing before the scheduler\'s records answer, and the same once they are rebuilt from the store', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    const before = await status(vn('2026-02-10', '12:00'));
    await h.loseSchedulerRecords();
    expect((await status(vn('2026-02-10', '12:00'))).clocks).toEqual({});
    await h.scheduler.catchUp();
    expect((await status(vn('2026-02-10', '12:00'))).clocks).toEqual(before.clocks);
  }, 60_000);
});
