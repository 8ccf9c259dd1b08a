import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { Schemas } from '../shared/api-types';

/** The answers of GET /api/cases/:id, /history, /summary and /identity-access, generated from the OpenAPI document. */
export type PartyView = Schemas['Party'];
export type ClockView = Schemas['ClockView'];
export type CaseView = Schemas['CaseView'];
export type IdentityStatus = NonNullable<CaseView['identityStatus']>;

/** Who recorded an event, as the timeline reads it. */
export interface HistoryActor {
  id: string;
  role: string;
  department?: string;
  name?: string;
}

/**
 * An event of the history. The API types an event's metadata (actor, business time, reason) as unknown, since
 * every recorded version of an event is returned as stored; the timeline reads them in these shapes.
 */
export type HistoryEntry = Omit<Schemas['HistoryEntry'], 'actor' | 'occurredAt' | 'reason'> & { actor?: HistoryActor; occurredAt?: string; reason?: string };
export type ChainBreak = Schemas['ChainBreak'];
export type ChainStatus = Schemas['ChainStatus'];
export type CaseHistory = Omit<Schemas['CaseHistoryResponse'], 'events'> & { events: HistoryEntry[] };
export type DeadlineStatus = NonNullable<Schemas['CaseSummaryView']['deadlineStatus']>;
export type CaseSummaryAnswer = Schemas['CaseSummaryAnswer'];
/** Every field of either kind of record (a reveal, a shredding), optional: the audit table shows whichever it has. */
type EitherOf<U> = { [K in U extends unknown ? keyof U : never]?: U extends { [P in K]?: infer V } ? V : never };
export type AccessLogEntry = Omit<Schemas['AccessLogEntry'], 'data'> & { data: EitherOf<Schemas['AccessLogEntry']['data']> };
export type AccessLog = Omit<Schemas['AccessLog'], 'entries'> & { entries: AccessLogEntry[] };

export const caseKeys = {
  view: (caseId: string) => ['case', caseId, 'view'] as const,
  history: (caseId: string) => ['case', caseId, 'history'] as const,
  summary: (caseId: string) => ['case', caseId, 'summary'] as const,
  accessLog: (caseId: string) => ['case', caseId, 'identity-access'] as const,
  all: (caseId: string) => ['case', caseId] as const,
};

export function useCaseView(caseId: string) {
  return useQuery({ queryKey: caseKeys.view(caseId), queryFn: ({ signal }) => getJson<CaseView>(`/api/cases/${caseId}`, undefined, signal) });
}

/** Asked once the case itself answered, so a missing case is reported once. */
export function useCaseHistory(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.history(caseId),
    queryFn: ({ signal }) => getJson<CaseHistory>(`/api/cases/${caseId}/history`, undefined, signal),
    enabled,
  });
}

/** The read model's summary: deadline statuses as the deadline board computes them, reference no., inspector name. */
export function useCaseSummary(caseId: string, after: string | undefined, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: [...caseKeys.summary(caseId), after ?? ''],
    queryFn: ({ signal }) => getJson<CaseSummaryAnswer>(`/api/cases/${caseId}/summary`, { after }, signal),
    placeholderData: (previous) => previous,
    retry: false,
  });
}

export function useIdentityAccessLog(caseId: string) {
  return useQuery({
    queryKey: caseKeys.accessLog(caseId),
    queryFn: ({ signal }) => getJson<AccessLog>(`/api/cases/${caseId}/identity-access`, undefined, signal),
  });
}

/** Command type → URL segment of `POST /api/cases/:id/<segment>` (libs/cases/src/dto/case-command.routes.ts). */
export const COMMAND_SEGMENTS: Record<string, string> = {
  AcceptCase: 'accept',
  RejectCase: 'reject',
  ForwardCase: 'forward',
  AssignInspector: 'assign-inspector',
  StartVerification: 'start-verification',
  ReportVerification: 'report-verification',
  RecordDialogue: 'record-dialogue',
  DraftDecision: 'draft-decision',
  IssueDecision: 'issue-decision',
  SendDecision: 'send-decision',
  RecordHandling: 'record-handling',
  PublishConclusion: 'publish-conclusion',
  AnswerCitizen: 'answer-citizen',
  WithdrawCase: 'withdraw',
  SuspendCase: 'suspend',
  ResumeCase: 'resume',
  TerminateCase: 'terminate',
  ReviewCase: 'review',
  DetermineComplexity: 'determine-complexity',
  ExtendDeadline: 'extend-deadline',
  CloseCase: 'close',
};
