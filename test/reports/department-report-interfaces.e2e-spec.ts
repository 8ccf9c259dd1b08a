import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TokenService } from '@kntc/auth';
import { loadConfig, openEngine } from '@kntc/cases';
import { resolveReportWindow, type DepartmentReport } from '@kntc/read-models';
import { ApiModule } from '../../apps/api/src/api.module';
import { Command } from 'commander';
import { departmentReportFile, registerReportCommand } from '../../apps/cli/src/commands/report.command';
import { UsageError } from '../../apps/cli/src/shared/cli-errors';
import { assertBuilt, runKntc } from '../cli/kntc-cli';
import { expectedFigures, generateRegister, reportFigures, toJsonl } from './support/historical-register';

const DEPARTMENT = 'so-tnmt';
const USERS_FILE = path.join(__dirname, '..', 'e2e', 'support', 'users.yaml');
const register = generateRegister({ seed: 7, casesPerKind: 6, department: DEPARTMENT, otherDepartment: { id: 'so-xd', cases: 4 } });

let dataDir: string;
let app: INestApplication | undefined;
let baseUrl: string;
let tokens: TokenService;

beforeAll(async () => {
  assertBuilt();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-report-api-'));
  const file = path.join(dataDir, 'register.jsonl');
  fs.writeFileSync(file, toJsonl(register));
  const imported = await runKntc(['import', file], dataDir);
  if (imported.code !== 0) throw new Error(`kntc import failed (${imported.code}):\n${imported.stdout}${imported.stderr}`);

  const config = loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_EVENT_STORE: 'sqlite', KNTC_USERS_FILE: USERS_FILE, PORT: '0' });
  const engine = await openEngine(config);
  // The API as main.ts composes it (ApiModule imports ReportsModule).
  @Module({ imports: [ApiModule.register(engine, config, { logLevel: 'silent' })] })
  class ReportsTestModule {}
  try {
    app = await NestFactory.create(ReportsTestModule, { logger: false, abortOnError: false });
  } catch (error) {
    await engine.store.close();
    throw error;
  }
  app.setGlobalPrefix('api');
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  tokens = app.get(TokenService);
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(urlPath: string, user?: string): Promise<{ status: number; headers: Headers; text: string; body: unknown }> {
  const response = await fetch(`${baseUrl}${urlPath}`, { headers: user ? { authorization: `Bearer ${tokens.issue(user).token}` } : {} });
  // Decoded keeping a byte order mark: Response.text() would drop the one the CSV must carry.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A CSV download: keep the text.
  }
  return { status: response.status, headers: response.headers, text, body };
}

