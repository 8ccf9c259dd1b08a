import { openUsersStore, UsersDirectory, UsersStoreDirectory } from '@kntc/auth';
import type { KntcConfig } from './kntc.config';

/**
 * Who the engine's users are, for the readers besides sign-in: whose inbox a deadline notice reaches (the worker,
 * `kntc projections rebuild`) and whom `kntc token` signs for. With the embedded sign-in it is the users store (the
 * data folder's users.json, or PostgreSQL): the accounts the web UI and `kntc users` change, read again whenever the
 * store changed, so no restart is needed. With OIDC the provider signs users in and the users file
 * (KNTC_USERS_FILE) stays the roster of roles by department.
 */
export interface UsersRoster {
  /** The users as last read (disabled accounts left out). */
  readonly directory: UsersDirectory;
  /** Where the users come from, for messages (never a connection string). */
  readonly source: string;
  /** Reads the users store again if an account changed since the last read (a stamp compare); nothing for the users file. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** The configured roster, read once; a broken users file or an unreachable users store stops here. */
export async function openUsersRoster(config: KntcConfig): Promise<UsersRoster> {
  const { security } = config;
  if (security.authMode !== 'local') {
    const directory = UsersDirectory.load(config.usersFile);
    return { directory, source: config.usersFile, refresh: async () => undefined, close: async () => undefined };
  }
  const store = await openUsersStore(security.usersStore, security.postgresSchema !== undefined ? { postgresSchema: security.postgresSchema } : {});
  const read = new UsersStoreDirectory(store);
  try {
    await read.refresh();
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    directory: read.directory,
    source: security.usersStore.kind === 'file' ? `the users store ${security.usersStore.file}` : 'the users store in PostgreSQL',
    refresh: () => read.refresh(),
    close: () => store.close(),
  };
}
