import type { LocalDate } from '@kntc/workflow';

/** Regular reception, a leader's periodic or ad hoc session, online reception (Luật TCD 2013, art. 12, 18; art. 3a from 01/7/2026). */
export const RECEPTION_KINDS = ['regular', 'leader-periodic', 'leader-adhoc', 'online'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];

export const RECEPTION_KIND_LABELS: Record<ReceptionKind, string> = {
  regular: 'Tiếp thường xuyên',
  'leader-periodic': 'Lãnh đạo tiếp định kỳ',
  'leader-adhoc': 'Lãnh đạo tiếp đột xuất',
  online: 'Tiếp trực tuyến',
};

/** Sessions a leader holds: planned and published ahead, closed with a conclusion notice. */
export const LEADER_RECEPTION_KINDS: readonly ReceptionKind[] = ['leader-periodic', 'leader-adhoc'];

export function isLeaderReception(kind: ReceptionKind): boolean {
  return LEADER_RECEPTION_KINDS.includes(kind);
}

/** A legal rule in force over a span of dates, with the text that sets it. */
export interface ReceptionRule {
  ruleId: string;
  validFrom: LocalDate;
  validTo?: LocalDate;
  citation: string;
}

/** When each kind of session is a legal form of reception; a session is judged by its own date. */
export const RECEPTION_KIND_RULES: Record<ReceptionKind, ReceptionRule> = {
  regular: { ruleId: 'tcd-regular', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013 (42/2013/QH13)' },
  'leader-periodic': { ruleId: 'tcd-leader-periodic', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013, Điều 12 khoản 5, Điều 18' },
  'leader-adhoc': { ruleId: 'tcd-leader-adhoc', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013, Điều 18 khoản 3' },
  online: { ruleId: 'tcd-online', validFrom: '2026-07-01', citation: 'Luật Tiếp công dân 2013, Điều 3a (bổ sung bởi Luật 136/2025/QH15)' },
};

export function receptionKindInForce(kind: ReceptionKind, date: LocalDate): boolean {
  const rule = RECEPTION_KIND_RULES[kind];
  return date >= rule.validFrom && (rule.validTo === undefined || date < rule.validTo);
}

/** A leader's session is posted at least this many working days before it (Luật TCD 2013, art. 24(4)). */
export const LEADER_SCHEDULE_NOTICE: ReceptionRule & { workingDays: number } = {
  ruleId: 'tcd-24-4-schedule-notice',
  validFrom: '2014-07-01',
  citation: 'Luật Tiếp công dân 2013, Điều 24 khoản 4',
  workingDays: 5,
};

/** What a visit was about (TT 05/2021/TT-TTCP, art. 6(1)). */
export const VISIT_CLASSIFICATIONS = ['complaint', 'denunciation', 'petition', 'several'] as const;
export type VisitClassification = (typeof VISIT_CLASSIFICATIONS)[number];

/** How a visit ended: explained or guided with no đơn, a đơn received, forwarded, refused (art. 9), answered. */
export const VISIT_OUTCOME_KINDS = ['guided', 'don-received', 'forwarded', 'refused', 'answered'] as const;
export type VisitOutcomeKind = (typeof VISIT_OUTCOME_KINDS)[number];

/** Grounds to refuse to receive a citizen (Luật Tiếp công dân 2013, art. 9). */
export const RECEPTION_REFUSAL_GROUNDS = {
  'TCD9.1':
    'Người đang say do dùng chất kích thích, người mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức hoặc khả năng điều khiển hành vi của mình (Luật TCD, Điều 9 khoản 1)',
  'TCD9.2':
    'Người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công dân, người thi hành công vụ hoặc vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)',
  'TCD9.3':
    'Khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, đã được kiểm tra, rà soát, thông báo bằng văn bản, đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài (Điều 9 khoản 3)',
  'TCD9.4': 'Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)',
} as const;
export type ReceptionRefusalGround = keyof typeof RECEPTION_REFUSAL_GROUNDS;

export function isReceptionRefusalGround(code: string): code is ReceptionRefusalGround {
  return Object.prototype.hasOwnProperty.call(RECEPTION_REFUSAL_GROUNDS, code);
}

/** Five or more citizens on one matter are a delegation and name representatives (Luật TCD 2013, art. 29–30). */
export const DELEGATION_MIN_SIZE = 5;
