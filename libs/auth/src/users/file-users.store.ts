import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UserAccount } from './user-account';
import { UsersStoreUnavailableError, type UsersStore } from './users.store';

/** Name of the accounts file in the data folder. */
export const USERS_STORE_FILE = 'users.json';
const FORMAT = 1;

interface UsersFileContent {
  format: number;
  users: UserAccount[];
}

/**
 * The accounts in one JSON file of the data folder (default `<dataDir>/users.json`), owner-only (it holds password
 * hashes). Every change writes a new file beside it and renames it over the old one, so a reader sees the old or the
 * new file, never half of one. One API process: several share PostgreSQL instead.
 */
export class FileUsersStore implements UsersStore {
  /** Changes of this process, one at a time: each reads the file the previous one wrote. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async list(): Promise<UserAccount[]> {
    return this.read().users;
  }

  async find(userId: string): Promise<UserAccount | undefined> {
    return this.read().users.find((user) => user.id === userId);
  }

  put(account: UserAccount): Promise<boolean> {
    return this.change((users) => {
      const index = users.findIndex((user) => user.id === account.id);
      if (index >= 0 && users[index]!.revision >= account.revision) return false;
      if (index >= 0) users[index] = account;
      else users.push(account);
      return true;
    });
  }

  putFirst(account: UserAccount): Promise<boolean> {
    return this.change((users) => {
      if (users.length > 0) return false;
      users.push(account);
      return true;
    });
  }

  async stamp(): Promise<string> {
    try {
      const stat = fs.statSync(this.file, { bigint: true });
      return `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw new UsersStoreUnavailableError(`${this.file}: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private read(): UsersFileContent {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: FORMAT, users: [] };
      throw new UsersStoreUnavailableError(`${this.file}: ${(error as Error).message}`, { cause: error });
    }
    let content: UsersFileContent;
    try {
      content = JSON.parse(text) as UsersFileContent;
    } catch (error) {
      throw new UsersStoreUnavailableError(`${this.file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (content.format !== FORMAT || !Array.isArray(content.users)) throw new UsersStoreUnavailableError(`${this.file}: not a users file of format ${FORMAT}`);
    return content;
  }

  private change(edit: (users: UserAccount[]) => boolean): Promise<boolean> {
    const next = this.queue.then(() => {
      const content = this.read();
      if (!edit(content.users)) return false;
      this.write({ format: FORMAT, users: content.users.sort((a, b) => a.id.localeCompare(b.id)) });
      return true;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private write(content: UsersFileContent): void {
    const draft = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const fd = fs.openSync(draft, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(draft, this.file);
    } catch (error) {
      fs.rmSync(draft, { force: true });
      throw new UsersStoreUnavailableError(`cannot write ${this.file}: ${(error as Error).message}`, { cause: error });
    }
  }
}
