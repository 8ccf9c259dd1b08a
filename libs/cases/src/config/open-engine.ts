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
   * The users file (KNTC_USERS_FILE), in both sign-in modes: who may be assigned a case. With OIDC the provider
   * signs users in, and this file is the roster of inspectors by department, as it is for inbox deliveries.
   */
  users: UsersDirectory;
}

/**
 * Makes the data folder owner-only, loads the workflows, calendars and users file (a broken file stops start-up),
 * opens the case key store with the master key, then the configured event store, behind the audit chain.
 */
export async function openEngine(config: KntcConfig): Promise<OpenedEngine> {
  secureDataDir(config);
  const users = UsersDirectory.load(config.usersFile);
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
    return { store: new HashChainingEventStore(store, CHAINED_STREAM_PREFIXES), workflows, calendar, vault, users };
  } catch (error) {
    await vault.close();
    throw error;
  }
}
