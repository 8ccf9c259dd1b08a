import type { Actor } from '@kntc/domain';
import {
  createProjections,
  DeadlineStatusPolicy,
  DEPARTMENT_CASES_PROJECTION,
  DepartmentCasesQueries,
  ProjectionRunner,
  readActiveBuild,
  type Projection,
  type RunnerHeartbeat,
} from '@kntc/read-models';
import { ManualClock } from '@kntc/cases';
import { CaseHistoryGenerator } from './support/case-history.generator';
import { dumpPrefix, eventually, executeSteps, loadEngineFiles, openTestStore, TestRedis, type TestStore } from './support/read-model-fixtures';

jest.setTimeout(60_000);

const TUNING = { batchSize: 40, batchWindowMs: 10, leaseTtlMs: 600, standbyRetryMs: 50, idleCheckMs: 20 };
const SUPERVISOR: Actor = { id: 'supervisor', role: 'supervisor', department: 'thanh-tra-tinh' };

describe('a projection whose version changes', () => {
  const files = loadEngineFiles();
  let test: TestRedis;
  let sqlite: TestStore;
  let queries: DepartmentCasesQueries;
  const runners: ProjectionRunner[] = [];

  const departmentCases = (version: number): Projection =>
    createProjections(files, { [DEPARTMENT_CASES_PROJECTION]: version }).find((p) => p.name === DEPARTMENT_CASES_PROJECTION)!;
  const runner = (projection: Projection, extra: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {}): ProjectionRunner => {
    const r = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection, tuning: TUNING, ...extra });
    runners.push(r);
    return r;
  };
  const keys = () => test.keys.projection(DEPARTMENT_CASES_PROJECTION);
  const active = async () => readActiveBuild(test.redis, keys());
  const listAll = () => queries.list(SUPERVISOR, { offset: 0, limit: 1000 });
  const caughtUp = async (build: string) => {
    const a = await active();
    return a?.build === build && a.position === (await sqlite.store.headPosition());
  };

  beforeEach(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    queries = new DepartmentCasesQueries(test.redis, test.keys, new DeadlineStatusPolicy(files.calendar, new ManualClock(new Date('2025-09-01T02:00:00Z'))));
    await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 21 }).cases(30));
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await sqlite.cleanup();
    await test.cleanup();
  });

  it('rebuilds the new version beside the old one, which keeps answering until the new one has caught up', async () => {
    runner(departmentCases(1)).start();
    await eventually(() => caughtUp('v1'), 'v1 caught up');
    const before = await listAll();
    expect(before.total).toBe(30);

    let commits = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    runner(departmentCases(2), {
      beforeCommit: async () => {
        commits += 1;
        if (commits > 1) await gate;
      },
    }).start();
    await eventually(async () => (await test.redis.get(keys().build('v2').checkpoint)) !== null, 'v2 has written its first batch');

    // v2 is half built: queries still answer from v1, which keeps following new events.
    expect((await active())?.build).toBe('v1');
    expect(await listAll()).toEqual(before);
    const live = await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 22 }).cases(1));
    await eventually(async () => (await active())?.position === BigInt(live), 'v1 applied the new case');
    const during = await listAll();
    expect(during.total).toBe(31);
    expect((await active())?.build).toBe('v1');

    release();
    await eventually(() => caughtUp('v2'), 'v2 caught up and took over');
    const after = await listAll();
    expect(after.items).toEqual(during.items);
    expect(after.total).toBe(31);
    await eventually(async () => Object.keys(await dumpPrefix(test.redis, keys().build('v1').prefix)).length === 0, 'the keys of v1 are deleted');
    expect(await test.redis.smembers(keys().builds)).toEqual(['v2']);
    await eventually(async () => {
      const beats = await Promise.all(runners.map((r) => test.redis.get(keys().runner(r.runnerId))));
      return (JSON.parse(beats[0] ?? '{}') as RunnerHeartbeat).role === 'obsolete';
    }, 'the v1 runner stands aside');
  });

  it('rebuilds the same version into a fresh generation on request, key for key, and the follower moves to it', async () => {
    runner(departmentCases(1)).start();
    await eventually(() => caughtUp('v1'), 'v1 caught up');
    const v1 = await dumpPrefix(test.redis, keys().build('v1').prefix);

    const progress: bigint[] = [];
    await new ProjectionRunner({
      store: sqlite.store,
      redis: test.redis,
      keys: test.keys,
      projection: departmentCases(1),
      tuning: TUNING,
      mode: 'rebuild',
      onProgress: (p) => progress.push(p.position),
    }).run();

    expect((await active())?.build).toBe('v1-r1');
    expect(progress.length).toBeGreaterThan(1);
    expect(await dumpPrefix(test.redis, keys().build('v1-r1').prefix)).toEqual(v1);
    expect(Object.keys(await dumpPrefix(test.redis, keys().build('v1').prefix))).toHaveLength(0);

    const live = await executeSteps(sqlite.store, files, new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 23 }).cases(1));
    await eventually(async () => (await active())?.position === BigInt(live), 'the follower applies new events to v1-r1');
    expect((await listAll()).total).toBe(31);
  });
});
