import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { ConcurrencyError, StoreUnavailableError } from '../port/event-store.errors';
import {
  NO_STREAM,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeOptions,
  type Subscription,
} from '../port/event-store.port';
import { applySqliteMigrations } from './sqlite-migrations';
import { prepareOwnerOnlySqliteFile, restrictSqliteFiles } from './sqlite-file-modes';
import { assertValidAppend, findIdempotentRepeat, type StoredEventRef } from '../shared/append-checks';

export interface SqliteEventStoreOptions {
  /** `FULL` (default) keeps every acknowledged append through a power loss; `NORMAL` may lose the last ones. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another connection's lock before failing with StoreUnavailableError, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** How often a live subscription looks for events written by other connections, in ms. Default 100. */
  pollIntervalMs?: number;
  /** Events a subscription reads per query while catching up. Default 500. */
  subscriptionPageSize?: number;
  /** Source of `recordedAt`. Default: the system clock. */
  clock?: () => Date;
  /** Called after each group commit returned and its callers were answered: for metrics and tests. */
  onCommit?: (commit: GroupCommit) => void;
}

/** One transaction of queued appends. */
export interface GroupCommit {
  /** Appends in the transaction, refused ones included. */
  appends: number;
  /** Appends that wrote events (not refused, not idempotent repeats). */
  written: number;
}

/**
 * Most appends one transaction takes. Past a few hundred the fsync is already shared so widely that a bigger
 * batch saves nothing, while the synchronous transaction holds the event loop (and the first callers) longer.
 */
export const MAX_GROUP_COMMIT_APPENDS = 500;

/** Schema steps; `PRAGMA user_version` records how many a file has had. Never edit a released step, add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL UNIQUE,
     stream TEXT NOT NULL,
     revision INTEGER NOT NULL,
     type TEXT NOT NULL,
     schema_version INTEGER NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     UNIQUE (stream, revision)
   );`,
];

// Errors that say "cannot reach the data right now", not "the request is wrong".
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|READONLY)/;

const COLUMNS = 'position, event_id, stream, revision, type, schema_version, data, metadata, recorded_at';

interface EventRow {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
  schema_version: bigint;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface RefRow {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
}

interface QueuedAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface Page {
  events: RecordedEvent[];
  /** The newest position when the page was read: every matching event up to it is in `events` unless it is full. */
  head: Position;
}

