import type { CaseCommand } from '@kntc/domain';
import { AcceptCaseRequestDto } from './accept-case.request.dto';
import { AnswerCitizenRequestDto } from './answer-citizen.request.dto';
import { AssignInspectorRequestDto } from './assign-inspector.request.dto';
import { CloseCaseRequestDto } from './close-case.request.dto';
import { DetermineComplexityRequestDto } from './determine-complexity.request.dto';
import { DraftDecisionRequestDto } from './draft-decision.request.dto';
import { ExtendDeadlineRequestDto } from './extend-deadline.request.dto';
import { FileCaseRequestDto } from './file-case.request.dto';
import { ForwardCaseRequestDto } from './forward-case.request.dto';
import { IssueDecisionRequestDto } from './issue-decision.request.dto';
import { PublishConclusionRequestDto } from './publish-conclusion.request.dto';
import { RecordDialogueRequestDto } from './record-dialogue.request.dto';
import { RecordHandlingRequestDto } from './record-handling.request.dto';
import { RejectCaseRequestDto } from './reject-case.request.dto';
import { ReportVerificationRequestDto } from './report-verification.request.dto';
import { ResumeCaseRequestDto } from './resume-case.request.dto';
import { ReviewCaseRequestDto } from './review-case.request.dto';
import { SendDecisionRequestDto } from './send-decision.request.dto';
import { StartVerificationRequestDto } from './start-verification.request.dto';
import { SuspendCaseRequestDto } from './suspend-case.request.dto';
import { TerminateCaseRequestDto } from './terminate-case.request.dto';
import { WithdrawCaseRequestDto } from './withdraw-case.request.dto';

export type CaseCommandType = CaseCommand['type'];

/** What a client sends for a command: its payload without `type` and `caseId`; a filing may name its case id. */
export type CaseCommandRequest<T extends CaseCommandType> = Omit<Extract<CaseCommand, { type: T }>, 'type' | 'caseId'> &
  (T extends 'FileCase' ? { caseId?: string } : unknown);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export interface CaseCommandRoute<T extends CaseCommandType = CaseCommandType> {
  type: T;
  dto: new () => CaseCommandRequest<T>;
  /** Shown in the OpenAPI document. */
  summary: string;
}

/** Binds a DTO to its command; a DTO whose fields differ from the command payload does not compile. */
function route<T extends CaseCommandType, D extends object>(
  type: T,
  dto: new () => D,
  summary: string,
  ..._exact: Same<D, CaseCommandRequest<T>> extends true ? [] : [`the fields of ${T}'s request DTO differ from the command payload`]
): CaseCommandRoute<T> {
  return { type, dto: dto as unknown as new () => CaseCommandRequest<T>, summary };
}

export const FILE_CASE_ROUTE = route('FileCase', FileCaseRequestDto, 'Tiếp nhận đơn (tạo hồ sơ)');

/** `POST /api/cases/:id/<segment>`: every command on an existing case, by its URL segment. */
export const CASE_COMMAND_ROUTES = {
  accept: route('AcceptCase', AcceptCaseRequestDto, 'Thụ lý'),
  reject: route('RejectCase', RejectCaseRequestDto, 'Không thụ lý'),
  forward: route('ForwardCase', ForwardCaseRequestDto, 'Chuyển đơn'),
  'assign-inspector': route('AssignInspector', AssignInspectorRequestDto, 'Phân công thanh tra viên'),
  'start-verification': route('StartVerification', StartVerificationRequestDto, 'Giao xác minh'),
  'report-verification': route('ReportVerification', ReportVerificationRequestDto, 'Báo cáo kết quả xác minh'),
  'record-dialogue': route('RecordDialogue', RecordDialogueRequestDto, 'Ghi nhận đối thoại'),
  'draft-decision': route('DraftDecision', DraftDecisionRequestDto, 'Dự thảo quyết định giải quyết (kết luận)'),
  'issue-decision': route('IssueDecision', IssueDecisionRequestDto, 'Ban hành quyết định giải quyết (kết luận)'),
  'send-decision': route('SendDecision', SendDecisionRequestDto, 'Gửi quyết định giải quyết'),
  'record-handling': route('RecordHandling', RecordHandlingRequestDto, 'Xử lý kết luận nội dung tố cáo'),
  'publish-conclusion': route('PublishConclusion', PublishConclusionRequestDto, 'Công khai kết luận'),
  'answer-citizen': route('AnswerCitizen', AnswerCitizenRequestDto, 'Trả lời công dân'),
  withdraw: route('WithdrawCase', WithdrawCaseRequestDto, 'Rút đơn'),
  suspend: route('SuspendCase', SuspendCaseRequestDto, 'Tạm đình chỉ'),
  resume: route('ResumeCase', ResumeCaseRequestDto, 'Tiếp tục giải quyết'),
  terminate: route('TerminateCase', TerminateCaseRequestDto, 'Đình chỉ giải quyết'),
  review: route('ReviewCase', ReviewCaseRequestDto, 'Kiểm tra, xem xét lại'),
  'determine-complexity': route('DetermineComplexity', DetermineComplexityRequestDto, 'Xác định vụ việc phức tạp'),
  'extend-deadline': route('ExtendDeadline', ExtendDeadlineRequestDto, 'Gia hạn thời hạn'),
  close: route('CloseCase', CloseCaseRequestDto, 'Kết thúc hồ sơ'),
} as const satisfies Record<string, CaseCommandRoute<Exclude<CaseCommandType, 'FileCase'>>>;

export type CaseCommandSegment = keyof typeof CASE_COMMAND_ROUTES;

export function isCaseCommandSegment(segment: string): segment is CaseCommandSegment {
  return Object.prototype.hasOwnProperty.call(CASE_COMMAND_ROUTES, segment);
}

/** Every command type with its request DTO; the compiler checks that none is missing. */
export const CASE_COMMAND_REQUEST_DTOS: { [T in CaseCommandType]: new () => CaseCommandRequest<T> } = Object.fromEntries(
  [FILE_CASE_ROUTE, ...Object.values(CASE_COMMAND_ROUTES)].map((r) => [r.type, r.dto]),
) as { [T in CaseCommandType]: new () => CaseCommandRequest<T> };

type RoutedType = (typeof CASE_COMMAND_ROUTES)[CaseCommandSegment]['type'] | typeof FILE_CASE_ROUTE.type;
const everyCommandRouted: Same<RoutedType, CaseCommandType> = true;
void everyCommandRouted;
