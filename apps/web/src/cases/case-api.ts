import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';
import type { Actor } from '../api/types';

/** The shapes of GET /api/cases/:id, /history, /summary and /identity-access that the case and audit pages read. */
export interface PartyView {
  role: string;
  name: string;
  address?: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  confidential: boolean;
}

export interface ClockView {
  clock: string;
  label: string;
  status: 'running' | 'paused' | 'stopped';
  startedOn: string;
  dueDate: string;
  dueAt: string;
  ruleId: string;
  citation: string;
  unit: string;
  length: number;
  extensions: number;
  provisional: boolean;
  metDeadline?: boolean;
  stoppedOn?: string;
  pausedOn?: string;
}

export type IdentityStatus = 'sealed' | 'revealed' | 'shredded';

export interface CaseView {
  caseId: string;
  kind: string;
  kindLabel: string;
  workflowVersion: number;
  department: string;
  stage: string;
  stageLabel: string;
  final: boolean;
  suspended: boolean;
  suspendedOn?: string;
  channel: string;
  receivedOn: string;
  subject: string;
  content: string;
  parties: PartyView[];
  identityStatus?: IdentityStatus;
  remoteArea: boolean;
  inspectorId?: string;
  complexity: { level: 'none' | 'complex' | 'especially-complex'; criteria: string[] };
  clocks: ClockView[];
  allowedCommands: Array<{ command: string; label: string }>;
  revision: number;
}

export interface HistoryActor {
  id: string;
  role: string;
  department?: string;
  name?: string;
}

export interface HistoryEntry {
  revision: number;
  position: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  actor?: HistoryActor;
  occurredAt?: string;
  recordedAt: string;
  reason?: string;
}

export interface ChainBreak {
  revision: number;
  eventId: string;
  type: string;
  problem: string;
}

export type ChainStatus = { valid: true; events: number } | { valid: false; events: number; brokenAt: ChainBreak };

export interface CaseHistory {
  caseId: string;
  revision: number;
  chain: ChainStatus;
  events: HistoryEntry[];
}

export type DeadlineStatus = 'on-time' | 'due-soon' | 'overdue';

export interface CaseSummaryAnswer {
  summary: {
    referenceNo?: string;
    inspectorId?: string;
    inspectorName?: string;
    clocks: Array<{ clock: string; deadlineStatus?: DeadlineStatus }>;
  };
  position: string;
}

export interface AccessLogEntry {
  revision: number;
  eventId: string;
  type: 'IdentityRevealed' | 'CaseKeyShredded';
  data: { revealedAt?: string; shreddedAt?: string; actor?: Actor; operator?: string; reason: string; parties?: number };
  recordedAt: string;
}

export interface AccessLog {
  caseId: string;
  entries: AccessLogEntry[];
  chain: ChainStatus;
}

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
