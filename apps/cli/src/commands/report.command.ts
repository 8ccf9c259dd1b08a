import { ConfigError, openEngine } from '@kntc/cases';
import {
  DepartmentReportFromFacts,
  DepartmentReportService,
  openReadModelRedis,
  readModelSettings,
  ReadModelKeys,
  ReportFactsBehindError,
  exportDepartmentReport,
  isReportFormat,
  REPORT_FORMATS,
  REPORT_PERIOD_FORMS,
  ReportFormatUnavailableError,
  ReportRequestError,
  resolveReportWindow,
  excelJsSpreadsheetWriter,
  type DepartmentReport,
  type ReportFile,
  type ReportSpreadsheetWriter,
} from '@kntc/read-models';
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

export interface ReportOptions {
  department: string;
  period?: string;
  from?: string;
  to?: string;
  asOf?: string;
  format: string;
  out?: string;
  /** Read the report-facts projection in Redis instead of scanning the store. */
  readModels?: boolean;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Department report for a period (đơn received and processed, cases within competence, stages, outcomes, deadline compliance), ' +
        'computed from the event store alone. JSON on standard output by default; csv and xlsx are written to a file. ' +
        'By default it reads the whole store (exact and independent of Redis, but it takes about 16 s per million events); ' +
        'with --read-models it reads the department\'s cases from the report-facts read model in Redis (REDIS_URL), which a running API or worker keeps.',
    )
    .requiredOption('--department <id>', 'department id, e.g. so-tnmt')
    .option('--period <name>', `official period (TT 01/2024/TT-TTCP data cut-off): ${REPORT_PERIOD_FORMS.join(', ')}`)
    .option('--from <YYYY-MM-DD>', 'first day of the period, with --to, instead of --period')
    .option('--to <YYYY-MM-DD>', 'last day of the period (included)')
    .option('--as-of <YYYY-MM-DD>', 'the data as recorded by the end of this day (default: the last day of the period)')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')}`, 'json')
    .option('--read-models', 'read the report-facts read model in Redis (REDIS_URL) instead of the whole store; fails if it is behind the store')
    .option('--out <file>', 'write the report to this file (default for csv and xlsx: bao-cao-<department>-<period>.<format> here)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  kntc report --department so-tnmt --period 2026-Q1\n' +
        '  kntc report --department so-tnmt --period 2026-9M --as-of 2026-08-01 --format csv --out q3.csv\n' +
        '  kntc report --department so-tnmt --from 2026-01-01 --to 2026-01-31\n' +
        '  REDIS_URL=redis://127.0.0.1:6379 kntc report --department so-tnmt --period 2026-Q1 --read-models',
    )
    .action(async (options: ReportOptions) => {
      const file = await departmentReportFile(options);
      if (options.format === 'json' && options.out === undefined) {
        process.stdout.write(Buffer.from(file.body));
        return;
      }
      const target = path.resolve(options.out ?? file.fileName);
      try {
        fs.writeFileSync(target, file.body);
      } catch (error) {
        throw new UsageError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      process.stdout.write(`${target}\n`);
    });
}

function readSettings(): ReturnType<typeof readModelSettings> {
  try {
    return readModelSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The report rendered in the asked format; bad options are the operator's input (exit code 2). */
export async function departmentReportFile(options: ReportOptions, spreadsheets: ReportSpreadsheetWriter = excelJsSpreadsheetWriter): Promise<ReportFile> {
  if (!isReportFormat(options.format)) throw new UsageError(`--format: "${options.format}" is not one of ${REPORT_FORMATS.join(', ')}`);
  const format = options.format;
  let window;
  try {
    window = resolveReportWindow({ period: options.period, from: options.from, to: options.to, asOf: options.asOf });
  } catch (error) {
    if (error instanceof ReportRequestError) throw new UsageError(`--${error.field === 'asOf' ? 'as-of' : error.field}: ${error.message}`);
    throw error;
  }
  const config = readConfig();
  if (options.readModels === true && config.redisUrl === undefined) throw new UsageError('--read-models: REDIS_URL is not set: the read models live in Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
  const settings = options.readModels === true ? readSettings() : undefined;
  const engine = await openEngine(config);
  let report: DepartmentReport;
  try {
    if (settings !== undefined) {
      const redis = openReadModelRedis(config.redisUrl!, (message) => process.stderr.write(`kntc: ${message}\n`));
      try {
        const reports = new DepartmentReportFromFacts({ store: engine.store, redis, keys: new ReadModelKeys(settings.keyRoot), workflows: engine.workflows, waitTimeoutMs: settings.waitTimeoutMs });
        report = await reports.build(options.department, window);
      } catch (error) {
        if (error instanceof ReportFactsBehindError) throw new UsageError(`--read-models: ${error.message}; start the worker (or the API) to bring it up to date, or leave out --read-models to read the store`);
        throw error;
      } finally {
        redis.disconnect();
      }
    } else {
      report = await new DepartmentReportService(engine.store, engine.workflows).build(options.department, window);
    }
  } finally {
    await engine.store.close();
  }
  try {
    return await exportDepartmentReport(report, format, spreadsheets);
  } catch (error) {
    if (error instanceof ReportFormatUnavailableError) throw new UsageError(`--format ${error.format}: not available in this installation; use ${REPORT_FORMATS.filter((f) => f !== error.format).join(' or ')}`);
    throw error;
  }
}
