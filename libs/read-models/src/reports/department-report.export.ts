import { toCsv } from './department-report.csv';
import { toReportTable } from './department-report.table';
import type { DepartmentReport } from './department-report.types';
import type { ReportSpreadsheetWriter } from './report-spreadsheet.writer';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** A report rendered as a file, for an HTTP download or `kntc report --out`. */
export interface ReportFile {
  contentType: string;
  /** ASCII only, safe in a Content-Disposition header and on every file system. */
  fileName: string;
  body: Uint8Array;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function exportDepartmentReport(report: DepartmentReport, format: ReportFormat, spreadsheets: ReportSpreadsheetWriter): Promise<ReportFile> {
  let body: Uint8Array;
  switch (format) {
    case 'json':
      body = Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
      break;
    case 'csv':
      body = Buffer.from(toCsv(toReportTable(report)), 'utf8');
      break;
    case 'xlsx':
      body = await spreadsheets.write(toReportTable(report));
      break;
    default: {
      const unknown: never = format;
      throw new Error(`unknown report format ${String(unknown)}`);
    }
  }
  return { contentType: CONTENT_TYPES[format], fileName: `${reportFileStem(report)}.${format}`, body };
}

/** bao-cao-<department>-<period name or from_to>[-den-<asOf>] */
export function reportFileStem(report: DepartmentReport): string {
  const { department, period, asOf } = report;
  const unit = department.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'don-vi';
  const span = period.name ?? `${period.from}_${period.to}`;
  return `bao-cao-${unit}-${span}${asOf !== period.to ? `-den-${asOf}` : ''}`;
}
