import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import type { EventStore } from './port/event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';

export type EventStoreConfig =
  | { kind: 'sqlite'; file: string; options?: SqliteEventStoreOptions }
  | { kind: 'kurrentdb'; connectionString: string };

/** Opens the configured event store: the embedded SQLite file by default, KurrentDB beyond one machine. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open(config.file, config.options);
    case 'kurrentdb':
      return KurrentDbEventStore.connect(config.connectionString);
    default: {
      const unknown: never = config;
      throw new Error(`unknown event store kind: ${JSON.stringify(unknown)}`);
    }
  }
}
