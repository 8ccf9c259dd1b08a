import { ExecuteCaseCommand, ExecuteCaseCommandHandler, ManualClock, parseCaseCommand } from '@kntc/cases';
import type { Actor, CaseCommand } from '@kntc/domain';
import { SqliteEventStore } from '@kntc/event-store';
import {
  DepartmentReportFromFacts,
  DepartmentReportService,
  readActiveBuild,
  REPORT_FACTS_PROJECTION,
  ReportFactsBehindError,
  ReportFactsProjection,
  ProjectionRunner,
  reportFactsKeys,
  resolveReportWindow,
  type DepartmentReport,
  type ReportWindow,
} from '@kntc/read-models';
import { departmentReportFile } from '../../apps/cli/src/commands/report.command';
import { eventually, loadEngineFiles, TestRedis } from '../read-models/support/read-model-fixtures';
import { generateStore } from '../read-models/support/generate-store';
import { CaseHistoryGenerator } from '../read-models/support/case-history.generator';
import { generateRegister, type RegisterLine } from './support/historical-register';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(180_000);

/** About 3,500 generated cases across three departments, received from 2025-01-02 over 600 days. */
const EVENTS = 30_000;
const DEPARTMENTS = ['so-tnmt', 'so-xd', 'thanh-tra-tinh'];

/** Periods and asOf dates, asOf before, inside and after each period, so states as of past days are compared. */
const WINDOWS: ReportWindow[] = [
  resolveReportWindow({ period: '2025-Q1' }),
  resolveReportWindow({ period: '2025-Q3' }),
  resolveReportWindow({ period: '2025-Q3', asOf: '2025-08-15' }),
  resolveReportWindow({ period: '2025-year' }),
  resolveReportWindow({ period: '2025-year', asOf: '2026-06-30' }),
  resolveReportWindow({ period: '2026-6M' }),
  resolveReportWindow({ period: '2026-Q2', asOf: '2026-05-02' }),
  resolveReportWindow({ from: '2025-01-01', to: '2026-12-31' }),
  resolveReportWindow({ from: '2026-03-01', to: '2026-10-31', asOf: '2026-04-10' }),
];

/** Runs the register's lines through the real command handler, as `kntc import` does: acts dated before they were recorded. */
async function importRegister(store: SqliteEventStore, lines: RegisterLine[]): Promise<void> {
  const files = loadEngineFiles();
  const handler = new ExecuteCaseCommandHandler(store, files.workflows, files.calendar, new ManualClock(new Date('2026-11-01T00:00:00Z')));
  for (const line of lines) {
    const command = parseCaseCommand(line.command as CaseCommand['type'], line.caseId, line.payload);
    await handler.execute(
      new ExecuteCaseCommand(command, {
        actor: line.actor as Actor,
        principal: { id: 'importer', role: 'importer' },
        idempotencyKey: line.idempotencyKey,
        occurredAt: new Date(Date.parse(line.occurredAt)).toISOString(),
      }),
    );
  }
}

