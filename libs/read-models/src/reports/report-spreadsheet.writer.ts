import type { ReportTable } from './department-report.table';

/**
 * Writes the report table as an .xlsx workbook: one sheet, the title and heading lines, then the table with
 * its columns. Kept behind this port so the spreadsheet library is one adapter, chosen by the app.
 */
export interface ReportSpreadsheetWriter {
  write(table: ReportTable): Promise<Uint8Array>;
}

/** Injection token of the ReportSpreadsheetWriter an app provides. */
export const REPORT_SPREADSHEET_WRITER = Symbol('ReportSpreadsheetWriter');

/** The format was asked for, but this installation has no writer for it. */
export class ReportFormatUnavailableError extends Error {
  readonly code = 'format-unavailable';

  constructor(readonly format: string) {
    super(`Định dạng ${format} chưa được hỗ trợ trên hệ thống này; hãy dùng csv hoặc json.`);
    this.name = 'ReportFormatUnavailableError';
  }
}

/** The writer while no spreadsheet library is installed: every .xlsx request is refused, clearly. */
export const unavailableSpreadsheetWriter: ReportSpreadsheetWriter = {
  write: () => Promise.reject(new ReportFormatUnavailableError('xlsx')),
};
