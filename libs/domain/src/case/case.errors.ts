import type { DonRefusalCode } from '../don/don.errors';
import type { MatterRefusalCode } from '../matter/matter.errors';

/** Stable codes of refused case commands; the API maps them to problem+json `code`. */
export type RefusalCode =
  | 'case-not-found'
  | 'case-already-exists'
  | 'command-not-in-workflow'
  | 'command-not-allowed-in-stage'
  | 'command-not-in-force'
  | 'role-not-allowed'
  | 'case-suspended'
  | 'case-not-suspended'
  | 'invalid-date'
  | 'invalid-ground'
  | 'invalid-parties'
  | 'workflow-mismatch'
  | 'unknown-clock'
  | 'clock-not-running'
  | 'extension-not-allowed'
  | 'no-clock-rule'
  | 'complexity-not-changed'
  | 'deadline-moved'
  | 'deadline-not-due'
  | 'deadline-step-done'
  | 'deadline-reminder-passed'
  | 'case-not-stalled'
  | 'resolution-continued'
  | 'assignee-not-found'
  | 'assignee-not-inspector'
  | 'assignee-other-department';

/** Every stable refusal code: the cases', the đơn's and the matters'. */
export type AnyRefusalCode = RefusalCode | DonRefusalCode | MatterRefusalCode;

/** A command the decider refuses: nothing is appended. */
export class CommandRefused extends Error {
  constructor(
    readonly code: AnyRefusalCode,
    message: string,
    /** Commands the case allows this actor now, so a client can offer them instead. */
    readonly allowedCommands: string[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}
