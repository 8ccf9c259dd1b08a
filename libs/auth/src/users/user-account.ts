import type { DirectoryUser, UserRole } from './users-directory';

/**
 * A person's account as the users store keeps it: who they are, what they may do, whether they may sign in.
 * `revision` is the revision of the account's event stream (`user-<id>`) the record reflects: the If-Match of
 * a change, and how a retried change recognises it was already applied.
 */
export interface UserAccount extends DirectoryUser {
  disabled: boolean;
  revision: number;
  /** UTC ISO-8601. */
  createdAt: string;
  updatedAt: string;
}

/** The streams of the accounts' changes: the audit trail of who changed whose role, password or access, when. */
export const USER_STREAM_PREFIX = 'user-';

export function userStream(userId: string): string {
  return `${USER_STREAM_PREFIX}${userId}`;
}

/** What the API and the UI show of an account: never the hash, only whether there is one. */
export interface UserAccountView {
  id: string;
  name: string;
  role: UserRole;
  department: string;
  disabled: boolean;
  hasPassword: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function viewOf(account: UserAccount): UserAccountView {
  return {
    id: account.id,
    name: account.name,
    role: account.role,
    department: account.department,
    disabled: account.disabled,
    hasPassword: account.passwordHash !== undefined,
    revision: account.revision,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}
