/** Stable codes of refused reception commands; the API answers them as problem+json `code`. */
export type ReceptionRefusalCode =
  | 'session-not-found'
  | 'session-already-exists'
  | 'command-not-allowed-in-status'
  | 'reception-kind-not-in-force'
  | 'not-a-leader-session'
  | 'already-published'
  | 'invalid-date'
  | 'session-date-not-reached'
  | 'invalid-visit'
  | 'delegation-required'
  | 'delegation-representatives-required'
  | 'invalid-delegation'
  | 'invalid-refusal-ground'
  | 'outcome-incomplete'
  | 'conclusion-already-issued';

/** A reception command the decider refuses: nothing is appended. */
export class ReceptionCommandRefused extends Error {
  constructor(
    readonly code: ReceptionRefusalCode,
    message: string,
    /** Commands the session allows now. */
    readonly allowedCommands: string[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ReceptionCommandRefused';
  }
}
