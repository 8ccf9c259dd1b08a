import type { WorkflowDefinition, WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../shared/actor';

/** A user as the application's users directory knows them: what the decider needs to judge an assignment. */
export interface KnownUser {
  role: string;
  department: string;
}

/** Finds users by id. The domain keeps no directory: the application layer hands in the one it loaded. */
export interface UserLookup {
  find(userId: string): KnownUser | undefined;
}

/** Everything the decider needs besides the command and the state. Time is an input, never read. */
export interface DecideContext {
  workflow: WorkflowDefinition;
  calendar: WorkingCalendar;
  /** Business time of the command (UTC ISO-8601). */
  now: string;
  actor: Actor;
  /**
   * Who a user id is, to judge AssignInspector. Omitted only for acts replayed from a historical register, which
   * record whom the register names (retired or moved staff are not in today's directory).
   */
  users?: UserLookup;
}
