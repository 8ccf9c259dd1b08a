import { RECEPTION_KINDS, type ReceptionKind } from '@kntc/domain';
import type { DonProcessingFigures, ReceptionCounts, ReceptionFigures, SignerCounts } from './don-report';

/** A row of the report table (ReportTableRow of department-report.table.ts, which imports these rows). */
interface ReportTableRow {
  code: string;
  label: string;
  section: boolean;
  values: Array<number | null>;
  total: number | null;
}

const SESSION_LABELS: Record<ReceptionKind, string> = {
  regular: 'tiếp thường xuyên',
  'leader-periodic': 'lãnh đạo tiếp định kỳ',
  'leader-adhoc': 'lãnh đạo tiếp đột xuất',
  online: 'tiếp trực tuyến',
};

/**
 * Reception and đơn figures are not counted per case kind: their rows leave the kind columns empty and give the
 * figure in Tổng số; a reception figure is followed by its split by kind of session.
 */
export function receptionRows(figures: ReceptionFigures, kindColumns: number): ReportTableRow[] {
  const rows: ReportTableRow[] = [section('VII', 'Tiếp công dân')];
  const add = (code: string, label: string, counts: ReceptionCounts): void => {
    rows.push(total(code, label, counts.total, kindColumns));
    RECEPTION_KINDS.forEach((kind, i) => rows.push(total(`${code}.${i + 1}`, `Trong đó: ${SESSION_LABELS[kind]}`, counts.byKind[kind], kindColumns)));
  };
  add('27', 'Số buổi tiếp', figures.sessions);
  add('28', 'Số lượt tiếp', figures.visits);
  add('29', 'Số người được tiếp', figures.citizens);
  add('30', 'Số đoàn đông người', figures.delegations);
  add('31', 'Số vụ việc tiếp lần đầu', figures.mattersNew);
  add('32', 'Số vụ việc tiếp nhiều lần', figures.mattersRepeated);
  add('33', 'Lượt tiếp có nhận đơn', figures.visitsWithDon);
  add('34', 'Lượt tiếp không có đơn (giải thích, hướng dẫn, chuyển, từ chối, trả lời)', figures.visitsWithoutDon);
  return rows;
}

export function donRows(figures: DonProcessingFigures, kindColumns: number): ReportTableRow[] {
  const rows: ReportTableRow[] = [section('VIII', 'Xử lý đơn (mọi đơn đã vào sổ)')];
  const signers = (code: string, label: string, counts: SignerCounts): void => {
    rows.push(total(code, label, counts.total, kindColumns));
    rows.push(total(`${code}.1`, 'Đơn có một người đứng tên', counts.one, kindColumns));
    rows.push(total(`${code}.2`, 'Đơn có nhiều người đứng tên', counts.several, kindColumns));
    rows.push(total(`${code}.3`, 'Đơn nặc danh', counts.anonymous, kindColumns));
  };
  signers('35', 'Đơn kỳ trước chuyển sang', figures.carriedOver);
  signers('36', 'Đơn tiếp nhận trong kỳ', figures.received);
  signers('37', 'Tổng số đơn (37 = 35 + 36)', figures.total);
  const row = (code: string, label: string, value: number): void => void rows.push(total(code, label, value, kindColumns));
  row('38', 'Đơn đã xử lý', figures.processed);
  row('39', 'Đơn đủ điều kiện xử lý', figures.qualifying);
  row('39.1', 'Khiếu nại', figures.byContent.complaint);
  row('39.2', 'Tố cáo', figures.byContent.denunciation);
  row('39.3', 'Kiến nghị, phản ánh', figures.byContent.petition);
  row('39.4', 'Nhiều nội dung', figures.byContent.several);
  row('40', 'Đơn thuộc thẩm quyền', figures.withinCompetence);
  row('41', 'Đơn không thuộc thẩm quyền', figures.outsideCompetence.total);
  row('41.1', 'Hướng dẫn', figures.outsideCompetence.guided);
  row('41.2', 'Chuyển đơn', figures.outsideCompetence.forwarded);
  row('41.3', 'Đôn đốc giải quyết', figures.outsideCompetence.urged);
  row('42', 'Thụ lý thành vụ việc', figures.outcomes.acceptedIntoCase);
  row('43', 'Gộp vào đơn, vụ việc đã có', figures.outcomes.attached);
  row('44', 'Đề nghị tách đơn', figures.outcomes.splitRequested);
  row('45', 'Lưu đơn', figures.outcomes.archived);
  row('46', 'Đơn trùng, lặp lại', figures.repeated);
  row('47', 'Đơn chưa xử lý cuối kỳ (47 = 37 - 38)', figures.awaitingProcessing);
  return rows;
}

function section(code: string, label: string): ReportTableRow {
  return { code, label, section: true, values: [], total: null };
}

function total(code: string, label: string, value: number, kindColumns: number): ReportTableRow {
  return { code, label, section: false, values: Array.from({ length: kindColumns }, () => null), total: value };
}
