import {
  checkPasswordPolicy,
  DEPARTMENT_CODE,
  hashPassword,
  MAX_USER_NAME_LENGTH,
  openUsersStore,
  PasswordPolicyError,
  UserAccounts,
  USER_ID,
  UserCommandRefused,
  type UserCommand,
  type UserRole,
} from '@kntc/auth';
import { openEngine, type KntcConfig } from '@kntc/cases';
import { ROLES } from '@kntc/workflow';
import { InvalidArgumentError, type Command } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { randomUUID } from 'node:crypto';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

const USER_ROLES = ROLES.filter((role) => role !== 'system');

interface AddOptions {
  name: string;
  role: UserRole;
  department: string;
  passwordStdin: boolean;
  operator?: string;
}

/**
 * `kntc users add | set-password | set-role | disable | enable | list`: the accounts of the embedded sign-in, in
 * the users store (the data folder's users.json, or PostgreSQL with KNTC_POSTGRES_URL), each change recorded in the
 * account's stream with the operator's name, as the web UI's changes are. A running API applies them within
 * seconds, without a restart. Passwords are read from standard input or a hidden prompt, never from the command
 * line (it would stay in the shell history and the process list), and stored as scrypt hashes.
 */
export function registerUsersCommand(program: Command): void {
  const users = program
    .command('users')
    .description('Manage the accounts of the embedded sign-in (the users store of KNTC_DATA_DIR, or PostgreSQL). A running API applies changes without a restart.');

  users
    .command('add')
    .description('Add a user; with a password (scrypt-hashed) the user can sign in at POST /api/auth/login.')
    .argument('<id>', 'user id: lower-case letters, digits, ".", "_", "-", e.g. tnmt-tiepdan-lan')
    .requiredOption('--name <name>', 'full name, e.g. "Trần Thị Lan"')
    .requiredOption('--role <role>', USER_ROLES.join(' | '), parseRole)
    .requiredOption('--department <code>', 'department code, e.g. so-tnmt')
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .option('--operator <name>', 'who makes the change, recorded with it (default: the OS user)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  kntc users add tnmt-tiepdan-lan --name "Trần Thị Lan" --role intake --department so-tnmt   (asks for the password)\n' +
        '  printf %s "$PASSWORD" | kntc users add xd-chanhtt-son --name "Bùi Thanh Sơn" --role head --department so-xd --password-stdin',
    )
    .action(async (id: string, options: AddOptions) => {
      const password = await readPassword(options.passwordStdin);
      const name = options.name.normalize('NFC').trim();
      const command: UserCommand = {
        type: 'CreateUser',
        userId: id,
        name,
        role: options.role,
        department: options.department,
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      };
      await change(command, options.operator);
      process.stdout.write(`added ${id} (${name}, ${options.role}, ${options.department})${password === undefined ? ', without a password' : ''}\n`);
      if (password === undefined) process.stderr.write('no password: the user can only use tokens from "kntc token" until one is set\n');
    });

  users
    .command('set-password')
    .description('Set or change the password of a user.')
    .argument('<id>', 'user id')
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .option('--operator <name>', 'who makes the change, recorded with it (default: the OS user)')
    .action(async (id: string, options: { passwordStdin: boolean; operator?: string }) => {
      const password = await readPassword(options.passwordStdin);
      if (password === undefined) throw new UsageError('no password given: pass it on standard input with --password-stdin, or run in a terminal');
      await change({ type: 'SetUserPassword', userId: id, passwordHash: await hashPassword(password) }, options.operator);
      process.stdout.write(`password of ${id} set\n`);
    });

  users
    .command('set-role')
    .description("Change a user's role and department.")
    .argument('<id>', 'user id')
    .requiredOption('--role <role>', USER_ROLES.join(' | '), parseRole)
    .requiredOption('--department <code>', 'department code, e.g. so-tnmt')
    .option('--operator <name>', 'who makes the change, recorded with it (default: the OS user)')
    .action(async (id: string, options: { role: UserRole; department: string; operator?: string }) => {
      await change({ type: 'ChangeUserRole', userId: id, role: options.role, department: options.department }, options.operator);
      process.stdout.write(`${id} is now ${options.role} of ${options.department}\n`);
    });

  for (const [verb, type] of [
    ['disable', 'DisableUser'],
    ['enable', 'EnableUser'],
  ] as const) {
    users
      .command(verb)
      .description(verb === 'disable' ? 'Disable a user: no sign-in, and the tokens already given stop working.' : 'Enable a disabled user again.')
      .argument('<id>', 'user id')
      .option('--operator <name>', 'who makes the change, recorded with it (default: the OS user)')
      .action(async (id: string, options: { operator?: string }) => {
        await change({ type, userId: id }, options.operator);
        process.stdout.write(`${id} ${verb}d\n`);
      });
  }

  users
    .command('list')
    .description('List the users, and whether each can sign in with a password.')
    .action(async () => {
      await withAccounts(readConfig(), async (accounts) => {
        for (const user of await accounts.list()) {
          const state = user.disabled ? 'disabled' : user.hasPassword ? 'password' : 'token only';
          process.stdout.write(`${user.id}\t${user.role}\t${user.department}\t${state}\t${user.name}\n`);
        }
      });
    });
}

