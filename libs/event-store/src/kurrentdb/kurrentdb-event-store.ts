import {
  ANY,
  BACKWARDS,
  DeadlineExceededError,
  END,
  KurrentDBClient,
  NO_STREAM as KURRENT_NO_STREAM,
  NotLeaderError,
  START,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type EventData,
  type Filter,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
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
import { assertValidAppend, findIdempotentRepeat, type StoredEventRef } from '../shared/append-checks';

/** Metadata key that carries `NewEvent.schemaVersion`; KurrentDB has no field for it. Stripped on read. */
export const SCHEMA_VERSION_METADATA_KEY = '$schemaVersion';
/**
 * Metadata key of a random id per append call, stripped on read. The server answers an append of ids it already
 * holds at the expected revision as a success without writing: only the stored id tells the caller that won.
 */
export const APPEND_ID_METADATA_KEY = '$appendId';

/** Position reported when the server gives none (stream reads on EventStoreDB before 22.6). */
export const UNKNOWN_POSITION: Position = -1n;

// The gRPC status codes for UNAVAILABLE and DEADLINE_EXCEEDED: an append with no server fails with a plain Error.
const UNAVAILABLE_GRPC_CODES = new Set([14, 4]);
// Unsigned 64-bit all-ones: the server's "no position" marker.
const NO_POSITION_MARKER = 0xffffffffffffffffn;
const READ_PAGE_SIZE = 500;
const SUBSCRIPTION_HIGH_WATER = 1000;
const SUBSCRIPTION_LOW_WATER = 100;

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

export interface KurrentDbEventStoreOptions {
  /** Events read per request by `readAll`. Default 500. */
  readPageSize?: number;
}

/**
 * EventStore over KurrentDB (or EventStoreDB 20+). Positions are commit positions of `$all`; system
 * streams and `$`-typed events are never returned. KurrentDB keeps event ids unique per stream only,
 * so an id reused in another stream is not detected here (the SQLite store refuses it).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<KurrentSubscription>();
  private readonly readPageSize: number;

  constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.readPageSize = options.readPageSize ?? READ_PAGE_SIZE;
  }

  /** `kurrentdb://host:2113?tls=false`, or any connection string the official client accepts. */
  static connect(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertValidAppend(stream, events, expected);
    // KurrentDB only dedupes ids at the expected revision; reading the stream first gives the port's
    // rule (a repeat of stored ids answers as the first append did, whatever the expected revision).
    const before = await this.readRaw(stream);
    const repeat = findIdempotentRepeat(stream, events, storedRefs(before, events));
    if (repeat) return repeat;
    const current = lastRevision(before);
    if (expected !== 'any' && expected !== current) throw new ConcurrencyError(stream, expected, current);
    const appendId = randomUUID();
    try {
      const result = await this.client.appendToStream(stream, events.map((event) => toEventData(event, appendId)), {
        streamState: toStreamState(expected),
      });
      // Read back what the server stored at those revisions: a racing retry of this batch may have written it.
      const revision = Number(result.nextExpectedRevision);
      const stored = await this.readRaw(stream, revision - events.length + 1);
      const first = stored[0]?.event;
      const last = stored[events.length - 1];
      const written = first !== undefined && isRecord(first.metadata) && first.metadata[APPEND_ID_METADATA_KEY] === appendId;
      const position = last !== undefined && positionOf(last) !== UNKNOWN_POSITION ? positionOf(last) : positionOfPair(result.position);
      return { revision, position, written };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw toStoreError(error);
      // Another writer got in between; it may have been a retry of this very batch.
      const after = await this.readRaw(stream);
      const raced = findIdempotentRepeat(stream, events, storedRefs(after, events));
      if (raced) return raced;
      throw new ConcurrencyError(stream, expected, lastRevision(after));
    }
  }

  async readStream(stream: string, fromRevision: StreamRevision = 0): Promise<RecordedEvent[]> {
    const raw = await this.readRaw(stream, fromRevision);
    return raw.map(toRecordedEvent).filter((event): event is RecordedEvent => event !== undefined);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const filter = filterFor(options.streamPrefix);
    const result: RecordedEvent[] = [];
    let cursor = options.after;
    while (result.length < limit) {
      // Reading from a position includes the event at it: ask for one more and drop it.
      const wanted = Math.min(this.readPageSize, limit - result.length) + 1;
      let received = 0;
      try {
        for await (const resolved of this.client.readAll({ fromPosition: readPositionAfter(cursor), maxCount: wanted, filter })) {
          received++;
          const position = positionOf(resolved);
          if (cursor !== undefined && position <= cursor) continue;
          cursor = position;
          const event = toRecordedEvent(resolved);
          if (event && result.length < limit) result.push(event);
        }
      } catch (error) {
        throw toStoreError(error);
      }
      if (received < wanted) break;
    }
    return result;
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    const source = this.client.subscribeToAll({
      fromPosition: readPositionAfter(options.after),
      filter: filterFor(options.streamPrefix),
    });
    const subscription = new KurrentSubscription(source, options.after, (closed) => this.subscriptions.delete(closed));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    try {
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: excludeSystemEvents(),
      })) {
        return positionOf(resolved);
      }
      return 0n;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** Every event of the stream from `fromRevision`, system ones included, so revisions stay exact. */
  private async readRaw(stream: string, fromRevision: StreamRevision = 0): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: BigInt(Math.max(fromRevision, 0)) })) {
        events.push(resolved);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
  }
}

