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

/** A legal rule in force over a span of dates (both ends included), with the text that sets it. */
export interface ReceptionRule {
  ruleId: string;
  validFrom: LocalDate;
  validTo?: LocalDate;
  citation: string;
  /** What about the rule could not be confirmed against the text. */
  doubt?: string;
}

/**
 * Before Luật Tiếp công dân 2013 took effect (01/7/2014), reception followed Nghị định 89/2010/NĐ-CP "quy định về
 * tiếp công dân" (under Luật Khiếu nại, tố cáo 1998 and then Luật Khiếu nại, Luật Tố cáo 2011): a reception place
 * receiving citizens, and heads of agencies receiving them in person on set days. Its text was not read here.
 */
const ND_89_2010_DOUBT =
  'NĐ 89/2010/NĐ-CP was not read: its effective date (taken as 01/10/2010), its article numbers and whether it named ' +
  "a leader's ad hoc session as such are unconfirmed; a register of that time is imported, not judged, by this rule.";
const ND_89_2010 = { validFrom: '2010-10-01', validTo: '2014-06-30', doubt: ND_89_2010_DOUBT } as const;

/** When each kind of session is a legal form of reception, rule by rule; a session is judged by its own date. */
export const RECEPTION_KIND_RULES: Record<ReceptionKind, readonly ReceptionRule[]> = {
  regular: [
    { ruleId: 'nd89-regular', ...ND_89_2010, citation: 'Nghị định 89/2010/NĐ-CP quy định về tiếp công dân (nơi tiếp công dân)' },
    { ruleId: 'tcd-regular', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013 (42/2013/QH13)' },
  ],
  'leader-periodic': [
    { ruleId: 'nd89-leader-periodic', ...ND_89_2010, citation: 'Nghị định 89/2010/NĐ-CP quy định về tiếp công dân (thủ trưởng cơ quan trực tiếp tiếp công dân định kỳ)' },
    { ruleId: 'tcd-leader-periodic', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013, Điều 12 khoản 5, Điều 18' },
  ],
  'leader-adhoc': [
    { ruleId: 'nd89-leader-adhoc', ...ND_89_2010, citation: 'Nghị định 89/2010/NĐ-CP quy định về tiếp công dân (thủ trưởng cơ quan tiếp công dân khi cần thiết)' },
    { ruleId: 'tcd-leader-adhoc', validFrom: '2014-07-01', citation: 'Luật Tiếp công dân 2013, Điều 18 khoản 3' },
  ],
  online: [{ ruleId: 'tcd-online', validFrom: '2026-07-01', citation: 'Luật Tiếp công dân 2013, Điều 3a (bổ sung bởi Luật 136/2025/QH15)' }],
};

/** The rule under which a kind of session is a legal form on `date`; undefined when none is. */
export function receptionKindRule(kind: ReceptionKind, date: LocalDate): ReceptionRule | undefined {
  return RECEPTION_KIND_RULES[kind].find((rule) => date >= rule.validFrom && (rule.validTo === undefined || date <= rule.validTo));
}

export function receptionKindInForce(kind: ReceptionKind, date: LocalDate): boolean {
  return receptionKindRule(kind, date) !== undefined;
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
