import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CaseIdentityVault } from '@kntc/auth';
import { EVENT_STORE, IDENTITY_VAULT } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';

/** Closes the event store and the case key store after the HTTP server stopped taking requests (SQLite checkpoints its WAL). */
@Injectable()
export class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.vault.close();
  }
}
