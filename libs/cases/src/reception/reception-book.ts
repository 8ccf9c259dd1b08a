import { formatVn, vnDateOf, type LocalDate } from '@kntc/workflow';
import { RECEPTION_KIND_LABELS, RECEPTION_REFUSAL_GROUNDS, type Party, type ReceptionKind, type VisitClassification, type VisitRecorded } from '@kntc/domain';

/** The columns of the reception book, Mẫu 03/TCD of NĐ 154/2026 (mirror text; docs/domain.md). */
export const RECEPTION_BOOK_COLUMNS = [
  'STT',
  'Ngày tiếp',
  'Họ tên, địa chỉ',
  'Số CCCD/CMND/Hộ chiếu',
  'Nội dung vụ việc',
  'Phân loại đơn (KN/TC/KN, PA)',
  'Số người',
  'Cơ quan đã giải quyết',
  'Thuộc thẩm quyền (x)',
  'Hướng dẫn, giải thích, trả lời',
  'Chuyển đơn đến cơ quan',
  'Theo dõi kết quả',
  'Ghi chú',
] as const;

const CLASSIFICATION_CODES: Record<VisitClassification, string> = { complaint: 'KN', denunciation: 'TC', petition: 'KN, PA', several: 'Nhiều nội dung' };

export interface BookSession {
  date: LocalDate;
  kind: ReceptionKind;
  leader?: string;
  visits: Array<VisitRecorded['data']>;
}

export type BookRow = Array<string | number>;

/**
 * One row per visit, in session date and visit order. `identities` holds, per session and visit, the visitors'
 * revealed identities; without it (a role not cleared) the identity columns stay blank.
 */
export function receptionBookRows(sessions: readonly BookSession[], identities?: (session: number, visitNo: number) => Party[] | undefined): BookRow[] {
  const rows: BookRow[] = [];
  sessions.forEach((session, sessionIndex) => {
    for (const visit of session.visits) {
      const people = identities?.(sessionIndex, visit.visitNo);
      const { outcome } = visit;
      const refused = outcome.kind === 'refused' && outcome.refusalGround !== undefined ? `Từ chối tiếp: ${RECEPTION_REFUSAL_GROUNDS[outcome.refusalGround]}` : '';
      rows.push([
        rows.length + 1,
        formatVn(vnDateOf(visit.at)),
        people ? people.map((p) => [p.name, p.address].filter(Boolean).join(', ')).join('; ') : '',
        people ? people.map((p) => p.idNumber ?? '').filter(Boolean).join('; ') : '',
        visit.summary,
        CLASSIFICATION_CODES[visit.classification],
        visit.delegation ? `${visit.citizens} (đoàn đông người, ${visit.delegation.representatives} người đại diện)` : visit.citizens,
        (visit.handledBefore ?? []).join('; '),
        // A đơn received or an answer given at the desk is handled here; guidance and forwarding are for other bodies.
        outcome.kind === 'don-received' || outcome.kind === 'answered' ? 'x' : '',
        outcome.kind === 'guided' || outcome.kind === 'answered' ? [outcome.toBody ? `Hướng dẫn đến ${outcome.toBody}` : 'Giải thích, hướng dẫn', outcome.note].filter(Boolean).join('. ') : refused,
        outcome.kind === 'forwarded' ? (outcome.toBody ?? '') : '',
        [outcome.kind === 'don-received' ? `Đã nhận đơn số ${outcome.donId ?? ''}` : undefined, outcome.kind === 'don-received' || outcome.kind === 'forwarded' ? outcome.note : undefined].filter(Boolean).join('. '),
        [RECEPTION_KIND_LABELS[session.kind], session.leader, visit.repeated ? 'Vụ việc lặp lại' : undefined].filter(Boolean).join('; '),
      ]);
    }
  });
  return rows;
}
