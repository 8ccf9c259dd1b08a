import {
  CASE_SUMMARY_PROJECTION,
  commitBatch,
  createProjections,
  DEPARTMENT_CASES_PROJECTION,
  evolveCaseRow,
  ProjectionRunner,
  readActiveBuild,
  readProjectionStatus,
  toProjectedEvent,
  type Projection,
  type ProjectionKeys,
} from '@kntc/read-models';
import type { Redis } from 'ioredis';
import { CaseHistoryGenerator } from './support/case-history.generator';
import { dumpPrefix, eventually, executeSteps, loadEngineFiles, openTestStore, TestRedis, type TestStore } from './support/read-model-fixtures';

jest.setTimeout(60_000);

const TUNING = { batchSize: 50, batchWindowMs: 10, leaseTtlMs: 600, standbyRetryMs: 50, idleCheckMs: 20 };

describe('a projection runner over a SQLite store', () => {
  const files = loadEngineFiles();
  let test: TestRedis;
  let sqlite: TestStore;
  let projections: Projection[];
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    test = new TestRedis();
    sqlite = openTestStore();
    projections = createProjections(files);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await sqlite.cleanup();
    await test.cleanup();
  });

  const runner = (projection: Projection, extra: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {}): ProjectionRunner => {
    const r = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection, tuning: TUNING, ...extra });
    runners.push(r);
    return r;
  };

  const positionOf = async (name: string): Promise<bigint> => (await readActiveBuild(test.redis, test.keys.projection(name)))?.position ?? -1n;

  /** Build v1 of `name` registered and active by hand, and `use` given a connection of its own (WATCH is per connection). */
  const withBuildV1 = async <T>(name: string, use: (conn: Redis, keys: ProjectionKeys) => Promise<T>): Promise<T> => {
    const keys = test.keys.projection(name);
    await test.redis.set(keys.active, 'v1');
    await test.redis.sadd(keys.builds, 'v1');
    const conn = test.redis.duplicate();
    try {
      return await use(conn, keys);
    } finally {
      conn.disconnect();
    }
  };

  it('catches up with the store, then applies live appends in order', async () => {
    const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 7 });
    await executeSteps(sqlite.store, files, generator.cases(40));
    for (const projection of projections) runner(projection).start();
    const head = await sqlite.store.headPosition();
    await eventually(async () => (await Promise.all(projections.map((p) => positionOf(p.name)))).every((p) => p === head), 'every projection reached the head');

    const live = await executeSteps(sqlite.store, files, generator.cases(5));
    await eventually(async () => (await positionOf(CASE_SUMMARY_PROJECTION)) === BigInt(live), 'the live appends are applied');
    const summaries = await dumpPrefix(test.redis, test.keys.projection(CASE_SUMMARY_PROJECTION).build(`v${projections.find((p) => p.name === CASE_SUMMARY_PROJECTION)!.version}`).prefix);
    expect(Object.keys(summaries).filter((k) => k.startsWith('case:'))).toHaveLength(45);
  });

  it('skips the events it already applied: a batch handed to it twice writes nothing the second time', async () => {
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 8 }).cases(10));
    const events = await sqlite.store.readAll({ streamPrefix: 'case-' });
    const projection = projections.find((p) => p.name === DEPARTMENT_CASES_PROJECTION)!;
    await withBuildV1(projection.name, async (conn, keys) => {
      const first = await commitBatch(conn, keys, 'v1', projection, events);
      expect(first).toMatchObject({ kind: 'committed', applied: events.length, skipped: 0 });
      const before = await dumpPrefix(test.redis, keys.build('v1').prefix);

      const again = await commitBatch(conn, keys, 'v1', projection, events);
      expect(again).toMatchObject({ kind: 'skipped', skipped: events.length });
      const overlapping = await commitBatch(conn, keys, 'v1', projection, events.slice(events.length - 3));
      expect(overlapping).toMatchObject({ kind: 'skipped', skipped: 3 });
      expect(await dumpPrefix(test.redis, keys.build('v1').prefix)).toEqual(before);
    });
  });

  it('skips, in a case row, an event at or below the revision the row already holds', async () => {
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 9 }).cases(1));
    const events = (await sqlite.store.readAll()).map(toProjectedEvent);
    const row = events.reduce((r, e) => evolveCaseRow(r, e, files), undefined as ReturnType<typeof evolveCaseRow>);
    for (const event of events) expect(evolveCaseRow(row, event, files)).toBe(row);
  });

  it('writes nothing of a batch when another writer moved the checkpoint between its reads and its commit (WATCH)', async () => {
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 12 }).cases(2));
    const events = await sqlite.store.readAll({ streamPrefix: 'case-' });
    const keys = test.keys.projection('watched');
    const last = events[events.length - 1]!.position;
    let planned = 0;
    const projection: Projection = {
      name: 'watched',
      version: 1,
      description: 'test',
      project: async (batch, _redis, build) => {
        planned += 1;
        // Another writer (a runner whose lease lapsed) commits the same events meanwhile.
        if (planned === 1) await test.redis.set(build.checkpoint, last.toString());
        return [{ op: 'set', key: `${build.prefix}planned`, value: String(batch.length) }];
      },
    };
    const outcome = await withBuildV1(projection.name, (conn) => commitBatch(conn, keys, 'v1', projection, events));
    expect(outcome).toMatchObject({ kind: 'skipped', skipped: events.length });
    expect(planned).toBe(1);
    expect(await test.redis.get(`${keys.build('v1').prefix}planned`)).toBeNull();
    expect(await test.redis.get(keys.build('v1').checkpoint)).toBe(last.toString());
  });

  it('stores a row with its Vietnamese text as the fold made it (values are written as UTF-8 bytes)', async () => {
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 11 }).cases(3));
    const events = await sqlite.store.readAll({ streamPrefix: 'case-' });
    const projection = projections.find((p) => p.name === CASE_SUMMARY_PROJECTION)!;
    const keys = test.keys.projection(projection.name);
    await withBuildV1(projection.name, (conn) => commitBatch(conn, keys, 'v1', projection, events));
    const folded = new Map<string, ReturnType<typeof evolveCaseRow>>();
    for (const event of events.map(toProjectedEvent)) {
      const caseId = event.event!.data.caseId;
      folded.set(caseId, evolveCaseRow(folded.get(caseId), event, files));
    }
    const stored = await dumpPrefix(test.redis, keys.build('v1').prefix);
    expect(folded.size).toBe(3);
    for (const [caseId, row] of folded) {
      expect(row!.stageLabel).toMatch(/[^\x00-\x7f]/);
      expect(JSON.parse(stored[`case:${caseId}`] as string)).toEqual(row);
    }
  });

  it('lets one runner write a build while another stands by, and hands over when the first one stops', async () => {
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 10 }).cases(5));
    const projection = projections.find((p) => p.name === CASE_SUMMARY_PROJECTION)!;
    const first = runner(projection, { runnerId: 'runner-a' });
    const second = runner(projection, { runnerId: 'runner-b' });
    first.start();
    const lease = test.keys.projection(projection.name).lease(`v${projection.version}`);
    await eventually(async () => (await test.redis.get(lease)) === 'runner-a', 'runner-a holds the lease');
    second.start();
    await eventually(
      async () => JSON.parse((await test.redis.get(test.keys.projection(projection.name).runner('runner-b'))) ?? '{}').role === 'standby',
      'runner-b stands by',
    );
    await first.stop();
    await eventually(async () => (await test.redis.get(lease)) === 'runner-b', 'runner-b took the lease over');
    const live = await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 11 }).cases(1));
    await eventually(async () => (await positionOf(projection.name)) === BigInt(live), 'runner-b applies new events');
  });

  it('lists in its status the runners alive, from their index, and neither one stopped nor one whose heartbeat ran out', async () => {
    const projection = projections.find((p) => p.name === CASE_SUMMARY_PROJECTION)!;
    const roles = async (): Promise<Record<string, string>> => {
      const [status] = await readProjectionStatus(test.redis, test.keys, sqlite.store, [projection]);
      return Object.fromEntries(status!.runners.map((r) => [r.runnerId, r.role]));
    };
    const a = runner(projection, { runnerId: 'runner-a' });
    const b = runner(projection, { runnerId: 'runner-b' });
    const c = runner(projection, { runnerId: 'runner-c' });
    a.start();
    await eventually(async () => (await roles())['runner-a'] === 'active', 'runner-a is listed active');
    b.start();
    c.start();
    await eventually(async () => JSON.stringify(await roles()) === JSON.stringify({ 'runner-a': 'active', 'runner-b': 'standby', 'runner-c': 'standby' }), 'all three are listed');
    await b.stop();
    expect(await roles()).toEqual({ 'runner-a': 'active', 'runner-c': 'standby' });
    // runner-c dies without a word: its heartbeat runs out (deleted here, as its TTL would), its index entry stays a while.
    await c.stop();
    await test.redis.zadd(test.keys.projection(projection.name).runners, Date.now() + 600, 'runner-c');
    expect(await roles()).toEqual({ 'runner-a': 'active' });
  });
});
