import { randomUUID } from 'node:crypto';
import { DeadlineKeys } from '@kntc/deadlines';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions, RecordedEvent, StreamRevision, SubscribeOptions, Subscription } from '@kntc/event-store';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

/** The real store, with a record of the whole-store reads made through it. */
class CountingStore implements EventStore {
  readonly readAlls: ReadAllOptions[] = [];
  constructor(private readonly inner: EventStore) {}
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(stream, events, expected);
  }
  readStream(stream: string, from?: StreamRevision): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, from);
  }
  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.readAlls.push(options);
    return this.inner.readAll(options);
  }
  subscribeAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(options);
  }
  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Issue 11, item 2: the reconciler works from the open cases the scheduler keeps, not from the whole store. */
describe('the deadline reconciler over the scheduler\'s open-case records', () => {
  let h: DeadlineHarness;
  let store: CountingStore;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-03-02'), {}, { wrapStore: (real) => (store = new CountingStore(real)) });
  });
  afterEach(async () => {
    await h.cleanup();
  });
  const keys = () => new DeadlineKeys(h.keyRoot);
  const open = async () => (await h.redis.smembers(keys().openCases)).sort();

  it('keeps a record of each open case, without its parties, and drops it once the case is closed', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await h.run(fileComplaint(a, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await h.run(fileComplaint(b, '2026-03-02'), people.intake, vn('2026-03-02', '10:05'));
    expect(await open()).toEqual([a, b].sort());
    const record = (await h.redis.get(keys().openCase(a)))!;
    expect(record).not.toMatch(/Nguyễn|001190012345/);
    expect(JSON.parse(record)).toMatchObject({ revision: expect.any(Number), state: { status: 'active', stage: 'filed', parties: [] } });
    await h.run({ type: 'WithdrawCase', caseId: b, reason: 'Công dân rút đơn' }, people.intake, vn('2026-03-03'));
    expect(await open()).toEqual([a]);
    expect(await h.redis.get(keys().openCase(b))).toBeNull();
  }, 60_000);

  it('reads the store only to see that the scheduler has applied every case event', async () => {
    for (let i = 0; i < 3; i++) await h.run(fileComplaint(randomUUID(), '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    store.readAlls.length = 0;
    const report = await h.reconciler.reconcile();
    expect(report).toMatchObject({ cases: 3, runningClocks: 3, recreated: 0 });
    expect(store.readAlls.map((o) => o.limit)).toEqual([1]);
  }, 60_000);

  it('judges nothing while the scheduler is behind the store, and says so', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    await h.redis.set(keys().checkpoint, '0');
    expect(await h.reconciler.reconcile()).toMatchObject({ schedulerBehind: true, cases: 0, recreated: 0 });
  }, 60_000);

  it('gets records for the cases opened before it kept them, by replaying the store once, and flags their stalls', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    // What an older scheduler left: a checkpoint, timers, no open-case records.
    await h.redis.del(keys().openCase(caseId), keys().openCases, keys().recordsVersion);
    expect(await h.scheduler.checkpoint()).toBe(0n);
    await h.scheduler.catchUp();
    expect(await open()).toEqual([caseId]);
    h.clock.set(vn('2026-03-04'));
    expect((await h.reconciler.reconcile()).stalledFlagged).toBe(1);
  }, 60_000);
});
