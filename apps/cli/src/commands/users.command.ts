import {
  checkPasswordPolicy,
  hashPassword,
  PasswordPolicyError,
  UsersDirectory,
  UsersFileError,
  UsersFileWriter,
  type DirectoryUser,
  type UserRole,
} from '@kntc/auth';
import { ROLES } from '@kntc/workflow';
import { InvalidArgumentError, type Command } from 'commander';
import * as fs from 'node:fs';
import { UsageError } from '../shared/cli-errors';
import { readConfig } from '../shared/engine-files';

const USER_ROLES = ROLES.filter((role) => role !== 'system');

interface AddOptions {
  name: string;
  role: UserRole;
  department: string;
  passwordStdin: boolean;
  replace: boolean;
}

/**
 * `kntc users add | set-password | list`: the users file of the embedded issuer (KNTC_USERS_FILE). Passwords
 * are read from standard input or a hidden prompt, never from the command line (it would stay in the shell
 * history and the process list), and stored as scrypt hashes.
 */
export function registerUsersCommand(program: Command): void {
  const users = program
    .command('users')
    .description('Manage the users of the embedded sign-in (KNTC_USERS_FILE, default config/users.yaml). The API reads the file at start-up.');

  users
    .command('add')
    .description('Add a user; with a password (scrypt-hashed) the user can sign in at POST /api/auth/login.')
    .argument('<id>', 'user id: lower-case letters, digits, ".", "_", "-", e.g. tnmt-tiepdan-lan')
    .requiredOption('--name <name>', 'full name, e.g. "Trần Thị Lan"')
    .requiredOption('--role <role>', USER_ROLES.join(' | '), parseRole)
    .requiredOption('--department <code>', 'department code, e.g. so-tnmt')
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .option('--replace', 'overwrite a user with the same id', false)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  kntc users add tnmt-tiepdan-lan --name "Trần Thị Lan" --role intake --department so-tnmt   (asks for the password)\n' +
        '  printf %s "$PASSWORD" | kntc users add xd-chanhtt-son --name "Bùi Thanh Sơn" --role head --department so-xd --password-stdin',
    )
    .action(async (id: string, options: AddOptions) => {
      const file = readConfig().usersFile;
      const password = await readPassword(options.passwordStdin);
      const user: DirectoryUser = {
        id,
        name: options.name.normalize('NFC').trim(),
        role: options.role,
        department: options.department,
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      };
      write(() => new UsersFileWriter(file).add(user, { replace: options.replace }));
      process.stdout.write(`${options.replace ? 'saved' : 'added'} ${id} (${user.name}, ${user.role}, ${user.department}) in ${file}${password === undefined ? ', without a password' : ''}\n`);
      if (password === undefined) process.stderr.write('no password: the user can only use tokens from "kntc token"\n');
      process.stderr.write('restart the API to apply the change\n');
    });

  users
    .command('set-password')
    .description('Set or change the password of a user of the users file.')
    .argument('<id>', 'user id')
    .option('--password-stdin', 'read the password from standard input (one line)', false)
    .action(async (id: string, options: { passwordStdin: boolean }) => {
      const file = readConfig().usersFile;
      const password = await readPassword(options.passwordStdin);
      if (password === undefined) throw new UsageError('no password given: pass it on standard input with --password-stdin, or run in a terminal');
      const hash = await hashPassword(password);
      write(() => new UsersFileWriter(file).setPasswordHash(id, hash));
      process.stdout.write(`password of ${id} set in ${file}\n`);
      process.stderr.write('restart the API to apply the change\n');
    });

  users
    .command('list')
    .description('List the users of the users file, and whether each can sign in with a password.')
    .action(() => {
      const file = readConfig().usersFile;
      let directory: UsersDirectory;
      try {
        directory = UsersDirectory.load(file);
      } catch (error) {
        if (error instanceof UsersFileError) throw new UsageError(error.message);
        throw error;
      }
      for (const user of directory.list()) {
        process.stdout.write(`${user.id}\t${user.role}\t${user.department}\t${user.passwordHash ? 'password' : 'token only'}\t${user.name}\n`);
      }
    });
}

/** A refused edit (duplicate id, invalid entry, unreadable file) is the operator's input: exit code 2. */
function write(change: () => void): void {
  try {
    change();
  } catch (error) {
    if (error instanceof Error) throw new UsageError(error.message);
    throw error;
  }
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
