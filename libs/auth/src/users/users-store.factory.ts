import type { UsersStoreSetting } from '../config/security.config';
import { FileUsersStore } from './file-users.store';
import { PostgresUsersStore } from './postgres-users.store';
import type { UsersStore } from './users.store';

/** The configured users store: the data folder's file, or PostgreSQL (table created on start). */
export async function openUsersStore(setting: UsersStoreSetting, options: { postgresSchema?: string } = {}): Promise<UsersStore> {
  if (setting.kind === 'file') return new FileUsersStore(setting.file);
  return PostgresUsersStore.open({ connectionString: setting.connectionString, ...(options.postgresSchema !== undefined ? { schema: options.postgresSchema } : {}) });
}
