import ExcelJS from 'exceljs';
import type { ReportTable } from './department-report.table';
import type { ReportSpreadsheetWriter } from './report-spreadsheet.writer';

/** The .xlsx writer over ExcelJS: title, heading lines, a bold column row, then one row per table row. */
export const excelJsSpreadsheetWriter: ReportSpreadsheetWriter = {
  async write(table: ReportTable): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Báo cáo');
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    for (const [label, value] of table.heading) sheet.addRow([label, value]);
    sheet.addRow([]);
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow([row.code, row.label, ...row.values, row.total]);
      if (row.section) added.font = { bold: true };
    }
    sheet.getColumn(1).width = 8;
    sheet.getColumn(2).width = 70;
    for (let c = 3; c <= table.columns.length; c++) sheet.getColumn(c).width = 16;
    return new Uint8Array(await book.xlsx.writeBuffer());
  },
};
