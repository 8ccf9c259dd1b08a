import type { ReceiptChannel } from '@kntc/domain';
import { formatVn } from '@kntc/workflow';
import type { Counts, DepartmentReport } from './department-report.types';
import { donRows, receptionRows } from './don-report.table';

/** The report as the table civil servants read and sign: what the CSV and XLSX files hold. */
export interface ReportTable {
  title: string;
  /** Label and value lines above the table (unit, period, dates as dd/mm/yyyy). */
  heading: Array<[label: string, value: string]>;
  /** Mã, Chỉ tiêu, one column per case kind, Tổng số. */
  columns: string[];
  rows: ReportTableRow[];
}

export interface ReportTableRow {
  code: string;
  label: string;
  /** A section heading carries no figures. */
  section: boolean;
  /** One per case kind, in `DepartmentReport.kinds` order; null where the row does not exist for the kind. */
  values: Array<number | null>;
  total: number | null;
}

export const REPORT_TITLE = 'BÁO CÁO TÌNH HÌNH TIẾP NHẬN, XỬ LÝ ĐƠN VÀ GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH';

const CHANNEL_LABELS: Record<ReceiptChannel, string> = {
  'in-person': 'Trực tiếp',
  post: 'Qua dịch vụ bưu chính',
  online: 'Trực tuyến',
  referral: 'Do cơ quan, tổ chức, cá nhân chuyển đến',
};

