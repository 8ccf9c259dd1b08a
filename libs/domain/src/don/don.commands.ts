import type { LocalDate } from '@kntc/workflow';
import type { Party } from '../case/case.values';
import type { DonContent, DonRepeatOf, DonSource, Locality } from './don.events';

/** Number and date of the document an act issues; the date defaults to today (Asia/Ho_Chi_Minh). */
interface DonDocumentRef {
  documentNo: string;
  documentDate?: LocalDate;
}

export interface RegisterDon {
  type: 'RegisterDon';
  donId: string;
  department: string;
  /** The matter the application chose: a new one, or the one of the đơn or case in `repeatOf`. */
  matterId: string;
  repeatOf?: DonRepeatOf;
  source: DonSource;
  receivedOn: LocalDate;
  signers: number;
  anonymous: boolean;
  parties: Party[];
  citizenKey?: string;
  respondent?: string;
  subject: string;
  content: string;
  locality?: Locality;
  field?: string;
  project?: string;
}
export interface ClassifyDon {
  type: 'ClassifyDon';
  donId: string;
  content: DonContent;
  qualifying: boolean;
  notQualifyingReason?: string;
  competence: 'within' | 'outside';
  competentBody?: string;
}
export interface AcceptDonIntoCase {
  type: 'AcceptDonIntoCase';
  donId: string;
  caseId: string;
  /** The case kind (workflow id) the đơn opens. */
  kind: string;
}
export interface AttachDonToCase {
  type: 'AttachDonToCase';
  donId: string;
  caseId: string;
  /** The case's matter, which the đơn joins. */
  matterId: string;
}
export interface AttachDonToDon {
  type: 'AttachDonToDon';
  donId: string;
  toDonId: string;
  /** The earlier đơn's matter, which this one joins. */
  matterId: string;
}
export interface GuideCitizen extends DonDocumentRef {
  type: 'GuideCitizen';
  donId: string;
  toBody?: string;
}
export interface ForwardDon extends DonDocumentRef {
  type: 'ForwardDon';
  donId: string;
  toBody: string;
}
export interface UrgeLowerLevel extends DonDocumentRef {
  type: 'UrgeLowerLevel';
  donId: string;
  body: string;
}
export interface RequestDonSplit {
  type: 'RequestDonSplit';
  donId: string;
  documentNo?: string;
  documentDate?: LocalDate;
}
export interface ArchiveDon {
  type: 'ArchiveDon';
  donId: string;
  ground: string;
  documentNo?: string;
  documentDate?: LocalDate;
}
export interface AnswerReferrer extends DonDocumentRef {
  type: 'AnswerReferrer';
  donId: string;
  /** When the matter was resolved; defaults to the date of the đơn's own outcome. Required for an accepted đơn. */
  resolvedOn?: LocalDate;
}

export type DonCommand =
  | RegisterDon
  | ClassifyDon
  | AcceptDonIntoCase
  | AttachDonToCase
  | AttachDonToDon
  | GuideCitizen
  | ForwardDon
  | UrgeLowerLevel
  | RequestDonSplit
  | ArchiveDon
  | AnswerReferrer;

/** Grounds to keep a đơn on file without further processing (lưu đơn, TT 05/2021 art. 28). */
export const DON_ARCHIVE_GROUNDS = {
  'not-qualifying': 'Đơn không đủ điều kiện xử lý (TT 05/2021, Điều 6 khoản 2)',
  'final-complaint': 'Khiếu nại quyết định đã có hiệu lực pháp luật, không thuộc trường hợp xem xét lại',
  'concluded-denunciation': 'Tố cáo đã được kết luận, không có thông tin, tài liệu, chứng cứ mới',
  'already-handled': 'Đơn đã được hướng dẫn hoặc chuyển một lần cùng nội dung',
  'sent-to-several-bodies': 'Đơn gửi nhiều cơ quan, trong đó có cơ quan có thẩm quyền',
} as const;
