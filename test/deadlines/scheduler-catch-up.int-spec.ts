import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';
import { FaultyStore } from './support/faulty-store';

/**
 * A scheduler far behind the store (Redis lost, a records-version upgrade) replays whole pages of events. The timer
 * jobs those pages call for are gathered and put in BullMQ once the catch-up ends: the clocks that started and
 * stopped within the replayed history never add a job only to remove it again.
 */
describe('the deadline scheduler catching up', () => {
  let h: DeadlineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
  });

  /**
   * Pages of one event: every page of a catch-up is whole, so all of a replay is gathered. (With larger pages the
   * last, partial one is applied as the scheduler applies new events, its timers at once.)
   */
  let store: FaultyStore;
  const start = (runScheduler: boolean): Promise<DeadlineHarness> =>
    DeadlineHarness.start(vn('2026-02-10'), { schedulerBatchSize: 1 }, { runScheduler, wrapStore: (real) => (store = new FaultyStore(real)) });

  const pendingIds = async (harness: DeadlineHarness): Promise<string[]> => (await harness.timers.getJobs(['delayed', 'wait'], 0, -1)).map((j) => j.id!).sort();

  /** What BullMQ recorded in its events stream (what was added and removed), by event name. */
  async function queueEvents(harness: DeadlineHarness): Promise<Record<string, number>> {
    const entries = await harness.redis.xrange(harness.timers.toKey('events'), '-', '+');
    const counts: Record<string, number> = {};
    for (const [, fields] of entries) {
      const event = fields[fields.indexOf('event') + 1]!;
      counts[event] = (counts[event] ?? 0) + 1;
    }
    return counts;
  }

  /** Four denunciations over two weeks: one accepted, one accepted and suspended, one withdrawn, one left as filed. */
  async function history(harness: DeadlineHarness): Promise<string[]> {
    const cases = Array.from({ length: 4 }, () => randomUUID());
    for (const caseId of cases) await harness.run(fileComplaint(caseId, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
    await harness.travelDaily('2026-02-10', '2026-02-20');
    await harness.run({ type: 'AcceptCase', caseId: cases[0]! }, people.head, vn('2026-02-20', '10:00'));
    await harness.run({ type: 'AcceptCase', caseId: cases[1]! }, people.head, vn('2026-02-20', '10:00'));
    await harness.run({ type: 'SuspendCase', caseId: cases[1]!, reason: 'Chờ giám định' }, people.head, vn('2026-02-23', '10:00'));
    await harness.run({ type: 'WithdrawCase', caseId: cases[2]!, reason: 'Người tố cáo rút đơn' }, people.intake, vn('2026-02-23', '11:00'));
    const pending = await pendingIds(harness);
    expect(pending.length).toBeGreaterThan(0);
    return pending;
  }

  /** Every job added is one of those pending now; none was added and removed again; nothing is left gathered. */
  async function expectEachPendingAddedOnce(harness: DeadlineHarness, pending: string[]): Promise<void> {
    expect(await pendingIds(harness)).toEqual(pending);
    const events = await queueEvents(harness);
    expect(events['added']).toBe(pending.length);
    expect(events['removed']).toBeUndefined();
    expect(await harness.redis.hlen((await harness.scheduler.records())!.keys.timerChanges)).toBe(0);
  }

  /** The worker stopped, Redis flushed, the worker started again (its scheduler follows the store if the harness runs it). */
  async function restartWithRedisLost(harness: DeadlineHarness): Promise<void> {
    await harness.close();
    await harness.loseRedis();
    await harness.boot();
  }

  it('after Redis is lost, adds each pending timer once and no job of a clock that has stopped since (catchUp, as the reconciler runs it)', async () => {
    h = await start(false);
    const pending = await history(h);
    await restartWithRedisLost(h);
    await h.scheduler.catchUp();
    await expectEachPendingAddedOnce(h, pending);
  }, 60_000);

  it('finishes a catch-up cut short by a failure where it stopped, with the same timers pending', async () => {
    h = await start(false);
    const pending = await history(h);
    await restartWithRedisLost(h);
    // Half-way through the history (a page is one event here).
    store.failReadAllAfter(Math.floor(Number(await h.store.store.headPosition()) / 2));
    await expect(h.scheduler.catchUp()).rejects.toThrow(/store is unavailable/);
    // What the pages read so far gathered is stored with their checkpoint, not yet in BullMQ.
    expect(await h.redis.hlen((await h.scheduler.records())!.keys.timerChanges)).toBeGreaterThan(0);
    // The next run first does what was gathered (as after any crash: work committed is done before more), then the rest.
    await h.scheduler.catchUp();
    expect(await pendingIds(h)).toEqual(pending);
    expect(await h.redis.hlen((await h.scheduler.records())!.keys.timerChanges)).toBe(0);
  }, 60_000);

  it("the same when the worker's scheduler replays the store by itself at its start", async () => {
    h = await start(true);
    const pending = await history(h);
    const head = await h.store.store.headPosition();
    await restartWithRedisLost(h);
    const harness = h;
    await eventually(async () => (await harness.scheduler.checkpoint()) >= head && (await pendingIds(harness)).length === pending.length, 'the scheduler replayed the store');
    await expectEachPendingAddedOnce(h, pending);
  }, 60_000);
});
