import type { LocalDate } from '@kntc/workflow';
import type { DeadlineBasis } from './case.events';
import type { ComplexityCriterion, ComplexityLevel, Party, ReceiptChannel } from './case.values';

export interface RunningClock {
  status: 'running';
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  basis: DeadlineBasis;
  extensions: number;
  /** Reminder offsets (working days before) already sent for the current due date. */
  remindersSent: number[];
  /** Set once the current due date has passed and DeadlineMissed was recorded; kept when it resumes overdue. */
  missed: boolean;
  /** Highest escalation level reached for the current due date (0 = none). */
  escalationLevel: number;
  /** Hanoi date the next overdue escalation counts from: the last one's, or the overdue resumption's. */
  escalatedOn?: LocalDate;
}
/** A clock frozen by a suspension; resumption sets it again (DeadlineSet with cause `resumed`). */
export interface PausedClock extends Omit<RunningClock, 'status'> {
  status: 'paused';
  pausedOn: LocalDate;
}
export interface StoppedClock extends Omit<RunningClock, 'status'> {
  status: 'stopped';
  stoppedOn: LocalDate;
  metDeadline: boolean;
}
export type ClockState = RunningClock | PausedClock | StoppedClock;

export interface NoCase {
  status: 'none';
}

export interface CaseDetails {
  caseId: string;
  kind: string;
  workflowVersion: number;
  department: string;
  channel: ReceiptChannel;
  receivedOn: LocalDate;
  subject: string;
  parties: Party[];
  remoteArea: boolean;
  stage: string;
  inspectorId?: string;
  complexity: { level: ComplexityLevel; criteria: ComplexityCriterion[] };
  clocks: Record<string, ClockState>;
  /** Set when a withdrawn denunciation is continued by the head. */
  continuedAfterWithdrawal: boolean;
  /** Date of the last act (a command's event): how long the case has stood still. */
  lastActOn: LocalDate;
  /** `<stage>@<since>` of the last stall flagged, so one standstill is flagged once. */
  stallFlagged?: string;
  /** Every đơn the case was opened from or attached since, in order. */
  donIds: string[];
  matterId?: string;
}

export interface ActiveCase extends CaseDetails {
  status: 'active';
}
export interface SuspendedCase extends CaseDetails {
  status: 'suspended';
  suspendedOn: LocalDate;
}

export type CaseState = NoCase | ActiveCase | SuspendedCase;
export type ExistingCase = ActiveCase | SuspendedCase;

export const initialCaseState: CaseState = { status: 'none' };