/** Lays the report out in rows; every figure is a cell of DepartmentReport, defined there. */
export function toReportTable(report: DepartmentReport): ReportTable {
  const kinds = report.kinds.map((k) => k.kind);
  const rows: ReportTableRow[] = [];
  const section = (code: string, label: string) => rows.push({ code, label, section: true, values: [], total: null });
  const row = (code: string, label: string, counts: Counts) =>
    rows.push({ code, label, section: false, values: kinds.map((kind) => counts.byKind[kind] ?? 0), total: counts.total });

  const { caseload, intake, competence, outcomes, deadlines } = report;
  section('I', 'Tổng hợp vụ việc trong kỳ');
  row('1', 'Kỳ trước chuyển sang (chưa kết thúc đầu kỳ)', caseload.carriedOver);
  row('2', 'Tiếp nhận trong kỳ', caseload.received);
  row('3', 'Tổng số (3 = 1 + 2)', caseload.total);
  row('4', 'Đã kết thúc', caseload.ended);
  row('5', 'Chưa kết thúc cuối kỳ (5 = 3 - 4)', caseload.open);

  section('II', 'Tiếp nhận, xử lý đơn');
  (Object.keys(CHANNEL_LABELS) as ReceiptChannel[]).forEach((channel, i) =>
    row(`6.${i + 1}`, `Tiếp nhận trong kỳ: ${CHANNEL_LABELS[channel].toLowerCase()}`, intake.receivedByChannel[channel]),
  );
  row('7', 'Đã xử lý trong kỳ (7 = 7.1 + ... + 7.5)', intake.processed.total);
  row('7.1', 'Thụ lý, tiếp nhận xử lý', intake.processed.accepted);
  row('7.2', 'Không thụ lý, trả lại đơn', intake.processed.rejected);
  row('7.3', 'Chuyển đơn đến cơ quan có thẩm quyền', intake.processed.forwarded);
  row('7.4', 'Trả lời công dân', intake.processed.answered);
  row('7.5', 'Rút đơn trước khi xử lý', intake.processed.withdrawn);
  row('8', 'Chưa xử lý cuối kỳ', intake.awaitingProcessing);

  section('III', 'Vụ việc thuộc thẩm quyền (đã thụ lý)');
  row('9', 'Kỳ trước chuyển sang', competence.carriedOver);
  row('10', 'Thụ lý mới trong kỳ', competence.accepted);
  row('11', 'Tổng số (11 = 9 + 10)', competence.total);
  row('12', 'Đã giải quyết xong (12 = 12.1 + ... + 12.5)', competence.settled.total);
  row('12.1', 'Ban hành quyết định giải quyết, kết luận nội dung tố cáo', competence.settled.decided);
  row('12.2', 'Trả lời công dân', competence.settled.answered);
  row('12.3', 'Chuyển đơn', competence.settled.forwarded);
  row('12.4', 'Rút đơn', competence.settled.withdrawn);
  row('12.5', 'Đình chỉ giải quyết', competence.settled.terminated);
  row('13', 'Chưa giải quyết xong cuối kỳ (13 = 11 - 12)', competence.unsettled);

  section('IV', 'Vụ việc theo bước xử lý cuối kỳ (của dòng 3)');
  stageRows(report).forEach((stage, i) => rows.push({ code: `14.${i + 1}`, label: stage.label, section: false, values: stage.values, total: stage.total }));

  section('V', 'Kết quả giải quyết trong kỳ');
  row('15', 'Quyết định giải quyết, kết luận đã ban hành', outcomes.decisions.total);
  row('15.1', 'Đúng', outcomes.decisions.right);
  row('15.2', 'Đúng một phần', outcomes.decisions.partlyRight);
  row('15.3', 'Sai', outcomes.decisions.wrong);
  row('16', 'Trả lời công dân', outcomes.answered);
  row('17', 'Rút đơn', outcomes.withdrawn);
  row('18', 'Đình chỉ giải quyết', outcomes.terminated);
  row('19', 'Kiểm tra, xem xét lại', outcomes.reviewed);

  section('VI', 'Thực hiện thời hạn giải quyết');
  row('20', 'Giải quyết đúng hạn', deadlines.resolvedOnTime);
  row('21', 'Giải quyết quá hạn', deadlines.resolvedLate);
  row('22', 'Dừng giải quyết do rút đơn, đình chỉ', deadlines.withdrawnOrTerminated);
  row('23', 'Chuyển đơn, trả lại đơn', deadlines.forwardedOrReturned);
  row('24', 'Đang giải quyết, chưa đến hạn', deadlines.notYetDue);
  row('25', 'Đã đến hạn mà chưa giải quyết (quá hạn)', deadlines.overdue);
  row('26', 'Đang tạm đình chỉ', deadlines.paused);

  if (report.reception !== undefined) rows.push(...receptionRows(report.reception, kinds.length));
  if (report.dons !== undefined) rows.push(...donRows(report.dons, kinds.length));

  return {
    title: REPORT_TITLE,
    heading: [
      ['Cơ quan, đơn vị', report.department],
      ['Kỳ báo cáo', report.period.name ?? 'Theo khoảng ngày'],
      ['Từ ngày', formatVn(report.period.from)],
      ['Đến ngày', formatVn(report.period.to)],
      ['Số liệu tính đến hết ngày', formatVn(report.asOf)],
    ],
    columns: ['Mã', 'Chỉ tiêu', ...report.kinds.map((k) => k.name), 'Tổng số'],
    rows,
  };
}

/**
 * One row per stage label across the kinds, in the order the workflows list them: kinds that name a stage
 * alike share the row ("Không thụ lý"), a stage named for one kind only ("Đã rút tố cáo") has its own.
 */
function stageRows(report: DepartmentReport): Array<{ label: string; values: Array<number | null>; total: number }> {
  const labels: string[] = [];
  for (const { kind } of report.kinds) {
    for (const { label } of report.stages[kind] ?? []) if (!labels.includes(label)) labels.push(label);
  }
  return labels.map((label) => {
    const values = report.kinds.map(({ kind }) => {
      const stages = (report.stages[kind] ?? []).filter((s) => s.label === label);
      return stages.length > 0 ? stages.reduce((sum, s) => sum + s.count, 0) : null;
    });
    return { label, values, total: values.reduce<number>((sum, v) => sum + (v ?? 0), 0) };
  });
}
