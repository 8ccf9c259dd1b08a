import type { HealthCheckResult } from '@nestjs/terminus';
import type { LoginResult } from '@kntc/auth';
import type { AccessLog, CaseView, DonView, FieldError, ReceptionSessionView } from '@kntc/cases';
import type { CandidateAnswer, DepartmentReport, DonRegisterPage } from '@kntc/read-models';
import type { CurrentUserResponse } from '../auth/current-user.http.controller';
import type { CaseCommandResponse } from '../cases/case-command.service';
import type { CaseHistoryResponse } from '../cases/get-case-history.http.controller';
import type { CatalogResponse } from '../catalog/catalog.http.controller';
import type { CaseListAnswer } from '../read-models/list-cases.http.controller';
import type { CaseSummaryAnswer } from '../read-models/case-summary.http.controller';
import type { DeadlineBoardAnswer } from '../read-models/deadline-board.http.controller';
import type { DepartmentSummaryAnswer } from '../read-models/department-summary.http.controller';
import type { InboxAnswer } from '../read-models/inbox.http.controller';
import type { DonCommandResponse, DonHistoryResponse } from '../dons/don-answers';
import type { ReceptionSchedule } from '../reception/reception-schedule.http.controller';
import type { ReceptionCommandResponse } from '../reception/reception-sessions.http.controller';
import type { ProblemDetails } from '../shared/problem-details';
import type { SetupStatusAnswer, UserAnswer, UserHistoryAnswer, UserListAnswer } from '../users/user-answers';

/**
 * Every answer body of the API, by the component name it has in the OpenAPI document. `npm run build:api-types`
 * derives their JSON schemas from these types (answer-schemas.generated.ts); a handler names its answer with
 * `@ApiAnswers('<name>')`, which the compiler checks against what the handler returns. Add a line per new answer.
 */
export interface ApiAnswerTypes {
  CaseCommandResponse: CaseCommandResponse;
  CaseView: CaseView;
  CaseHistoryResponse: CaseHistoryResponse;
  AccessLog: AccessLog;
  CaseListAnswer: CaseListAnswer;
  CaseSummaryAnswer: CaseSummaryAnswer;
  DepartmentSummaryAnswer: DepartmentSummaryAnswer;
  DeadlineBoardAnswer: DeadlineBoardAnswer;
  InboxAnswer: InboxAnswer;
  DepartmentReport: DepartmentReport;
  CatalogResponse: CatalogResponse;
  CurrentUserResponse: CurrentUserResponse;
  LoginResult: LoginResult;
  UserAnswer: UserAnswer;
  UserListAnswer: UserListAnswer;
  UserHistoryAnswer: UserHistoryAnswer;
  SetupStatusAnswer: SetupStatusAnswer;
  DonCommandResponse: DonCommandResponse;
  DonView: DonView;
  DonHistoryResponse: DonHistoryResponse;
  DonRegisterPage: DonRegisterPage;
  CandidateAnswer: CandidateAnswer;
  ReceptionCommandResponse: ReceptionCommandResponse;
  ReceptionSessionView: ReceptionSessionView;
  ReceptionSchedule: ReceptionSchedule;
  HealthCheckResult: HealthCheckResult;
  ProblemDetails: ProblemAnswer;
}

/** problem+json: the fields every problem has, and the extras some codes add (the filter and ApiProblem write them). */
export interface ProblemAnswer extends ProblemDetails {
  /** validation-failed: the fields in error. */
  errors?: FieldError[];
  /** A refused command: the commands the user may run now. */
  allowedCommands?: string[];
  /** unknown-command: the actions of POST /api/cases/{id}/{action}. */
  allowedActions?: string[];
  /** A refused command: what the decider found (stage, clock, dates). */
  details?: Record<string, unknown>;
  /** revision-conflict: the case's revision now. */
  currentRevision?: number;
  /** rate-limited: seconds to wait (also in Retry-After). */
  retryAfter?: number;
}