/** The embedded event store: one SQLite file in WAL mode; positions are the `events` table's row ids. */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly onCommit: ((commit: GroupCommit) => void) | undefined;
  /** Appends waiting for the next group commit, in arrival order. */
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  /** Nested in `commitGroup`'s transaction, so it runs as a SAVEPOINT: a refused append undoes only its own rows. */
  private readonly appendInSavepoint: Database.Transaction<
    (stream: string, events: NewEvent[], expected: ExpectedRevision) => AppendResult
  >;
  private readonly commitGroup: Database.Transaction<(group: QueuedAppend[]) => AppendOutcome[]>;
  private readonly readPageInSnapshot: Database.Transaction<(after: Position, prefix: string | undefined) => Page>;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pageSize = options.subscriptionPageSize ?? 500;
    this.appended.setMaxListeners(0);
    this.statements = prepareStatements(db);
    this.onCommit = options.onCommit;
    this.appendInSavepoint = db.transaction((stream, events, expected) => this.appendNow(stream, events, expected));
    this.commitGroup = db.transaction((group) => group.map((queued) => this.appendOne(queued)));
    this.readPageInSnapshot = db.transaction((after, prefix) => ({
      events: this.selectAll(after, prefix, this.pageSize),
      head: this.head(),
    }));
  }

  /** Opens (creating it and its folder if needed) and migrates the store file. */
  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    try {
      // Owner-only before SQLite opens it: its -wal and -shm files take the database file's mode.
      prepareOwnerOnlySqliteFile(filePath);
      const db = new Database(filePath, { timeout: options.busyTimeoutMs ?? 5000 });
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${synchronous}`);
        applySqliteMigrations(db, MIGRATIONS, 'event store');
        restrictSqliteFiles(filePath);
      } catch (error) {
        db.close();
        throw error;
      }
      return new SqliteEventStore(db, options);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /**
   * Group commit: appends that arrive in the same event-loop turn share one transaction and one fsync. Each
   * is checked in its own savepoint, after the earlier ones of its group, and answered once COMMIT returned.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertValidAppend(stream, events, expected);
    this.assertOpen();
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(stream: string, fromRevision: StreamRevision = 0): Promise<RecordedEvent[]> {
    return this.run(() => this.statements.readStream.all(stream, Math.max(fromRevision, 0)).map(toRecordedEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.run(() => this.selectAll(options.after ?? 0n, options.streamPrefix, options.limit ?? -1));
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new SqliteSubscription(
      {
        readPage: (after, prefix) => this.run(() => this.readPageInSnapshot.deferred(after, prefix)),
        onAppend: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
        pageSize: this.pageSize,
        pollIntervalMs: this.pollIntervalMs,
        onClosed: (closed) => this.subscriptions.delete(closed),
      },
      options.after ?? 0n,
      options.streamPrefix,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    return this.run(() => this.head());
  }

  async close(): Promise<void> {
    // Appends already accepted are committed (or refused) before the file closes, not dropped.
    this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.db.open) this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP_COMMIT_APPENDS);
      this.commit(group);
      if (this.queue.length > 0 && this.db.open) {
        // The rest goes in the next turn, so requests and timers run between two capped groups.
        this.flushScheduled = true;
        setImmediate(() => this.flush());
        return;
      }
    }
  }

  private commit(group: QueuedAppend[]): void {
    let outcomes: AppendOutcome[];
    try {
      this.assertOpen();
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      // BEGIN or COMMIT failed, or the transaction was lost mid-group: nothing of the group is on disk.
      const refusal = toStoreError(error);
      for (const queued of group) queued.reject(refusal);
      return;
    }
    group.forEach((queued, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) queued.resolve(outcome.result);
      else queued.reject(outcome.error);
    });
    const written = outcomes.filter((outcome) => outcome.ok && outcome.result.written).length;
    if (written > 0) this.appended.emit('appended');
    // Last, so a throwing callback cannot leave a caller of this group unanswered.
    this.onCommit?.({ appends: group.length, written });
  }

  private appendOne(queued: QueuedAppend): AppendOutcome {
    try {
      return { ok: true, result: this.appendInSavepoint(queued.stream, queued.events, queued.expected) };
    } catch (error) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the group fails as one.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error: toStoreError(error) };
    }
  }

  private appendNow(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const stored = this.statements.findByIds.all(JSON.stringify(events.map((e) => e.id))).map(toRef);
    const repeat = findIdempotentRepeat(stream, events, stored);
    if (repeat) return repeat;
    const current = this.currentRevision(stream);
    if (expected !== 'any' && expected !== current) throw new ConcurrencyError(stream, expected, current);
    const recordedAt = this.clock().toISOString();
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

  private selectAll(after: Position, prefix: string | undefined, limit: number): RecordedEvent[] {
    const rows =
      prefix === undefined || prefix === ''
        ? this.statements.readAll.all(after, limit)
        : this.statements.readAllWithPrefix.all(after, prefix.length, prefix, limit);
    return rows.map(toRecordedEvent);
  }

  private head(): Position {
    return this.statements.head.get()?.head ?? 0n;
  }

  private run<T>(operation: () => T): T {
    this.assertOpen();
    try {
      return operation();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private assertOpen(): void {
    if (!this.db.open) throw new StoreUnavailableError(`sqlite event store ${this.db.name} is closed`);
  }
}

function prepareStatements(db: Database.Database) {
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
    readStream: db
      .prepare<[string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
      )
      .safeIntegers(true),
    readAll: db
      .prepare<[bigint, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .safeIntegers(true),
    readAllWithPrefix: db
      .prepare<[bigint, number, string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND substr(stream, 1, ?) = ? ORDER BY position LIMIT ?`,
      )
      .safeIntegers(true),
    head: db.prepare<[], { head: bigint }>('SELECT coalesce(max(position), 0) AS head FROM events').safeIntegers(true),
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream,
    revision: Number(row.revision),
    position: row.position,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}

function toRef(row: RefRow): StoredEventRef {
  return { id: row.event_id, stream: row.stream, revision: Number(row.revision), type: row.type, position: row.position };
}

function toStoreError(error: unknown): unknown {
  // Matched by code alone: the native addon may build its errors in another realm (e.g. Jest's vm), where
  // neither its SqliteError class nor Error is the one this module sees.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(`sqlite event store: ${String((error as { message?: unknown }).message)}`, { cause: error });
  }
  return error;
}

interface SubscriptionSource {
  readPage(after: Position, prefix: string | undefined): Page;
  onAppend(listener: () => void): () => void;
  pageSize: number;
  pollIntervalMs: number;
  onClosed(subscription: SqliteSubscription): void;
}

/**
 * Catch-up then live: reads pages after its cursor, and when caught up waits for an in-process append
 * or the poll interval (events from other processes on the same file). Positions only grow, so the
 * cursor alone guarantees no event is skipped or repeated.
 */
class SqliteSubscription implements Subscription {
  private closed = false;
  /** Set by an append that happened while the iterator was not waiting, so it reads again at once. */
  private appendSeen = false;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent, void, undefined>;

  constructor(
    private readonly source: SubscriptionSource,
    after: Position,
    prefix: string | undefined,
  ) {
    this.iterator = this.run(after, prefix);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.source.onClosed(this);
  }

  private async *run(after: Position, prefix: string | undefined): AsyncGenerator<RecordedEvent, void, undefined> {
    let cursor = after;
    const stopListening = this.source.onAppend(() => {
      this.appendSeen = true;
      this.wake?.();
    });
    try {
      while (!this.closed) {
        this.appendSeen = false;
        const page = this.source.readPage(cursor, prefix);
        for (const event of page.events) {
          cursor = event.position;
          yield event;
          if (this.closed) return;
        }
        if (page.events.length < this.source.pageSize) {
          // The page held every match up to `head`: skip the non-matching rest instead of rescanning it.
          if (page.head > cursor) cursor = page.head;
          if (!this.appendSeen) await this.nextChange();
        }
      }
    } finally {
      stopListening();
      await this.close();
    }
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.source.pollIntervalMs);
      this.wake = done;
    });
  }
}