/** Opens the users store and the event store of the configuration, and closes both after `work`. */
async function withAccounts<T>(config: KntcConfig, work: (accounts: UserAccounts) => Promise<T>): Promise<T> {
  if (config.security.authMode !== 'local') throw new UsageError('KNTC_AUTH_MODE=oidc: the OIDC provider manages the users');
  const engine = await openEngine(config);
  try {
    const store = await openUsersStore(config.security.usersStore, config.security.postgresSchema !== undefined ? { postgresSchema: config.security.postgresSchema } : {});
    const accounts = new UserAccounts(store, engine.store);
    try {
      return await work(accounts);
    } finally {
      await accounts.close();
    }
  } finally {
    await engine.store.close();
    await engine.vault.close();
  }
}

/** One change, recorded as the operator's; a refusal (unknown user, duplicate id, invalid entry) exits 2. */
async function change(command: UserCommand, operator: string | undefined): Promise<void> {
  const config = readConfig();
  const problems = checkFields(command);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  await withAccounts(config, async (accounts) => {
    try {
      await accounts.execute(command, { actor: { id: operator?.trim() || os.userInfo().username, role: 'operator' }, idempotencyKey: randomUUID() });
    } catch (error) {
      if (error instanceof UserCommandRefused) throw new UsageError(error.message);
      throw error;
    }
  });
}

/** The fields of a change as the API checks them: a mistake is the operator's input (exit 2), and nothing is written. */
function checkFields(command: UserCommand): string[] {
  const problems: string[] = [];
  if (!USER_ID.test(command.userId)) problems.push(`user id must be lower-case letters, digits, ".", "_" or "-" (at most 64), got "${command.userId}"`);
  if ('name' in command && (command.name === '' || command.name.length > MAX_USER_NAME_LENGTH)) problems.push(`--name must be a non-empty text of at most ${MAX_USER_NAME_LENGTH} characters`);
  if ('department' in command && !DEPARTMENT_CODE.test(command.department)) problems.push(`--department must be a kebab-case code such as so-tnmt, got "${command.department}"`);
  return problems;
}

function parseRole(value: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${USER_ROLES.join(', ')}`);
  return value as UserRole;
}

/** The password from stdin (--password-stdin), a hidden prompt on a terminal, or none. */
async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  let password: string | undefined;
  if (fromStdin) {
    password = fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  } else if (process.stdin.isTTY) {
    password = await promptHidden('Mật khẩu / password: ');
    if ((await promptHidden('Nhập lại / again: ')) !== password) throw new UsageError('the two passwords differ');
  }
  if (password === undefined) return undefined;
  try {
    checkPasswordPolicy(password);
  } catch (error) {
    if (error instanceof PasswordPolicyError) throw new UsageError(error.message);
    throw error;
  }
  return password;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const finish = (error?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