describe('GET /api/reports/departments/:id', () => {
  it('answers the head of the department with the figures counted from the register', async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q2&asOf=2026-07-31`, 'tnmt-head');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ department: DEPARTMENT, period: { name: '2026-Q2', from: '2026-03-15', to: '2026-06-14' }, asOf: '2026-07-31' });
    expect(reportFigures(answer.body as DepartmentReport)).toEqual(expectedFigures(register, DEPARTMENT, resolveReportWindow({ period: '2026-Q2', asOf: '2026-07-31' })));
  });

  it('answers a supervisor for any department, for a period given by its dates', async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?from=2026-01-01&to=2026-06-30`, 'supervisor');
    expect(answer.status).toBe(200);
    expect(reportFigures(answer.body as DepartmentReport)).toEqual(expectedFigures(register, DEPARTMENT, { from: '2026-01-01', to: '2026-06-30', asOf: '2026-06-30' }));
  });

  it("hides another department's report from its officers: 404 problem+json", async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q2`, 'xd-head');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'department-not-found' });
  });

  it('is refused to roles without the report.read permission', async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q2`, 'tnmt-inspector');
    expect(answer).toMatchObject({ status: 403, body: { code: 'permission-denied' } });
  });

  it('asks for a token', async () => {
    expect((await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q2`)).status).toBe(401);
  });

  it.each([
    ['period=2026-Q5', 'invalid-period', 'period'],
    ['period=2026-Q1&from=2026-01-01', 'invalid-period', 'period'],
    ['from=2026-01-01', 'invalid-period', 'to'],
    ['from=2026-06-01&to=2026-05-01', 'invalid-period', 'to'],
    ['from=2026-02-30&to=2026-03-31', 'invalid-date', 'from'],
    ['period=2026-Q2&asOf=14/06/2026', 'invalid-date', 'asOf'],
    ['period=2026-Q2&asOf=2026-01-01', 'invalid-date', 'asOf'],
    ['period=2026-Q2&asOf=2026-06-01&asOf=2026-06-02', 'invalid-date', 'asOf'],
    ['period=2026-Q2&format=pdf', 'invalid-format', 'format'],
  ])('refuses ?%s with 400 %s', async (query, code, field) => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?${query}`, 'supervisor');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, code, field });
  });

  it('refuses a parameter it does not know rather than ignore it (a mistyped asOf would change the figures)', async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q2&as_of=2026-05-01`, 'supervisor');
    expect(answer).toMatchObject({ status: 400, body: { code: 'unknown-parameter' } });
  });

  it('downloads a CSV file: UTF-8 with a byte order mark, dates as dd/mm/yyyy', async () => {
    const answer = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-9M&format=csv`, 'tnmt-director');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-so-tnmt-2026-9M.csv"');
    expect(answer.text.charCodeAt(0)).toBe(0xfeff);
    expect(answer.text).toContain('Từ ngày,15/12/2025\r\nĐến ngày,14/09/2026\r\n');
    const received = expectedFigures(register, DEPARTMENT, resolveReportWindow({ period: '2026-9M' })).caseload.received;
    const kinds = ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const;
    expect(answer.text).toContain(`\r\n2,Tiếp nhận trong kỳ,${kinds.map((k) => received.byKind[k]).join(',')},${received.total}\r\n`);
  });

  it('downloads an XLSX workbook holding the same figures as the CSV', async () => {
    const response = await fetch(`${baseUrl}/api/reports/departments/${DEPARTMENT}?period=2026-9M&format=xlsx`, {
      headers: { authorization: `Bearer ${tokens.issue('supervisor').token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-so-tnmt-2026-9M.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const received = expectedFigures(register, DEPARTMENT, resolveReportWindow({ period: '2026-9M' })).caseload.received;
    const kinds = ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const;
    const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === '2')!;
    expect([3, 4, 5, 6, 7].map((c) => row.getCell(c).value)).toEqual([...kinds.map((k) => received.byKind[k]), received.total]);
  });
});

describe('kntc report', () => {
  // The command reads its configuration from the environment, as `kntc` does.
  const saved = { dataDir: process.env['KNTC_DATA_DIR'], store: process.env['KNTC_EVENT_STORE'] };
  beforeAll(() => {
    process.env['KNTC_DATA_DIR'] = dataDir;
    process.env['KNTC_EVENT_STORE'] = 'sqlite';
  });
  afterAll(() => {
    for (const [name, value] of [['KNTC_DATA_DIR', saved.dataDir], ['KNTC_EVENT_STORE', saved.store]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** `kntc report <args>` through its commander definition; what it prints on standard output. */
  async function kntcReport(args: string[]): Promise<string> {
    const program = new Command('kntc').exitOverride();
    registerReportCommand(program);
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(Buffer.from(chunk).toString('utf8'));
      return true;
    });
    try {
      await program.parseAsync(['node', 'kntc', 'report', ...args]);
    } finally {
      write.mockRestore();
    }
    return printed.join('');
  }

  it('prints JSON by default and writes csv to --out, with --as-of read as asOf', async () => {
    const printed = await kntcReport(['--department', DEPARTMENT, '--period', '2026-Q2', '--as-of', '2026-05-01']);
    const report = JSON.parse(printed) as DepartmentReport;
    expect(report.asOf).toBe('2026-05-01');
    expect(reportFigures(report)).toEqual(expectedFigures(register, DEPARTMENT, resolveReportWindow({ period: '2026-Q2', asOf: '2026-05-01' })));

    const out = path.join(dataDir, 'q2.csv');
    expect(await kntcReport(['--department', DEPARTMENT, '--period', '2026-Q2', '--format', 'csv', '--out', out])).toBe(`${out}\n`);
    expect(fs.readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('prints the same report as the API', async () => {
    const file = await departmentReportFile({ department: DEPARTMENT, period: '2026-Q3', format: 'json' });
    const api = await get(`/api/reports/departments/${DEPARTMENT}?period=2026-Q3`, 'supervisor');
    expect(file.fileName).toBe('bao-cao-so-tnmt-2026-Q3.json');
    expect(JSON.parse(Buffer.from(file.body).toString('utf8'))).toEqual(api.body);
  });

  it('renders the CSV the API downloads', async () => {
    const file = await departmentReportFile({ department: DEPARTMENT, from: '2026-01-01', to: '2026-03-31', asOf: '2026-04-30', format: 'csv' });
    const api = await get(`/api/reports/departments/${DEPARTMENT}?from=2026-01-01&to=2026-03-31&asOf=2026-04-30&format=csv`, 'supervisor');
    expect(file.fileName).toBe('bao-cao-so-tnmt-2026-01-01_2026-03-31-den-2026-04-30.csv');
    expect(Buffer.from(file.body).toString('utf8')).toBe(api.text);
  });

  it.each([
    [{ period: '2026-13M' }, /^--period: /],
    [{ from: '2026-01-01', to: '2026-13-01' }, /^--to: /],
    [{ period: '2026-Q1', asOf: '2025-01-01' }, /^--as-of: /],
    [{ period: '2026-Q1', format: 'pdf' }, /^--format: /],
  ])('refuses %j as a usage error naming the option', async (options, message) => {
    const run = departmentReportFile({ department: DEPARTMENT, format: 'json', ...options });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(message);
  });
});
