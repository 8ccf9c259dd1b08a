import {
  allowedCommands,
  type Actor,
  type CaseEvent,
  type ClockState,
  type ExistingCase,
  type Party,
} from '@kntc/domain';
import type { ChainStatus, RecordedEvent } from '@kntc/event-store';
import type { LocalDate, WorkflowDefinition } from '@kntc/workflow';
import { redactParties } from '../shared/redaction';

/**
 * `sealed`: confidential identities are encrypted and shown redacted; `revealed`: this answer decrypted them
 * for a cleared role, and the read is recorded; `shredded`: the case key was erased, they are gone for good.
 */
export type IdentityStatus = 'sealed' | 'revealed' | 'shredded';

export interface ClockView {
  clock: string;
  label: string;
  status: ClockState['status'];
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  ruleId: string;
  citation: string;
  unit: string;
  length: number;
  extensions: number;
  provisional: boolean;
  metDeadline?: boolean;
  stoppedOn?: LocalDate;
  pausedOn?: LocalDate;
}

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
  suspendedOn?: LocalDate;
  channel: string;
  receivedOn: LocalDate;
  subject: string;
  content: string;
  parties: Party[];
  /** Present when the case has a confidential party. */
  identityStatus?: IdentityStatus;
  remoteArea: boolean;
  inspectorId?: string;
  complexity: ExistingCase['complexity'];
  clocks: ClockView[];
  /** Every đơn the case was opened from or attached since, and the matter it belongs to. */
  donIds: string[];
  matterId?: string;
  /** The commands this user may run now, with their Vietnamese labels; a command not in force today is left out. */
  allowedCommands: Array<{ command: string; label: string }>;
  revision: number;
}

export interface HistoryEntry {
  revision: number;
  position: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  actor: unknown;
  occurredAt: unknown;
  recordedAt: string;
  reason?: unknown;
  metadata: Record<string, unknown>;
}

/** A case's audit trail and whether its hash chain holds. */
export interface CaseHistory {
  events: HistoryEntry[];
  chain: ChainStatus;
}

/** How the parties are shown: redacted (default), or the revealed ones with their status. */
export interface IdentityView {
  status: IdentityStatus;
  /** The decrypted parties, only for a recorded reveal. */
  revealed?: Party[];
}

/** Metadata kept from users: the request hash is derived from the command, identities included. */
const HIDDEN_METADATA = new Set(['requestHash']);

export function toCaseView(
  state: ExistingCase,
  events: CaseEvent[],
  workflow: WorkflowDefinition,
  actor: Actor,
  /** The business date (Asia/Ho_Chi_Minh) on which the allowed commands are offered. */
  today: LocalDate,
  revision: number,
  identity?: IdentityView,
): CaseView {
  const filed = events.find((e) => e.type === 'CaseFiled');
  return {
    caseId: state.caseId,
    kind: state.kind,
    kindLabel: workflow.name,
    workflowVersion: state.workflowVersion,
    department: state.department,
    stage: state.stage,
    stageLabel: workflow.stages[state.stage]?.label ?? state.stage,
    final: workflow.stages[state.stage]?.final === true,
    suspended: state.status === 'suspended',
    ...(state.status === 'suspended' ? { suspendedOn: state.suspendedOn } : {}),
    channel: state.channel,
    receivedOn: state.receivedOn,
    subject: state.subject,
    content: filed?.type === 'CaseFiled' ? filed.data.content : '',
    parties: identity?.revealed ?? redactParties(state.parties, { shredded: identity?.status === 'shredded' }),
    ...(identity !== undefined && state.parties.some((p) => p.confidential) ? { identityStatus: identity.status } : {}),
    remoteArea: state.remoteArea,
    ...(state.inspectorId ? { inspectorId: state.inspectorId } : {}),
    complexity: state.complexity,
    clocks: Object.entries(state.clocks).map(([name, clock]) => toClockView(name, clock, workflow)),
    donIds: state.donIds,
    ...(state.matterId !== undefined ? { matterId: state.matterId } : {}),
    allowedCommands: allowedCommands(state, workflow, actor, today).map((command) => ({
      command,
      label: workflow.commands[command as keyof WorkflowDefinition['commands']]?.label ?? command,
    })),
    revision,
  };
}

function toClockView(name: string, clock: ClockState, workflow: WorkflowDefinition): ClockView {
  return {
    clock: name,
    label: workflow.clocks[name]?.label ?? name,
    status: clock.status,
    startedOn: clock.startedOn,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    ruleId: clock.basis.ruleId,
    citation: clock.basis.citation,
    unit: clock.basis.unit,
    length: clock.basis.baseLength + clock.basis.extendedBy,
    extensions: clock.extensions,
    provisional: clock.basis.provisional,
    ...(clock.status === 'stopped' ? { metDeadline: clock.metDeadline, stoppedOn: clock.stoppedOn } : {}),
    ...(clock.status === 'paused' ? { pausedOn: clock.pausedOn } : {}),
  };
}

/** One audit-trail entry; confidential identities are redacted for every role (a reveal goes through the case view). */
export function toHistoryEntry(recorded: RecordedEvent): HistoryEntry {
  const data = recorded.type === 'CaseFiled' ? { ...recorded.data, parties: redactParties(recorded.data['parties'] as Party[]) } : recorded.data;
  const metadata = Object.fromEntries(Object.entries(recorded.metadata).filter(([key]) => !HIDDEN_METADATA.has(key)));
  return {
    revision: recorded.revision,
    position: recorded.position.toString(),
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion: recorded.schemaVersion,
    data,
    actor: recorded.metadata['actor'],
    occurredAt: recorded.metadata['occurredAt'],
    recordedAt: recorded.recordedAt,
    ...(recorded.metadata['reason'] !== undefined ? { reason: recorded.metadata['reason'] } : {}),
    metadata,
  };
}
