import {
  StoreUnavailableError,
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
} from '@kntc/event-store';

/**
 * A fault injector over the real store. `failAppends`: the first `times` appends of each command whose events
 * match fail with StoreUnavailableError, as a locked or unreachable store would; a command is known by its first
 * event id (derived from its idempotency key), so its retry is recognised. `answerEmpty`: the next reads of a
 * stream answer nothing, as a lagging replica would. `readAlls` records the whole-store reads. Every other call goes
 * to the real store.
 */
export class FaultyStore implements EventStore {
  /** Event types of each append refused, in order. */
  readonly refused: string[][] = [];
  /** The options of every whole-store read made through it, in order. */
  readonly readAlls: ReadAllOptions[] = [];
  private readonly failures = new Map<string, number>();
  private failing: { match: (events: readonly NewEvent[]) => boolean; times: number } | undefined;
  private readonly emptyReads = new Map<string, number>();
  private readAllsBeforeFailure: number | undefined;

  constructor(private readonly inner: EventStore) {}

  failAppends(match: (events: readonly NewEvent[]) => boolean, times = 1): this {
    this.failing = { match, times };
    return this;
  }

  answerEmpty(stream: string, times = 1): void {
    this.emptyReads.set(stream, times);
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const command = events[0]?.id;
    if (command !== undefined && this.failing?.match(events)) {
      const failed = this.failures.get(command) ?? 0;
      if (failed < this.failing.times) {
        this.failures.set(command, failed + 1);
        this.refused.push(events.map((e) => e.type));
        return Promise.reject(new StoreUnavailableError('injected: the store is unavailable'));
      }
    }
    return this.inner.append(stream, events, expected);
  }

  readStream(stream: string, fromRevision?: StreamRevision): Promise<RecordedEvent[]> {
    const empty = this.emptyReads.get(stream) ?? 0;
    if (empty > 0) {
      this.emptyReads.set(stream, empty - 1);
      return Promise.resolve([]);
    }
    return this.inner.readStream(stream, fromRevision);
  }

  /** The next whole-store read after `reads` more refuses once, as a store that went away (a crash mid-replay). */
  failReadAllAfter(reads: number): void {
    this.readAllsBeforeFailure = reads;
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.readAlls.push(options);
    if (this.readAllsBeforeFailure !== undefined && this.readAllsBeforeFailure-- === 0) {
      this.readAllsBeforeFailure = undefined;
      return Promise.reject(new StoreUnavailableError('injected: the store is unavailable'));
    }
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
}
