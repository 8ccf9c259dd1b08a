import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, openEngine, type OpenedEngine } from '@kntc/cases';
import { DepartmentReportService, resolveReportWindow } from '@kntc/read-models';
import { assertBuilt, runKntc } from '../cli/kntc-cli';
import { expectedFigures, generateRegister, reportFigures, toJsonl } from './support/historical-register';

const DEPARTMENT = 'so-tnmt';
const register = generateRegister({ seed: 20_260_315, casesPerKind: 18, department: DEPARTMENT, otherDepartment: { id: 'so-xd', cases: 8 } });

let dataDir: string;
let engine: OpenedEngine | undefined;
let reports: DepartmentReportService;
let importOutput: string;

beforeAll(async () => {
  assertBuilt();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-report-'));
  const file = path.join(dataDir, 'register-2026.jsonl');
  fs.writeFileSync(file, toJsonl(register));
  const imported = await runKntc(['import', file], dataDir);
  importOutput = imported.stdout;
  if (imported.code !== 0) throw new Error(`kntc import failed (${imported.code}):\n${imported.stdout}${imported.stderr}`);
  engine = await openEngine(loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_EVENT_STORE: 'sqlite' }));
  // A page size that is no divisor of anything, so the scan crosses many page boundaries.
  reports = new DepartmentReportService(engine.store, engine.workflows, 97);
}, 120_000);

afterAll(async () => {
  await engine?.store.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Paths of the cells (`caseload.received.total`) whose values differ between two sets of figures. */
function differingCells(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b ? [] : [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => differingCells((a as Record<string, unknown>)[key] ?? 0, (b as Record<string, unknown>)[key] ?? 0, at ? `${at}.${key}` : key));
}

describe('a historical register of 2026 imported with kntc import', () => {
  it('is imported line by line through the command bus, none refused', () => {
    expect(importOutput).toContain(`lines read:        ${register.length}`);
    expect(importOutput).toContain(`executed:          ${register.length}`);
    expect(importOutput).toContain('refused:           0');
  });

  it('holds cases of every kind resolved on time and late, withdrawn, terminated, forwarded, rejected, suspended and still open', () => {
    const x = expectedFigures(register, DEPARTMENT, resolveReportWindow({ period: '2026-9M' }));
    const cells = {
      carriedOver: x.caseload.carriedOver.total,
      accepted: x.intake.processed.accepted.total,
      rejected: x.intake.processed.rejected.total,
      forwarded: x.intake.processed.forwarded.total,
      answeredDirectly: x.intake.processed.answered.total,
      withdrawnEarly: x.intake.processed.withdrawn.total,
      awaitingProcessing: x.intake.awaitingProcessing.total,
      right: x.outcomes.decisions.right.total,
      wrong: x.outcomes.decisions.wrong.total,
      withdrawn: x.outcomes.withdrawn.total,
      terminated: x.outcomes.terminated.total,
      reviewed: x.outcomes.reviewed.total,
      resolvedOnTime: x.deadlines.resolvedOnTime.total,
      resolvedLate: x.deadlines.resolvedLate.total,
      notYetDue: x.deadlines.notYetDue.total,
      overdue: x.deadlines.overdue.total,
      paused: x.deadlines.paused.total,
    };
    for (const [cell, value] of Object.entries(cells)) expect({ cell, positive: value > 0 }).toEqual({ cell, positive: true });
    for (const kind of ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const) expect(x.caseload.total.byKind[kind]).toBeGreaterThan(3);
  });
});

describe.each(['2026-Q1', '2026-Q2', '2026-Q3', '2026-9M'])('the %s report of the department', (period) => {
  it('equals, cell by cell, the figures counted independently from the register file', async () => {
    const window = resolveReportWindow({ period });
    const report = await reports.build(DEPARTMENT, window);
    expect(report).toMatchObject({ department: DEPARTMENT, period: { name: period, from: window.from, to: window.to }, asOf: window.to });
    expect(reportFigures(report)).toEqual(expectedFigures(register, DEPARTMENT, window));
  });
});

describe('the 2026-Q2 report as of 01/05/2026, in the middle of the quarter', () => {
  const midQuarter = resolveReportWindow({ period: '2026-Q2', asOf: '2026-05-01' });
  const endOfQuarter = resolveReportWindow({ period: '2026-Q2' });

  it('gives the same figures every time it is asked', async () => {
    const first = await reports.build(DEPARTMENT, midQuarter);
    const second = await reports.build(DEPARTMENT, midQuarter);
    expect(second).toEqual(first);
  });

  it('equals the figures counted from the register as it stood at the end of 01/05/2026', async () => {
    const report = await reports.build(DEPARTMENT, midQuarter);
    expect(report.asOf).toBe('2026-05-01');
    expect(reportFigures(report)).toEqual(expectedFigures(register, DEPARTMENT, midQuarter));
  });

  it('differs from the end-of-quarter report in exactly the cells the register changed after 01/05', async () => {
    const reported = differingCells(reportFigures(await reports.build(DEPARTMENT, midQuarter)), reportFigures(await reports.build(DEPARTMENT, endOfQuarter)));
    const counted = differingCells(expectedFigures(register, DEPARTMENT, midQuarter), expectedFigures(register, DEPARTMENT, endOfQuarter));
    expect(reported.sort()).toEqual(counted.sort());
    expect(reported).toEqual(expect.arrayContaining(['caseload.received.total', 'intake.processed.total.total']));
  });
});

describe.each([
  ['2026-Q1', '2026-03-31', 'competence.accepted.total'],
  ['2026-Q2', '2026-06-30', 'outcomes.decisions.partlyRight.total'],
  ['2026-Q3', '2026-09-30', 'caseload.received.total'],
])('the %s report asked again as of %s, once acts dated in the period were entered late', (period, asOf, changedCell) => {
  const later = resolveReportWindow({ period, asOf });
  const atEnd = resolveReportWindow({ period });

  it('equals the figures counted from the register as it stood then', async () => {
    expect(reportFigures(await reports.build(DEPARTMENT, later))).toEqual(expectedFigures(register, DEPARTMENT, later));
  });

  it(`counts them in the period they are dated in (${changedCell} among the cells that change)`, async () => {
    const reported = differingCells(reportFigures(await reports.build(DEPARTMENT, later)), reportFigures(await reports.build(DEPARTMENT, atEnd)));
    const counted = differingCells(expectedFigures(register, DEPARTMENT, later), expectedFigures(register, DEPARTMENT, atEnd));
    expect(reported.sort()).toEqual(counted.sort());
    expect(reported).toContain(changedCell);
  });
});
