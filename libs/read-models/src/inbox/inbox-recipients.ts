import { UsersDirectory } from '@kntc/auth';
import { findProjectRoot } from '@kntc/cases';
import type { Role } from '@kntc/workflow';
import * as path from 'node:path';

/** Who holds a role in a department: maps the roles a deadline notice names to the users whose inbox gets it. */
export interface InboxRecipients {
  usersOf(department: string, roles: readonly Role[]): string[];
}

export const NO_RECIPIENTS: InboxRecipients = { usersOf: () => [] };

/** Recipients from a list of users (the users directory, config/users.yaml). */
export function recipientsFromUsers(users: ReadonlyArray<{ id: string; role: string; department: string }>): InboxRecipients {
  return {
    usersOf: (department, roles) => users.filter((u) => u.department === department && (roles as readonly string[]).includes(u.role)).map((u) => u.id),
  };
}

/**
 * The users directory the api and the worker load (KNTC_USERS_FILE, default config/users.yaml): every runner
 * of the inbox, the CLI rebuild included, must map roles to the same users or the builds would differ.
 */
export function configuredRecipients(env: NodeJS.ProcessEnv = process.env): InboxRecipients {
  const file = path.resolve(env['KNTC_USERS_FILE'] ?? path.join(findProjectRoot(), 'config', 'users.yaml'));
  return recipientsFromUsers(UsersDirectory.load(file).list());
}
