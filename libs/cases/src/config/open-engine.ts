import { CaseIdentityVault, resolveMasterKey, UsersDirectory } from '@kntc/auth';
import { createEventStore, HashChainingEventStore, type EventStore } from '@kntc/event-store';
import { WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import { createVietnamCalendar, loadWorkflows } from '@kntc/workflow/loader';
import * as path from 'node:path';
import { CHAINED_STREAM_PREFIXES } from '../shared/chained-streams';
import { secureDataDir } from './data-dir';
import type { KntcConfig } from './kntc.config';

export interface OpenedEngine {
  /** The configured store; appends to case and access streams are hash-chained on the way in. */
  store: EventStore;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  /** The case keys of confidential identities; close it with the store. */
  vault: CaseIdentityVault;
  /**
   * With OIDC only: the users file (KNTC_USERS_FILE), the roster of roles by department that judges assignees (the
   * provider signs users in). With the embedded sign-in the users store is the roster (see openUsersRoster) and the
   * file is no more than the seed of an empty store.
   */
  users?: UsersDirectory;
}

/**
 * Makes the data folder owner-only, loads the workflows, calendars and (with OIDC) the users file (a broken file
 * stops start-up), opens the case key store with the master key, then the configured event store, behind the audit chain.
 */
export async function openEngine(config: KntcConfig): Promise<OpenedEngine> {
  secureDataDir(config);
  const users = config.security.authMode === 'oidc' ? UsersDirectory.load(config.usersFile) : undefined;
  const workflows = new WorkflowRegistry(loadWorkflows(config.workflowsDir));
  const calendar = createVietnamCalendar(path.join(config.workflowsDir, 'calendars'), {
    makeUpSaturdaysAreWorkingDays: config.makeUpSaturdaysAreWorkingDays,
  });
  const masterKey = resolveMasterKey({ dataDir: config.dataDir, ...(config.security.masterKey !== undefined ? { masterKey: config.security.masterKey } : {}) });
  const vault = await CaseIdentityVault.open({ file: config.security.keyStoreFile, url: config.security.keyStoreUrl, schema: config.security.postgresSchema, masterKey });
  try {
    const store = await createEventStore(
      config.eventStore === 'kurrentdb'
        ? { kind: 'kurrentdb', connectionString: config.kurrentDbConnectionString! }
        : // The writer thread commits, so an fsync never holds this process's event loop.
          { kind: 'sqlite', file: config.sqliteFile, options: { writer: 'thread' } },
    );
    return { store: new HashChainingEventStore(store, CHAINED_STREAM_PREFIXES), workflows, calendar, vault, ...(users ? { users } : {}) };
  } catch (error) {
    await vault.close();
    throw error;
  }
}
