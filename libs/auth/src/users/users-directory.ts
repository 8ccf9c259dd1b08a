import * as fs from 'node:fs';
import { parseDocument } from 'yaml';
import { ROLES, type Role } from '@kntc/workflow';
import { isPasswordHash } from '../passwords/password-hash';

/** Roles a person can hold; `system` is the deadline workers and never logs in. */
export type UserRole = Exclude<Role, 'system'>;
export const USER_ROLES: readonly UserRole[] = ROLES.filter((role): role is UserRole => role !== 'system');

export interface DirectoryUser {
  id: string;
  name: string;
  role: UserRole;
  department: string;
  /** scrypt hash (PHC string) written by `kntc users add`; without it the user cannot log in with a password. */
  passwordHash?: string;
}

/** The users file cannot be used; the message lists every problem, one a line. */
export class UsersFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid users file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'UsersFileError';
  }
}

/** A user id: lower-case letters, digits, ".", "_", "-", at most 64. */
export const USER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A department code, kebab-case (so-tnmt). */
export const DEPARTMENT_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_USER_NAME_LENGTH = 200;
const USER_KEYS = ['id', 'name', 'role', 'department', 'passwordHash'];

/**
 * The people who may use the engine, from `config/users.yaml` (interim, until single sign-on):
 * `users: [{ id, name, role, department, passwordHash? }]`. Loaded once at start-up; an invalid file stops it.
 */
export class UsersDirectory {
  private byId: ReadonlyMap<string, DirectoryUser>;

  constructor(users: readonly DirectoryUser[]) {
    this.byId = new Map(users.map((user) => [user.id, user]));
  }

  /** Puts these users in place of the ones held: every holder of this directory sees the accounts as they now are. */
  replaceAll(users: readonly DirectoryUser[]): void {
    this.byId = new Map(users.map((user) => [user.id, user]));
  }

  static load(file: string): UsersDirectory {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsersFileError(file, [`cannot read the file: ${(error as Error).message}`]);
    }
    return UsersDirectory.parse(text, file);
  }

  static parse(text: string, source: string): UsersDirectory {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new UsersFileError(source, doc.errors.map((e) => `invalid YAML: ${e.message.split('\n')[0]}`));
    const data: unknown = doc.toJS();
    const list = isRecord(data) ? data['users'] : undefined;
    if (!Array.isArray(list)) throw new UsersFileError(source, ['expected a top-level key "users" holding a list of { id, name, role, department }']);
    const problems: string[] = [];
    const users: DirectoryUser[] = [];
    const seen = new Set<string>();
    list.forEach((entry: unknown, index) => {
      const at = `users[${index}]`;
      if (!isRecord(entry)) {
        problems.push(`${at}: must be a mapping with id, name, role, department`);
        return;
      }
      const before = problems.length;
      for (const key of Object.keys(entry)) if (!USER_KEYS.includes(key)) problems.push(`${at}: unknown key "${key}"; allowed keys: ${USER_KEYS.join(', ')}`);
      const { id, name, role, department, passwordHash } = entry;
      if (typeof id !== 'string' || !USER_ID.test(id)) problems.push(`${at}.id: must be lower-case letters, digits, ".", "_" or "-" (at most 64), got ${JSON.stringify(id)}`);
      else if (seen.has(id)) problems.push(`${at}.id: "${id}" is listed twice`);
      if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_USER_NAME_LENGTH) problems.push(`${at}.name: must be a non-empty text of at most 200 characters`);
      if (role === 'system') problems.push(`${at}.role: "system" is the deadline workers' role; no person can log in with it`);
      else if (!USER_ROLES.includes(role as UserRole)) problems.push(`${at}.role: ${JSON.stringify(role)} is not a role; expected one of: ${USER_ROLES.join(', ')}`);
      if (typeof department !== 'string' || !DEPARTMENT_CODE.test(department)) problems.push(`${at}.department: must be a kebab-case code such as so-tnmt, got ${JSON.stringify(department)}`);
      if (passwordHash !== undefined && (typeof passwordHash !== 'string' || !isPasswordHash(passwordHash))) {
        problems.push(`${at}.passwordHash: must be a scrypt hash written by "kntc users add" ($scrypt$ln=..,r=..,p=..$salt$hash)`);
      }
      if (typeof id === 'string') seen.add(id);
      if (problems.length === before) {
        users.push({
          id: id as string,
          name: (name as string).normalize('NFC').trim(),
          role: role as UserRole,
          department: department as string,
          ...(passwordHash !== undefined ? { passwordHash: passwordHash as string } : {}),
        });
      }
    });
    if (list.length === 0) problems.push('the list of users is empty');
    if (problems.length > 0) throw new UsersFileError(source, problems);
    return new UsersDirectory(users);
  }

  find(id: string): DirectoryUser | undefined {
    return this.byId.get(id);
  }

  list(): DirectoryUser[] {
    return [...this.byId.values()];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
