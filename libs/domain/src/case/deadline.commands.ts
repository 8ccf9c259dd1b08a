import type { LocalDate } from '@kntc/workflow';

/**
 * Commands the deadline workers send back when a timer fires (a message round-trip: DeadlineSet → timer →
 * command). Only the `system` actor sends them; the decider ignores one, with a named reason, when the clock
 * has stopped or moved since the timer was set.
 */
export interface SendDeadlineReminder {
  type: 'SendDeadlineReminder';
  caseId: string;
  clock: string;
  /** The due date the timer was set for; a different current due date means the timer is stale. */
  dueDate: LocalDate;
  /** Working days before the due date (0 = on the due date), from the clock's `remindBefore`. */
  workingDaysBefore: number;
}

export interface RecordDeadlineMissed {
  type: 'RecordDeadlineMissed';
  caseId: string;
  clock: string;
  dueDate: LocalDate;
}

/** Raises an overdue clock one level further up the workflow's escalation chain. */
export interface EscalateOverdueCase {
  type: 'EscalateOverdueCase';
  caseId: string;
  clock: string;
  dueDate: LocalDate;
  level: number;
}

/** Flags a case with no progress in its stage for the workflow's stall limit. */
export interface FlagStalledCase {
  type: 'FlagStalledCase';
  caseId: string;
  stage: string;
  /** The date of the last act the decider saw; a later act means the case moved and the flag is stale. */
  since: LocalDate;
}

export type DeadlineCommand = SendDeadlineReminder | RecordDeadlineMissed | EscalateOverdueCase | FlagStalledCase;

export const DEADLINE_COMMAND_TYPES = ['SendDeadlineReminder', 'RecordDeadlineMissed', 'EscalateOverdueCase', 'FlagStalledCase'] as const;

export function isDeadlineCommand(command: { type: string }): command is DeadlineCommand {
  return (DEADLINE_COMMAND_TYPES as readonly string[]).includes(command.type);
}
