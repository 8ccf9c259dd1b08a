import type { Role } from '@kntc/workflow';

/** Who holds a role in a department: maps the roles a deadline notice names to the users whose inbox gets it. */
export interface InboxRecipients {
  usersOf(department: string, roles: readonly Role[]): string[];
  /**
   * Brings the users up to date before a batch's notices are delivered (the users store read again when an account
   * changed), so an account created a moment ago gets its notices without a restart.
   */
  refresh?(): Promise<void>;
}

export const NO_RECIPIENTS: InboxRecipients = { usersOf: () => [] };

interface RosterUser {
  id: string;
  role: string;
  department: string;
}

/**
 * Recipients from the users as a roster holds them at each delivery (openUsersRoster: the users store, or the users
 * file with OIDC). Every runner of the inbox, `kntc projections rebuild` included, reads the same roster, so their
 * builds agree. With `onRefreshError`, a roster that cannot be read again (PostgreSQL down) is reported and the
 * users read last deliver, rather than the inbox stopping; without it the batch fails and is retried.
 */
export function recipientsFromRoster(
  roster: { directory: { list(): readonly RosterUser[] }; refresh(): Promise<void> },
  onRefreshError?: (error: unknown) => void,
): InboxRecipients {
  return {
    ...recipientsFromDirectory(roster.directory),
    refresh: async () => {
      try {
        await roster.refresh();
      } catch (error) {
        if (onRefreshError === undefined) throw error;
        onRefreshError(error);
      }
    },
  };
}

/** Recipients from the users a directory holds at each delivery (the API's, which UserAccounts keeps current). */
export function recipientsFromDirectory(directory: { list(): readonly RosterUser[] }): InboxRecipients {
  return {
    usersOf: (department, roles) =>
      directory
        .list()
        .filter((u) => u.department === department && (roles as readonly string[]).includes(u.role))
        .map((u) => u.id),
  };
}

/** Recipients from a fixed list of users (tests). */
export function recipientsFromUsers(users: readonly RosterUser[]): InboxRecipients {
  return recipientsFromDirectory({ list: () => users });
}
