import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { StoreUnavailableError } from '../port/event-store.errors';
import {
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
import { assertValidAppend } from '../shared/append-checks';
import { MAX_GROUP_COMMIT_APPENDS, SqliteWriter, toStoreError, type AppendRequest, type GroupOutcome } from './sqlite-writer';
import { SqliteWriterThread } from './sqlite-writer-thread';
import { RecentEvents, SharedPages } from './sqlite-recent-events';

export { MAX_GROUP_COMMIT_APPENDS } from './sqlite-writer';

export interface SqliteEventStoreOptions {
  /** `FULL` (default) keeps every acknowledged append through a power loss; `NORMAL` may lose the last ones. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another connection's lock before failing with StoreUnavailableError, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * How often the store looks for events other connections (other processes) committed while a live subscription
   * waits, in ms: one look at the head for all subscriptions. Default 20.
   */
  pollIntervalMs?: number;
  /** Events a subscription reads per query while catching up. Default 500. */
  subscriptionPageSize?: number;
  /** Source of `recordedAt`. Default: the system clock. */
  clock?: () => Date;
  /** Called after each group commit returned and its callers were answered: for metrics and tests. */
  onCommit?: (commit: GroupCommit) => void;
  /**
   * Where appends are committed. `thread` (what the apps use): a worker thread owns the write connection, so
   * the transaction and its fsync never hold this thread's event loop; reads stay on this thread's connection.
   * `in-process` (default): on this thread's connection, one group per event-loop turn.
   */
  writer?: 'thread' | 'in-process';
}

/** One transaction of queued appends. */
export interface GroupCommit {
  /** Appends in the transaction, refused ones included. */
  appends: number;
  /** Appends that wrote events (not refused, not idempotent repeats). */
  written: number;
}

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

interface QueuedAppend {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface Page {
  events: RecordedEvent[];
  /** The newest position when the page was read: every matching event up to it is in `events` unless it is full. */
  head: Position;
}

/** Pages of readAll at least this long are shared between readers (projections replaying; see SharedPages). */
const SHARED_PAGE_MIN = 1_000;
/** Decoded events the shared pages hold at most: a few replay pages of every projection reading together. */
const SHARED_PAGE_EVENTS = 20_000;

/** The embedded event store: one SQLite file in WAL mode; positions are the `events` table's row ids. */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly onCommit: ((commit: GroupCommit) => void) | undefined;
  /** Appends waiting for the next group commit (or to be posted to the writer thread), in arrival order. */
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private closing = false;
  private readonly writer: SqliteWriter | SqliteWriterThread<QueuedAppend>;
  private readonly readPageInSnapshot: Database.Transaction<(after: Position, prefix: string | undefined) => Page>;
  private readonly recent: RecentEvents;
  /** Large pages of readAll, shared by readers that catch up together (see SharedPages). */
  private readonly sharedPages = new SharedPages(SHARED_PAGE_EVENTS);
  /** The newest position this store knows of: its own commits, or the last look at the file's head. */
  private knownHead: Position = 0n;
  /** Looks for other connections' commits while any subscription is open. */
  private headWatch: NodeJS.Timeout | undefined;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions & { synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs: number },
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
    this.pageSize = options.subscriptionPageSize ?? 500;
    this.appended.setMaxListeners(0);
    this.statements = prepareStatements(db);
    this.onCommit = options.onCommit;
    this.writer =
      options.writer === 'thread'
        ? new SqliteWriterThread<QueuedAppend>(
            { file: db.name, synchronous: options.synchronous, busyTimeoutMs: options.busyTimeoutMs },
            (group, outcome) => this.settle(group, outcome),
          )
        : new SqliteWriter(db);
    this.recent = new RecentEvents(Math.max(4 * this.pageSize, 4096));
    this.readPageInSnapshot = db.transaction((after, prefix) => ({
      events: this.selectPage(after, prefix, this.pageSize),
      head: this.head(),
    }));
  }

  /** Opens (creating it and its folder if needed) and migrates the store file. */
  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (options.writer === 'thread' && (filePath === ':memory:' || filePath === '')) throw new RangeError('a writer thread needs a store file');
    try {
      // Owner-only before SQLite opens it: its -wal and -shm files take the database file's mode.
      prepareOwnerOnlySqliteFile(filePath);
      const db = new Database(filePath, { timeout: busyTimeoutMs });
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${synchronous}`);
        applySqliteMigrations(db, MIGRATIONS, 'event store');
        restrictSqliteFiles(filePath);
      } catch (error) {
        db.close();
        throw error;
      }
      return new SqliteEventStore(db, { ...options, synchronous, busyTimeoutMs });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /**
   * Group commit: appends that arrive in the same event-loop turn (in-process), or while the writer thread was
   * committing, share one transaction and one fsync. Each is checked in its own savepoint, after the earlier
   * ones of its group, and answered once COMMIT returned.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertValidAppend(stream, events, expected);
    this.assertOpen();
    if (this.closing) throw new StoreUnavailableError(`sqlite event store ${this.db.name} is closing`);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request: { stream, events, expected, recordedAt: '' }, resolve, reject });
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
    const after = options.after ?? 0n;
    const limit = options.limit ?? -1;
    const select = () => this.selectAll(after, options.streamPrefix, limit);
    return this.run(() => (limit >= SHARED_PAGE_MIN ? this.sharedPages.read(after, options.streamPrefix, limit, select) : select()));
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
        onClosed: (closed) => {
          this.subscriptions.delete(closed);
          if (this.subscriptions.size === 0) this.stopHeadWatch();
        },
      },
      options.after ?? 0n,
      options.streamPrefix,
    );
    this.subscriptions.add(subscription);
    this.startHeadWatch();
    return subscription;
  }

  async headPosition(): Promise<Position> {
    return this.run(() => this.head());
  }

  async close(): Promise<void> {
    // Appends already accepted are committed (or refused) before the file closes, not dropped.
    this.closing = true;
    this.stopHeadWatch();
    this.flush();
    if (this.writer instanceof SqliteWriterThread) await this.writer.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.db.open) this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    // One time for a group: its appends are taken together.
    const recordedAt = this.clock().toISOString();
    if (this.writer instanceof SqliteWriterThread) {
      const group = this.queue.splice(0);
      for (const queued of group) queued.request.recordedAt = recordedAt;
      this.writer.submit(group);
      return;
    }
    const group = this.queue.splice(0, MAX_GROUP_COMMIT_APPENDS);
    for (const queued of group) queued.request.recordedAt = recordedAt;
    this.settle(group, this.writer.commit(group.map((queued) => queued.request)));
    if (this.queue.length > 0) {
      // The rest goes in the next turn, so requests and timers run between two capped groups.
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Answers the callers of one transaction, then wakes the live subscriptions. */
  private settle(group: QueuedAppend[], outcome: GroupOutcome): void {
    if ('failure' in outcome) {
      for (const queued of group) queued.reject(outcome.failure);
      return;
    }
    let written = 0;
    group.forEach((queued, index) => {
      const result = outcome.outcomes[index]!;
      if (!result.ok) return queued.reject(result.error);
      if (result.result.written) {
        written += 1;
        if (result.result.position > this.knownHead) this.knownHead = result.result.position;
      }
      queued.resolve(result.result);
    });
    if (written > 0) this.appended.emit('appended');
    // Last, so a throwing callback cannot leave a caller of this group unanswered.
    this.onCommit?.({ appends: group.length, written });
  }

  /**
   * One look at the head per interval, for every live subscription of this store: what another connection
   * committed wakes them (this store's own commits wake them when they are answered). Only while one is open.
   */
  private startHeadWatch(): void {
    if (this.headWatch !== undefined) return;
    this.knownHead = this.run(() => this.head());
    this.headWatch = setInterval(() => {
      let head: Position;
      try {
        head = this.run(() => this.head());
      } catch {
        // A busy or closing file: the next look, or close(), settles it.
        return;
      }
      if (head <= this.knownHead) return;
      this.knownHead = head;
      this.appended.emit('appended');
    }, this.pollIntervalMs);
  }

  private stopHeadWatch(): void {
    clearInterval(this.headWatch);
    this.headWatch = undefined;
  }

  private selectAll(after: Position, prefix: string | undefined, limit: number): RecordedEvent[] {
    const rows =
      prefix === undefined || prefix === ''
        ? this.statements.readAll.all(after, limit)
        : this.statements.readAllWithPrefix.all(after, prefix.length, prefix, limit);
    return rows.map(toRecordedEvent);
  }

  /** A subscription's page: which positions come next, then only the events no other subscription decoded yet. */
  private selectPage(after: Position, prefix: string | undefined, limit: number): RecordedEvent[] {
    const positions =
      prefix === undefined || prefix === ''
        ? this.statements.pagePositions.all(after, limit)
        : this.statements.pagePositionsWithPrefix.all(after, prefix.length, prefix, limit);
    // The cached ones are taken before the fetched ones are added: adding may evict them.
    const page = positions.map((position) => this.recent.get(position));
    const missing = positions.filter((_, index) => page[index] === undefined);
    if (missing.length === 0) return page as RecordedEvent[];
    const fetched = new Map<Position, RecordedEvent>();
    for (const row of this.statements.readPositions.all(`[${missing.join(',')}]`)) {
      const event = toRecordedEvent(row);
      fetched.set(event.position, event);
      this.recent.add(event);
    }
    return page.map((event, index) => event ?? fetched.get(positions[index]!)!);
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
    pagePositions: db
      .prepare<[bigint, number], bigint>('SELECT position FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .pluck()
      .safeIntegers(true),
    pagePositionsWithPrefix: db
      .prepare<[bigint, number, string, number], bigint>(
        'SELECT position FROM events WHERE position > ? AND substr(stream, 1, ?) = ? ORDER BY position LIMIT ?',
      )
      .pluck()
      .safeIntegers(true),
    readPositions: db
      .prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position IN (SELECT value FROM json_each(?))`)
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


interface SubscriptionSource {
  readPage(after: Position, prefix: string | undefined): Page;
  /** Called on every append this store committed and every commit another connection made (the store's head watch). */
  onAppend(listener: () => void): () => void;
  pageSize: number;
  onClosed(subscription: SqliteSubscription): void;
}

/**
 * Catch-up then live: reads pages after its cursor, and when caught up waits for an append (this store's own,
 * or another process's on the same file, seen by the store's head watch). Positions only grow, so the cursor
 * alone guarantees no event is skipped or repeated.
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
      this.wake = (): void => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}
