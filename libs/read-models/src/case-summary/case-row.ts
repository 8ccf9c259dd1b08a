import type { ComplexityLevel, PartyRole, ReceiptChannel } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';

/**
 * A party as every role may see it. A confidential party is stored redacted (role and a placeholder name):
 * the read models are shared by all roles, so a denouncer's identity never reaches Redis (Luật Tố cáo 2018,
 * art. 47(1)(b)); cleared roles read it from the case itself (GET /api/cases/:id).
 */
export interface PartyRow {
  role: PartyRole;
  name: string;
  confidential: boolean;
}

export interface ClockRow {
  clock: string;
  label: string;
  status: 'running' | 'paused' | 'stopped';
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  extensions: number;
  /** The due date was computed from a year without an official calendar. */
  provisional: boolean;
  /** The current due date passed and the deadline workers recorded it (DeadlineMissed). */
  missed: boolean;
  /** Highest escalation level reached for the current due date (0 = none). */
  escalationLevel: number;
  pausedOn?: LocalDate;
  stoppedOn?: LocalDate;
  metDeadline?: boolean;
  /** Reminder offsets recorded for the current due date; kept (when any) so the domain's fold goes on from the row. */
  remindersSent?: number[];
  /** Hanoi date the next overdue escalation counts from; kept for the same reason. */
  escalatedOn?: LocalDate;
}

/** A case flagged by the deadline workers for making no progress in its stage. */
export interface StallRow {
  stage: string;
  /** Date of the last act before the flag. */
  since?: LocalDate;
  level: number;
}

/** The stored summary of a case: what lists, boards and counters are made of. Deterministic from the events. */
export interface CaseRow {
  caseId: string;
  kind: string;
  kindLabel: string;
  workflowVersion: number;
  department: string;
  stage: string;
  stageLabel: string;
  /** No further work is expected in this stage. */
  final: boolean;
  suspended: boolean;
  suspendedOn?: LocalDate;
  channel: ReceiptChannel;
  receivedOn: LocalDate;
  subject: string;
  referenceNo?: string;
  inspectorId?: string;
  inspectorName?: string;
  parties: PartyRow[];
  /** At least one party's identity is confidential and stored redacted. */
  hasConfidentialParties: boolean;
  complexity: ComplexityLevel;
  continuedAfterWithdrawal: boolean;
  /** Set by a stall escalation, cleared by the next act on the case. */
  stalled?: StallRow;
  /** In the order the clocks first started. */
  clocks: ClockRow[];
  filedAt: string;
  /** Business time of the last event applied. */
  lastChangedAt: string;
  /** Stream revision of the last event applied: an event at or below it was already applied. */
  revision: number;
  /** Store position of the last event applied (decimal). */
  position: string;
}

/** The earliest due date among the running clocks; undefined when none runs (suspended, stopped, not started). */
export function nextDueDate(row: CaseRow): LocalDate | undefined {
  let next: LocalDate | undefined;
  for (const clock of row.clocks) {
    if (clock.status === 'running' && (next === undefined || clock.dueDate < next)) next = clock.dueDate;
  }
  return next;
}
