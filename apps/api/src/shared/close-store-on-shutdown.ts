import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';

/** Closes the event store after the HTTP server stopped taking requests (SQLite checkpoints its WAL). */
@Injectable()
export class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
