import type { ReportTable } from './department-report.table';

/** Excel reads a CSV as UTF-8, so Vietnamese shows, only when the file starts with a byte order mark. */
const BOM = '\uFEFF';

/**
 * The table as CSV (RFC 4180: comma-separated, CRLF, quoted where needed), UTF-8 with a byte order mark:
 * the title, the heading lines, a blank line, then the column header and one line per row.
 */
export function toCsv(table: ReportTable): string {
  const lines: string[][] = [[table.title], ...table.heading.map(([label, value]) => [label, value]), [], table.columns];
  for (const row of table.rows) {
    lines.push([row.code, row.label, ...(row.section ? [] : [...row.values, row.total].map((v) => (v === null ? '' : String(v))))]);
  }
  return BOM + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection); numbers never start so here.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
