import type { UserAccountView, UserChange } from '@kntc/auth';
import { STORE_PROBLEMS, type ProblemsByStatus } from '../openapi/problem-responses';

/** The answers of the users and set-up routes, named in api-answer-types.ts. */
export interface UserAnswer {
  user: UserAccountView;
}

export interface UserListAnswer {
  users: UserAccountView[];
}

export interface UserHistoryAnswer {
  userId: string;
  changes: UserChange[];
}

/** The users store and the event store that records the changes. */
export const USERS_STORE_PROBLEMS: ProblemsByStatus = { 503: ['users-store-unavailable', ...(STORE_PROBLEMS[503] ?? [])] };

export interface SetupStatusAnswer {
  /** No account exists yet: the set-up link printed at start-up is the way in. */
  setUpNeeded: boolean;
}
