import ExcelJS from 'exceljs';
import { RECEPTION_BOOK_COLUMNS, type BookRow } from '@kntc/cases';
import { formatVn, type LocalDate } from '@kntc/workflow';

/** The reception book as an .xlsx workbook: title, department and period, the Mẫu 03/TCD columns, one row per visit. */
export async function receptionBookXlsx(book: { departmentName: string; from: LocalDate; to: LocalDate; rows: readonly BookRow[] }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sổ tiếp công dân');
  sheet.addRow(['SỔ TIẾP CÔNG DÂN']).font = { bold: true, size: 13 };
  sheet.addRow([book.departmentName]);
  sheet.addRow([`Từ ngày ${formatVn(book.from)} đến ngày ${formatVn(book.to)}`]);
  sheet.addRow([]);
  sheet.addRow([...RECEPTION_BOOK_COLUMNS]).font = { bold: true };
  sheet.addRow(RECEPTION_BOOK_COLUMNS.map((_, i) => `(${i + 1})`));
  for (const row of book.rows) sheet.addRow(row);
  const widths = [6, 12, 32, 18, 50, 12, 14, 24, 10, 32, 24, 24, 24];
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
