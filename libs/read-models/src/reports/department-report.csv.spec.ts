import { buildDepartmentReport } from './department-report.builder';
import { toCsv } from './department-report.csv';
import { exportDepartmentReport, reportFileStem } from './department-report.export';
import { toReportTable } from './department-report.table';
import { ReportFormatUnavailableError, unavailableSpreadsheetWriter } from './report-spreadsheet.writer';
import { loadReportEngine, ReportHistory } from './testing/report-history';

const { workflows } = loadReportEngine();
const events = new ReportHistory()
  .file('a', 'complaint-first', '2026-03-20')
  .act('a', 'AcceptCase', 'head', '2026-03-23')
  .file('b', 'denunciation', '2026-04-01', { channel: 'post' })
  .act('b', 'WithdrawCase', 'intake', '2026-04-02', { reason: 'Rút tố cáo' })
  .events();
const report = buildDepartmentReport(events, { department: 'so-tnmt', from: '2026-03-15', to: '2026-06-14', asOf: '2026-07-01', periodName: '2026-Q2', workflows });

describe('the report as a CSV file', () => {
  const csv = toCsv(toReportTable(report));
  const lines = csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte order mark so Excel shows Vietnamese, and ends every line with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1)).not.toMatch(/[^\r]\n/);
  });

  it('heads the table with the unit and the dates as dd/mm/yyyy', () => {
    expect(lines.slice(0, 6)).toEqual([
      '"BÁO CÁO TÌNH HÌNH TIẾP NHẬN, XỬ LÝ ĐƠN VÀ GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH"',
      '"Cơ quan, đơn vị",so-tnmt',
      'Kỳ báo cáo,2026-Q2',
      'Từ ngày,15/03/2026',
      'Đến ngày,14/06/2026',
      'Số liệu tính đến hết ngày,01/07/2026',
    ]);
    expect(lines[7]).toBe('Mã,Chỉ tiêu,Khiếu nại lần đầu,Khiếu nại lần hai,Tố cáo,"Kiến nghị, phản ánh",Tổng số');
  });

  it('writes one line per row: sections without figures, figures by kind and their total', () => {
    expect(lines).toContain('I,Tổng hợp vụ việc trong kỳ');
    expect(lines).toContain('2,Tiếp nhận trong kỳ,1,0,1,0,2');
    expect(lines).toContain('7.5,Rút đơn trước khi xử lý,0,0,1,0,1');
    expect(lines).toContain('6.2,Tiếp nhận trong kỳ: qua dịch vụ bưu chính,0,0,1,0,1');
  });

  it('gives a stage row per workflow label, empty where a kind has no stage of that name', () => {
    expect(lines.filter((line) => /^14\.\d+,Đã rút tố cáo,,,1,,1$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^14\.\d+,Đã rút đơn,0,0,,0,0$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^14\.\d+,Không thụ lý,0,0,0,,0$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^14\.\d+,Đã dự thảo quyết định,0,0,,,0$/.test(line))).toHaveLength(1);
  });

  it('keeps a text cell from running as a spreadsheet formula', () => {
    const hostile = toCsv(toReportTable({ ...report, department: '=HYPERLINK("x")' }));
    expect(hostile).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('the report as a downloadable file', () => {
  it('is named after the department, the period and the day the data was taken', async () => {
    const file = await exportDepartmentReport(report, 'csv', unavailableSpreadsheetWriter);
    expect(file).toMatchObject({ contentType: 'text/csv; charset=utf-8', fileName: 'bao-cao-so-tnmt-2026-Q2-den-2026-07-01.csv' });
    expect(Buffer.from(file.body).toString('utf8')).toBe(toCsv(toReportTable(report)));
    expect(reportFileStem({ ...report, department: 'Sở Tài nguyên/Đất đai', period: { name: null, from: '2026-01-01', to: '2026-01-31' }, asOf: '2026-01-31' })).toBe(
      'bao-cao-So-Tai-nguyen-Dat-dai-2026-01-01_2026-01-31',
    );
  });

  it('is refused as xlsx, by name, while no spreadsheet writer is installed', async () => {
    await expect(exportDepartmentReport(report, 'xlsx', unavailableSpreadsheetWriter)).rejects.toBeInstanceOf(ReportFormatUnavailableError);
  });

  it('is the report itself as json', async () => {
    const file = await exportDepartmentReport(report, 'json', unavailableSpreadsheetWriter);
    expect(JSON.parse(Buffer.from(file.body).toString('utf8'))).toEqual(report);
  });
});