describe('department reports from the report-facts projection', () => {
  const files = loadEngineFiles();
  let dir: string;
  let store: SqliteEventStore;
  let test: TestRedis;
  let runner: ProjectionRunner;
  let fromFacts: DepartmentReportFromFacts;
  let scan: DepartmentReportService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-report-facts-'));
    const file = path.join(dir, 'events.sqlite');
    generateStore(file, EVENTS);
    store = SqliteEventStore.open(file, { synchronous: 'NORMAL', pollIntervalMs: 20 });
    // A register imported after the fact: its acts carry document dates before the day they were recorded.
    await importRegister(store, generateRegister({ seed: 7_2026, casesPerKind: 12, department: 'so-tnmt', otherDepartment: { id: 'so-xd', cases: 6 } }));
    test = new TestRedis();
    runner = new ProjectionRunner({ store, redis: test.redis, keys: test.keys, projection: new ReportFactsProjection(files.workflows), tuning: { batchWindowMs: 5 } });
    runner.start();
    const head = await store.headPosition();
    await eventually(async () => (await readActiveBuild(test.redis, test.keys.projection(REPORT_FACTS_PROJECTION)))?.position === head, 'the report facts caught up', 120_000);
    // Small pages, so a department's hash is read in many HSCAN pages.
    fromFacts = new DepartmentReportFromFacts({ store, redis: test.redis, keys: test.keys, workflows: files.workflows, pageSize: 37 });
    scan = new DepartmentReportService(store, files.workflows, 997);
  });

  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await test?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(DEPARTMENTS.flatMap((department) => WINDOWS.map((window) => [department, window] as const)))(
    'equal the full scan of the store, cell by cell: %s %j',
    async (department, window) => {
      const [projected, scanned] = await Promise.all([fromFacts.build(department, window), scan.build(department, window)]);
      expect(projected).toEqual(scanned);
      // The comparison means something: the department has cases in the window.
      expect(scanned.caseload.total.total + scanned.caseload.carriedOver.total).toBeGreaterThan(0);
    },
  );

  it('reads only the asked department: one hash of about a third of the cases', async () => {
    const active = (await readActiveBuild(test.redis, test.keys.projection(REPORT_FACTS_PROJECTION)))!;
    const keys = reportFactsKeys(active.keys);
    const sizes = await Promise.all(DEPARTMENTS.map((department) => test.redis.hlen(keys.facts(department))));
    const cases = await test.redis.hlen(keys.cursors);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(cases);
    for (const size of sizes) expect(size).toBeLessThan(cases / 2);
  });

  it('does not wait for events of other streams, which the projection never reads (a user\'s inbox read marks)', async () => {
    const head = await store.headPosition();
    await eventually(async () => (await readActiveBuild(test.redis, test.keys.projection(REPORT_FACTS_PROJECTION)))?.position === head, 'the report facts caught up');
    await store.append('inbox-tnmt-head', [{ id: randomUUID(), type: 'InboxItemRead', schemaVersion: 1, data: { itemId: 'x' }, metadata: {} }], 'any');
    const quick = new DepartmentReportFromFacts({ store, redis: test.redis, keys: test.keys, workflows: files.workflows, waitTimeoutMs: 300 });
    expect(await quick.build('so-tnmt', WINDOWS[0]!)).toEqual(await scan.build('so-tnmt', WINDOWS[0]!));
  });

  it('is what `kntc report --read-models` writes, the same as `kntc report` reading the store', async () => {
    const saved = { KNTC_DATA_DIR: process.env['KNTC_DATA_DIR'], KNTC_EVENT_STORE: process.env['KNTC_EVENT_STORE'], KNTC_REDIS_PREFIX: process.env['KNTC_REDIS_PREFIX'] };
    Object.assign(process.env, { KNTC_DATA_DIR: dir, KNTC_EVENT_STORE: 'sqlite', KNTC_REDIS_PREFIX: test.keys.root });
    try {
      const options = { department: 'so-xd', period: '2025-year', asOf: '2025-10-01', format: 'json' };
      const viaFacts = JSON.parse(Buffer.from((await departmentReportFile({ ...options, readModels: true })).body).toString('utf8')) as DepartmentReport;
      const viaScan = JSON.parse(Buffer.from((await departmentReportFile(options)).body).toString('utf8')) as DepartmentReport;
      expect(viaFacts).toEqual(viaScan);
      expect(viaScan.caseload.received.total).toBeGreaterThan(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('answers read-model-behind when the projection has not reached the store head within the wait', async () => {
    await runner.stop();
    try {
      const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 99, departments: ['so-xd'] });
      const [filing] = generator.nextCase();
      const handler = new ExecuteCaseCommandHandler(store, files.workflows, files.calendar, new ManualClock(new Date('2026-11-01T00:00:00Z')));
      await handler.execute(new ExecuteCaseCommand(filing!.command, { actor: filing!.actor, principal: { id: 'importer', role: 'importer' }, idempotencyKey: filing!.idempotencyKey, occurredAt: filing!.occurredAt }));
      const behind = new DepartmentReportFromFacts({ store, redis: test.redis, keys: test.keys, workflows: files.workflows, waitTimeoutMs: 100 });
      await expect(behind.build('so-xd', WINDOWS[0]!)).rejects.toBeInstanceOf(ReportFactsBehindError);
    } finally {
      runner = new ProjectionRunner({ store, redis: test.redis, keys: test.keys, projection: new ReportFactsProjection(files.workflows), tuning: { batchWindowMs: 5 } });
      runner.start();
    }
    const head = await store.headPosition();
    await eventually(async () => (await readActiveBuild(test.redis, test.keys.projection(REPORT_FACTS_PROJECTION)))?.position === head, 'the report facts caught up again');
    const caughtUp = new DepartmentReportFromFacts({ store, redis: test.redis, keys: test.keys, workflows: files.workflows });
    expect(await caughtUp.build('so-xd', WINDOWS[7]!)).toEqual(await scan.build('so-xd', WINDOWS[7]!));
  });
});
