import type Database from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../port/event-store.errors';
import { NO_STREAM, type AppendResult, type ExpectedRevision, type NewEvent, type Position, type StreamRevision } from '../port/event-store.port';
import { findIdempotentRepeat, type StoredEventRef } from '../shared/append-checks';

/**
 * Most appends one transaction takes. Past a few hundred the fsync is already shared so widely that a bigger
 * batch saves nothing, while the transaction holds its first callers longer.
 */
export const MAX_GROUP_COMMIT_APPENDS = 500;

/** One append as the writer takes it: already checked by `assertValidAppend`, stamped with the time it was taken. */
export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  /** ISO-8601 `recordedAt` of its events. */
  recordedAt: string;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** One transaction of appends: each one's own outcome, or the error that left the whole group off the disk. */
export type GroupOutcome = { appends: number; outcomes: AppendOutcome[] } | { appends: number; failure: unknown };

// Errors that say "cannot reach the data right now", not "the request is wrong".
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|READONLY)/;

interface RefRow {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
}

/**
 * The write half of the SQLite store, on whichever connection owns the writes (the store's own, or the writer
 * thread's): a group of appends in one IMMEDIATE transaction and one fsync, each checked in its own savepoint
 * after the earlier ones of its group, so a refused append undoes only its own rows.
 */
export class SqliteWriter {
  private readonly statements: ReturnType<typeof prepareWriteStatements>;
  private readonly appendInSavepoint: Database.Transaction<(request: AppendRequest) => AppendResult>;
  private readonly commitGroup: Database.Transaction<(group: AppendRequest[]) => AppendOutcome[]>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareWriteStatements(db);
    this.appendInSavepoint = db.transaction((request) => this.appendNow(request));
    this.commitGroup = db.transaction((group) => group.map((request) => this.appendOne(request)));
  }

  commit(group: AppendRequest[]): GroupOutcome {
    try {
      if (!this.db.open) throw new StoreUnavailableError(`sqlite event store ${this.db.name} is closed`);
      return { appends: group.length, outcomes: this.commitGroup.immediate(group) };
    } catch (error) {
      // BEGIN or COMMIT failed, or the transaction was lost mid-group: nothing of the group is on disk.
      return { appends: group.length, failure: toStoreError(error) };
    }
  }

  private appendOne(request: AppendRequest): AppendOutcome {
    try {
      return { ok: true, result: this.appendInSavepoint(request) };
    } catch (error) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the group fails as one.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error: toStoreError(error) };
    }
  }

  private appendNow({ stream, events, expected, recordedAt }: AppendRequest): AppendResult {
    const stored = this.statements.findByIds.all(JSON.stringify(events.map((e) => e.id))).map(toRef);
    const repeat = findIdempotentRepeat(stream, events, stored);
    if (repeat) return repeat;
    const current = this.currentRevision(stream);
    if (expected !== 'any' && expected !== current) throw new ConcurrencyError(stream, expected, current);
    let position: Position = 0n;
    events.forEach((event, index) => {
      const info = this.statements.insert.run(
        event.id,
        stream,
        current + 1 + index,
        event.type,
        event.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    });
    return { revision: current + events.length, position, written: true };
  }

  private currentRevision(stream: string): StreamRevision {
    const row = this.statements.currentRevision.get(stream);
    return row?.revision == null ? NO_STREAM : Number(row.revision);
  }
}

function prepareWriteStatements(db: Database.Database) {
  return {
    currentRevision: db
      .prepare<[string], { revision: bigint | null }>('SELECT max(revision) AS revision FROM events WHERE stream = ?')
      .safeIntegers(true),
    findByIds: db
      .prepare<[string], RefRow>(
        'SELECT position, event_id, stream, revision, type FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
      )
      .safeIntegers(true),
    insert: db
      .prepare<[string, string, number, string, number, string, string, string]>(
        `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .safeIntegers(true),
  };
}

function toRef(row: RefRow): StoredEventRef {
  return { id: row.event_id, stream: row.stream, revision: Number(row.revision), type: row.type, position: row.position };
}

export function toStoreError(error: unknown): unknown {
  // Matched by code alone: the native addon may build its errors in another realm (e.g. Jest's vm), where
  // neither its SqliteError class nor Error is the one this module sees.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(`sqlite event store: ${String((error as { message?: unknown }).message)}`, { cause: error });
  }
  return error;
}

/** An error as it crosses a thread: structured cloning keeps neither the port's error classes nor their fields. */
export type WireError =
  | { kind: 'concurrency'; stream: string; expected: ExpectedRevision; actual: StreamRevision }
  | { kind: 'duplicate-event-id'; eventId: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'other'; name: string; message: string; code?: string };

export function toWireError(error: unknown): WireError {
  if (error instanceof ConcurrencyError) return { kind: 'concurrency', stream: error.stream, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate-event-id', eventId: error.eventId };
  if (error instanceof StoreUnavailableError) return { kind: 'unavailable', message: error.message };
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return { kind: 'other', name: String(name ?? 'Error'), message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case 'concurrency':
      return new ConcurrencyError(wire.stream, wire.expected, wire.actual);
    case 'duplicate-event-id':
      return new DuplicateEventIdError(wire.eventId);
    case 'unavailable':
      return new StoreUnavailableError(wire.message);
    case 'other':
      return Object.assign(new Error(wire.message), { name: wire.name, ...(wire.code !== undefined ? { code: wire.code } : {}) });
    default: {
      const unknown: never = wire;
      return new Error(`unknown writer error ${JSON.stringify(unknown)}`);
    }
  }
}