/** Maps the client's failures onto the port's errors; anything else is passed on unchanged. */
function toStoreError(error: unknown): unknown {
  const unavailable =
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    (error instanceof Error && UNAVAILABLE_GRPC_CODES.has((error as { code?: unknown }).code as number));
  if (!unavailable) return error;
  return new StoreUnavailableError(`kurrentdb: ${(error as Error).message}`, { cause: error });
}

function toEventData(event: NewEvent, appendId: string): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [SCHEMA_VERSION_METADATA_KEY]: event.schemaVersion, [APPEND_ID_METADATA_KEY]: appendId },
  });
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === NO_STREAM) return KURRENT_NO_STREAM;
  return BigInt(expected);
}

function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  // This adapter writes JSON events only; binary ones and system events are not KNTC events.
  if (!event || !event.isJson || isSystemName(event.streamId) || isSystemName(event.type)) return undefined;
  const { [SCHEMA_VERSION_METADATA_KEY]: schemaVersion, [APPEND_ID_METADATA_KEY]: _appendId, ...metadata } = isRecord(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(resolved),
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: isRecord(event.data) ? event.data : {},
    metadata,
    recordedAt: event.created.toISOString(),
  };
}

function storedRefs(raw: ResolvedEvent[], events: NewEvent[]): StoredEventRef[] {
  const ids = new Set(events.map((event) => event.id));
  return raw.flatMap((resolved) =>
    resolved.event && ids.has(resolved.event.id)
      ? [
          {
            id: resolved.event.id,
            stream: resolved.event.streamId,
            revision: Number(resolved.event.revision),
            type: resolved.event.type,
            position: positionOf(resolved),
          },
        ]
      : [],
  );
}

function lastRevision(raw: ResolvedEvent[]): StreamRevision {
  const last = raw[raw.length - 1]?.event;
  return last ? Number(last.revision) : NO_STREAM;
}

/**
 * A port position holds both halves of a `$all` position: (commit << 64) | prepare. The events of one append
 * share their commit position and differ by prepare position, so the commit position alone would neither order
 * them nor let a reader resume between them.
 */
function positionOf(resolved: AnyResolvedEvent): Position {
  return positionOfPair(resolved.event?.position);
}

function positionOfPair(pair: { commit: bigint; prepare: bigint } | undefined): Position {
  if (pair === undefined || pair.commit === NO_POSITION_MARKER || pair.prepare === NO_POSITION_MARKER) return UNKNOWN_POSITION;
  return (pair.commit << 64n) | pair.prepare;
}

/** The `$all` position a port position stands for; one below 2^64 is a commit position stored by an older version. */
export function kurrentPositionOf(position: Position): { commit: bigint; prepare: bigint } {
  if (position < 1n << 64n) return { commit: position, prepare: position };
  return { commit: position >> 64n, prepare: position & ((1n << 64n) - 1n) };
}

function readPositionAfter(after: Position | undefined): ReadPosition {
  return after === undefined || after <= 0n ? START : kurrentPositionOf(after);
}

function filterFor(streamPrefix: string | undefined): Filter {
  return streamPrefix ? streamNameFilter({ prefixes: [streamPrefix] }) : excludeSystemEvents();
}

function isSystemName(name: string): boolean {
  return name.startsWith('$');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * Wraps the client's catch-up subscription (a Node stream) as an async iterator that `close()` ends at
 * once, even while a `next()` is pending. Events at or before the last delivered position are dropped,
 * so a server replay never reaches the consumer twice.
 */
class KurrentSubscription implements Subscription {
  private readonly buffer: RecordedEvent[] = [];
  private lastPosition: Position;
  private failure: unknown;
  private ended = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent, void, undefined>;

  constructor(
    private readonly source: AllStreamSubscription,
    after: Position | undefined,
    private readonly onClosed: (subscription: KurrentSubscription) => void,
  ) {
    this.lastPosition = after ?? UNKNOWN_POSITION;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(resolved));
    source.on('error', (error: Error) => this.finish(toStoreError(error)));
    source.on('end', () => this.finish(undefined));
    source.on('close', () => this.finish(undefined));
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal();
    this.onClosed(this);
    // A subscription that never reached a server has nothing to cancel; closing must still succeed.
    await this.source.unsubscribe().catch(() => undefined);
    this.source.destroy();
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    const event = toRecordedEvent(resolved);
    if (!event || event.position <= this.lastPosition) return;
    this.lastPosition = event.position;
    this.buffer.push(event);
    if (this.buffer.length >= SUBSCRIPTION_HIGH_WATER) this.source.pause();
    this.signal();
  }

  private finish(failure: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      for (;;) {
        if (this.closed) return;
        const next = this.buffer.shift();
        if (next) {
          if (this.buffer.length <= SUBSCRIPTION_LOW_WATER && this.source.isPaused()) this.source.resume();
          yield next;
          continue;
        }
        if (this.ended) {
          if (this.failure !== undefined) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.close();
    }
  }
}
