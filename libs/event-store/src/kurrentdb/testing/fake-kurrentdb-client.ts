import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type KurrentDBClient,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { PassThrough } from 'node:stream';

interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}

/**
 * An in-memory stand-in for the parts of KurrentDBClient the adapter uses, modelled on the server:
 * positions with gaps, system events in the log, per-stream id dedupe only at the expected revision,
 * `readAll` inclusive of its start position, `subscribeToAll` exclusive of it. It exercises the adapter's
 * own logic; it is no substitute for the contract run against a real server.
 */
export class FakeKurrentDbClient {
  private readonly log: StoredRecord[] = [];
  private readonly live = new Set<{ after: Position; filter: Filter | undefined; sink: PassThrough }>();
  private nextPosition = 1000n;

  constructor() {
    this.write('$stats-127.0.0.1:2113', [{ id: '00000000-0000-4000-8000-000000000001', type: '$statsCollected', data: {} }]);
  }

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    { streamState = ANY }: { streamState?: AppendStreamState } = {},
  ): Promise<AppendResult> {
    await tick();
    const stream = this.log.filter((r) => r.streamId === streamName);
    const current = stream.length === 0 ? -1n : stream[stream.length - 1]!.revision;
    if (streamState !== ANY) {
      const expected = streamState === NO_STREAM ? -1n : (streamState as bigint);
      const atExpected = stream.filter((r) => r.revision > expected).slice(0, events.length);
      const isRepeat =
        atExpected.length === events.length && atExpected.every((r, i) => r.id === events[i]!.id);
      if (isRepeat) {
        const last = atExpected[atExpected.length - 1]!;
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      if (expected !== current) {
        throw new WrongExpectedVersionError(undefined, {
          streamName,
          expected: streamState,
          current: current === -1n ? NO_STREAM : current,
        });
      }
    }
    const last = this.write(streamName, events);
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(
    streamName: string,
    { fromRevision = START }: { fromRevision?: bigint | typeof START | typeof END } = {},
  ): AsyncIterableIterator<ResolvedEvent> {
    const log = this.log;
    return (async function* () {
      await tick();
      const stream = log.filter((r) => r.streamId === streamName);
      if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const from = fromRevision === START ? 0n : fromRevision === END ? BigInt(stream.length) : fromRevision;
      for (const record of stream.filter((r) => r.revision >= from)) yield resolved(record);
    })();
  }

  readAll({
    fromPosition = START,
    maxCount = Number.MAX_SAFE_INTEGER,
    filter,
    direction,
  }: { fromPosition?: ReadPosition; maxCount?: number | bigint; filter?: Filter; direction?: string } = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    const log = this.log;
    return (async function* () {
      await tick();
      let records = log.filter((r) => matches(r, filter));
      if (direction === BACKWARDS) {
        records = records.reverse();
        if (fromPosition !== END && fromPosition !== START) records = records.filter((r) => compare(r.position, fromPosition) <= 0);
      } else if (fromPosition !== START && fromPosition !== END) {
        records = records.filter((r) => compare(r.position, fromPosition) >= 0);
      } else if (fromPosition === END) {
        records = [];
      }
      for (const record of records.slice(0, Number(maxCount))) yield resolved(record);
    })();
  }

  subscribeToAll({ fromPosition = START, filter }: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    const after: Position =
      fromPosition === START ? { commit: -1n, prepare: -1n } : fromPosition === END ? { commit: this.nextPosition, prepare: this.nextPosition } : fromPosition;
    const sink = new PassThrough({ objectMode: true });
    const entry = { after, filter, sink };
    setImmediate(() => {
      for (const record of this.log) if (compare(record.position, after) > 0 && matches(record, filter)) sink.write(resolved(record));
      this.live.add(entry);
    });
    return Object.assign(sink, {
      unsubscribe: async () => {
        this.live.delete(entry);
        sink.end();
      },
    });
  }

  async dispose(): Promise<void> {
    for (const { sink } of this.live) sink.end();
    this.live.clear();
  }

  private write(streamId: string, events: Array<Pick<EventData, 'id' | 'type' | 'data'> & { metadata?: unknown }>) {
    const stream = this.log.filter((r) => r.streamId === streamId);
    let revision = stream.length === 0 ? -1n : stream[stream.length - 1]!.revision;
    let last: StoredRecord | undefined;
    // Like the server's implicit transactions: the events of one append share the commit position of the first
    // one's prepare record, and each has its own prepare position.
    const commit = this.nextPosition + 137n;
    for (const event of events) {
      this.nextPosition += 137n;
      last = {
        streamId,
        id: event.id,
        type: event.type,
        revision: ++revision,
        data: event.data,
        metadata: event.metadata,
        created: new Date(),
        position: { commit, prepare: this.nextPosition },
      };
      this.log.push(last);
      for (const { filter, sink } of this.live) if (matches(last, filter)) sink.write(resolved(last));
    }
    return last!;
  }
}

/** `$all` order: by commit position, then prepare position. */
function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function matches(record: StoredRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}

function resolved(record: StoredRecord): AllStreamResolvedEvent {
  return {
    event: { ...record, isJson: true, data: record.data as Record<string, unknown>, metadata: record.metadata as Record<string, unknown> },
    commitPosition: record.position.commit,
  };
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
