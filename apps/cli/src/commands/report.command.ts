import { openEngine } from '@kntc/cases';
import {
  DepartmentReportService,
  exportDepartmentReport,
  isReportFormat,
  REPORT_FORMATS,
  REPORT_PERIOD_FORMS,
  ReportFormatUnavailableError,
  ReportRequestError,
  resolveReportWindow,
  excelJsSpreadsheetWriter,
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
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Department report for a period (đơn received and processed, cases within competence, stages, outcomes, deadline compliance), ' +
        'computed from the event store alone. JSON on standard output by default; csv and xlsx are written to a file.',
    )
    .requiredOption('--department <id>', 'department id, e.g. so-tnmt')
    .option('--period <name>', `official period (TT 01/2024/TT-TTCP data cut-off): ${REPORT_PERIOD_FORMS.join(', ')}`)
    .option('--from <YYYY-MM-DD>', 'first day of the period, with --to, instead of --period')
    .option('--to <YYYY-MM-DD>', 'last day of the period (included)')
    .option('--as-of <YYYY-MM-DD>', 'the data as recorded by the end of this day (default: the last day of the period)')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')}`, 'json')
    .option('--out <file>', 'write the report to this file (default for csv and xlsx: bao-cao-<department>-<period>.<format> here)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  kntc report --department so-tnmt --period 2026-Q1\n' +
        '  kntc report --department so-tnmt --period 2026-9M --as-of 2026-08-01 --format csv --out q3.csv\n' +
        '  kntc report --department so-tnmt --from 2026-01-01 --to 2026-01-31',
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
  const engine = await openEngine(readConfig());
  let report;
  try {
    report = await new DepartmentReportService(engine.store, engine.workflows).build(options.department, window);
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
