export * from './port/event-store.port';
export * from './port/event-store.errors';
export { deriveEventId, EVENT_ID_NAMESPACE } from './event-ids';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export {
  KurrentDbEventStore,
  SCHEMA_VERSION_METADATA_KEY,
  UNKNOWN_POSITION,
  type KurrentDbEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store';
export { createEventStore, type EventStoreConfig } from './event-store.factory';
export * from './audit/event-hash-chain';
export * from './audit/verify-store-chains';
export * from './audit/hash-chaining.event-store';
export { applySqliteMigrations } from './sqlite/sqlite-migrations';
export { OWNER_ONLY_DIR, OWNER_ONLY_FILE, prepareOwnerOnlySqliteFile, restrictSqliteFiles, restrictToOwner } from './sqlite/sqlite-file-modes';
