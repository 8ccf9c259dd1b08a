import { ConcurrencyError } from '../port/event-store.errors';
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
import { chainEvents } from './event-hash-chain';

/** Appends with `expected = 'any'` retried when another process got in between the read and the append. */
const MAX_ANY_ATTEMPTS = 10;

/**
 * The write path of the audit chain: every event appended to a stream with one of `prefixes` gets its
 * `prevHash` and `hash` here, from the stream's event at the expected revision, whoever appends it (command
 * handler, access log, workers). Reads pass through untouched.
 */
export class HashChainingEventStore implements EventStore {
  /** `any` appends of this process, one stream at a time, so they do not race each other to the same revision. */
  private readonly anyAppends = new Map<string, Promise<unknown>>();

  constructor(
    private readonly inner: EventStore,
    private readonly prefixes: readonly string[],
  ) {}

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (!this.prefixes.some((prefix) => stream.startsWith(prefix)) || events.length === 0) return this.inner.append(stream, events, expected);
    if (expected !== 'any') return this.chainAndAppend(stream, events, expected);
    const previous = this.anyAppends.get(stream) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.chainAndAppend(stream, events, 'any'));
    this.anyAppends.set(stream, next);
    try {
      return await next;
    } finally {
      if (this.anyAppends.get(stream) === next) this.anyAppends.delete(stream);
    }
  }

  private async chainAndAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEvent(stream, expected);
      // With `any`, the revision read is pinned: appending after another event would break the chain.
      const pinned = expected === 'any' ? (last?.revision ?? NO_STREAM) : expected;
      try {
        return await this.inner.append(stream, chainEvents(stream, last, events), pinned);
      } catch (error) {
        if (expected !== 'any' || !(error instanceof ConcurrencyError) || attempt >= MAX_ANY_ATTEMPTS) throw error;
      }
    }
  }

  readStream(stream: string, fromRevision?: StreamRevision): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, fromRevision);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(options);
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The event the new ones follow: the one at the expected revision (the newest one for `any`). */
  private async lastEvent(stream: string, expected: ExpectedRevision): Promise<RecordedEvent | undefined> {
    if (expected === 'any') return (await this.inner.readStream(stream)).at(-1);
    if (expected < 0) return undefined;
    const [event] = await this.inner.readStream(stream, expected);
    // A stream that is shorter or longer fails the inner append's revision check; what is chained then does not matter.
    return event?.revision === expected ? event : undefined;
  }
}
