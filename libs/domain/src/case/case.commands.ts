import type { LocalDate } from '@kntc/workflow';
import type { CaseKindFields, ComplexityCriterion, Finding, Party, ReceiptChannel } from './case.values';

/** Fields shared by acts that produce a formal document (thông báo, quyết định, biên bản). */
export interface DocumentRef {
  /** Number of the document, e.g. "125/TB-TTr". */
  documentNo?: string;
  /** Date written on the document; defaults to today (Asia/Ho_Chi_Minh). Starts clocks that run from it. */
  documentDate?: LocalDate;
  note?: string;
}

export interface FileCase extends CaseKindFields {
  type: 'FileCase';
  caseId: string;
  department: string;
  channel: ReceiptChannel;
  /** Date the đơn was received; acceptance and screening clocks run from it. */
  receivedOn: LocalDate;
  subject: string;
  content: string;
  parties: Party[];
  /** Vùng sâu, vùng xa: longer resolution limits (Luật Khiếu nại art. 28, 37). */
  remoteArea: boolean;
  referenceNo?: string;
  referredBy?: string;
  /** The registered đơn the case is opened from (AcceptDonIntoCase); none for a case filed directly. */
  donIds?: string[];
  matterId?: string;
}
export interface AcceptCase extends DocumentRef { type: 'AcceptCase'; caseId: string }
export interface RejectCase extends DocumentRef {
  type: 'RejectCase';
  caseId: string;
  /** Legal ground for refusing, e.g. `KN11.6` (Luật Khiếu nại art. 11(6)). */
  groundCode: string;
  reason: string;
}
export interface ForwardCase extends DocumentRef {
  type: 'ForwardCase';
  caseId: string;
  toAgency: string;
  reason: string;
}
export interface AssignInspector {
  type: 'AssignInspector';
  caseId: string;
  inspectorId: string;
  inspectorName?: string;
  note?: string;
}
export interface StartVerification extends DocumentRef { type: 'StartVerification'; caseId: string }
export interface ReportVerification extends DocumentRef {
  type: 'ReportVerification';
  caseId: string;
  summary: string;
  finding: Finding;
}
export interface RecordDialogue extends DocumentRef { type: 'RecordDialogue'; caseId: string; summary: string }
export interface DraftDecision extends DocumentRef { type: 'DraftDecision'; caseId: string; summary: string }
export interface IssueDecision extends DocumentRef {
  type: 'IssueDecision';
  caseId: string;
  decisionNo: string;
  finding: Finding;
  summary: string;
}
export interface SendDecision extends DocumentRef { type: 'SendDecision'; caseId: string; recipients: string[] }
export interface RecordHandling extends DocumentRef { type: 'RecordHandling'; caseId: string; summary: string }
export interface PublishConclusion extends DocumentRef {
  type: 'PublishConclusion';
  caseId: string;
  /** How it was published: meeting, posting, e-portal, press (Luật Tố cáo art. 40). */
  method: string;
}
export interface AnswerCitizen extends DocumentRef { type: 'AnswerCitizen'; caseId: string; summary: string }
export interface WithdrawCase extends DocumentRef {
  type: 'WithdrawCase';
  caseId: string;
  reason: string;
  /** Denunciations only: the head continues despite the withdrawal (Luật Tố cáo art. 33(3)). */
  continueGround?: string;
}
export interface SuspendCase extends DocumentRef { type: 'SuspendCase'; caseId: string; reason: string }
export interface ResumeCase extends DocumentRef { type: 'ResumeCase'; caseId: string; reason: string }
export interface TerminateCase extends DocumentRef {
  type: 'TerminateCase';
  caseId: string;
  groundCode?: string;
  reason: string;
}
export interface ReviewCase extends DocumentRef { type: 'ReviewCase'; caseId: string; reason: string; conclusion: string }
export interface DetermineComplexity extends DocumentRef {
  type: 'DetermineComplexity';
  caseId: string;
  criteria: ComplexityCriterion[];
  reason: string;
}
export interface ExtendDeadline extends DocumentRef {
  type: 'ExtendDeadline';
  caseId: string;
  clock: string;
  reason: string;
}
export interface CloseCase extends DocumentRef { type: 'CloseCase'; caseId: string; reason?: string }

export type CaseCommand =
  | FileCase
  | AcceptCase
  | RejectCase
  | ForwardCase
  | AssignInspector
  | StartVerification
  | ReportVerification
  | RecordDialogue
  | DraftDecision
  | IssueDecision
  | SendDecision
  | RecordHandling
  | PublishConclusion
  | AnswerCitizen
  | WithdrawCase
  | SuspendCase
  | ResumeCase
  | TerminateCase
  | ReviewCase
  | DetermineComplexity
  | ExtendDeadline
  | CloseCase;
