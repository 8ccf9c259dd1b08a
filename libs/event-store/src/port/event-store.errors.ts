import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** The stream moved on since the caller read it: optimistic concurrency refused the append. */
export class ConcurrencyError extends Error {
  readonly code = 'revision-conflict';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision,
  ) {
    super(`stream ${stream} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}

/** An event id already exists for a different event (another stream, position or type). */
export class DuplicateEventIdError extends Error {
  readonly code = 'duplicate-event-id';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} already exists for a different event`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot be reached (KurrentDB down, SQLite file locked beyond the busy timeout, ...). */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
