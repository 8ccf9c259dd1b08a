import type { WorkflowDefinition, WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../shared/actor';

/** Everything the decider needs besides the command and the state. Time is an input, never read. */
export interface DecideContext {
  workflow: WorkflowDefinition;
  calendar: WorkingCalendar;
  /** Business time of the command (UTC ISO-8601). */
  now: string;
  actor: Actor;
}
