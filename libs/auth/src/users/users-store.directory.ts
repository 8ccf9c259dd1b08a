import type { UserAccount } from './user-account';
import { UsersDirectory, type DirectoryUser } from './users-directory';
import type { UsersStore } from './users.store';

/**
 * The accounts that may sign in (disabled ones left out) as the users store holds them, read again only when the
 * store's stamp changed since the last read. UserAccounts keeps the API's current with it; the worker and the CLI,
 * which change no account, keep theirs.
 */
export class UsersStoreDirectory {
  private seenStamp: string | undefined;

  constructor(
    private readonly store: UsersStore,
    readonly directory: UsersDirectory = new UsersDirectory([]),
  ) {}

  /** Reloads the directory when the store changed since the last load (or always, with `force`). */
  async refresh(force = false): Promise<void> {
    const stamp = await this.store.stamp();
    if (!force && stamp === this.seenStamp) return;
    const accounts = await this.store.list();
    this.directory.replaceAll(accounts.filter((account) => !account.disabled).map(directoryUserOf));
    this.seenStamp = stamp;
  }
}

function directoryUserOf(account: UserAccount): DirectoryUser {
  return {
    id: account.id,
    name: account.name,
    role: account.role,
    department: account.department,
    ...(account.passwordHash !== undefined ? { passwordHash: account.passwordHash } : {}),
  };
}
