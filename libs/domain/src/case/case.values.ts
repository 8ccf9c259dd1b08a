/** How the đơn reached the agency (TT 05/2021/TT-TTCP §5.1). */
export const RECEIPT_CHANNELS = ['in-person', 'post', 'online', 'referral'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

export const PARTY_ROLES = [
  'complainant',
  'denouncer',
  'petitioner',
  'representative',
  'respondent',
  'accused',
  'related',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface Party {
  role: PartyRole;
  name: string;
  address?: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  /** Identity kept secret (always true for a denouncer: Luật Tố cáo 2018, art. 9(1)(b), 47). */
  confidential: boolean;
}

/** Right / partly right / wrong (khiếu nại đúng, đúng một phần, sai; tố cáo đúng, đúng một phần, sai). */
export const FINDINGS = ['right', 'partly-right', 'wrong'] as const;
export type Finding = (typeof FINDINGS)[number];

/** Complexity criteria a–g of NĐ 31/2019 art. 3(2), also used for complaints from 01/7/2026. */
export const COMPLEXITY_CRITERIA = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export type ComplexityCriterion = (typeof COMPLEXITY_CRITERIA)[number];
export type ComplexityLevel = 'none' | 'complex' | 'especially-complex';

/** One criterion makes a case complex, two or more especially complex (NĐ 31/2019 art. 3(2)-(3)). */
export function complexityLevelOf(criteria: readonly ComplexityCriterion[]): ComplexityLevel {
  const distinct = new Set(criteria).size;
  if (distinct === 0) return 'none';
  return distinct === 1 ? 'complex' : 'especially-complex';
}

/** Legal grounds for refusing a đơn, by case family. */
export const REJECTION_GROUNDS = {
  complaint: {
    'KN11.1': 'Quyết định, hành vi không thuộc đối tượng khiếu nại (Luật KN, Điều 11 khoản 1)',
    'KN11.2': 'Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại (Điều 11 khoản 2)',
    'KN11.3': 'Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện (Điều 11 khoản 3)',
    'KN11.4': 'Người đại diện không hợp pháp (Điều 11 khoản 4)',
    'KN11.5': 'Đơn không có chữ ký hoặc điểm chỉ (Điều 11 khoản 5)',
    'KN11.6': 'Hết thời hiệu, thời hạn mà không có lý do chính đáng (Điều 11 khoản 6)',
    'KN11.7': 'Đã có quyết định giải quyết khiếu nại lần hai (Điều 11 khoản 7)',
    'KN11.8': 'Đã có thông báo đình chỉ mà không tiếp tục khiếu nại trong 30 ngày (Điều 11 khoản 8)',
    'KN11.9': 'Tòa án đã thụ lý hoặc đã giải quyết (Điều 11 khoản 9)',
  },
  denunciation: {
    'TC29.1a': 'Tố cáo không đúng hình thức (Luật TC, Điều 23, Điều 29 khoản 1 điểm a)',
    'TC29.1b': 'Người tố cáo không có năng lực hành vi dân sự (Điều 29 khoản 1 điểm b)',
    'TC29.1c': 'Không thuộc thẩm quyền giải quyết (Điều 29 khoản 1 điểm c)',
    'TC29.1d': 'Nội dung không có cơ sở để xác định người vi phạm, hành vi vi phạm (Điều 29 khoản 1 điểm d)',
    'TC25': 'Tố cáo nặc danh, mạo danh hoặc không xác định được người tố cáo (Điều 25)',
  },
  petition: {},
} as const;

/** Why a denunciation continues although it was withdrawn (Luật Tố cáo 2018, art. 33(3)). */
export const CONTINUE_AFTER_WITHDRAWAL_GROUNDS = {
  'signs-of-violation': 'Hành vi bị tố cáo có dấu hiệu vi phạm pháp luật',
  coerced: 'Việc rút tố cáo do bị đe dọa, mua chuộc hoặc ép buộc',
  abuse: 'Người tố cáo lợi dụng việc tố cáo để vu khống, xúc phạm, gây thiệt hại',
} as const;

/** The case kind is the workflow id (`complaint-first`, `denunciation`, ...). */
export interface CaseKindFields {
  kind: string;
}
