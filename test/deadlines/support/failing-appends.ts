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
 * A fault injector over the real store: the first `times` appends of each command whose events `match` fail with
 * StoreUnavailableError, as a locked or unreachable store would; every other call goes to the real store. A command
 * is known by its first event id (derived from its idempotency key), so a retry of it is recognised.
 */
export class FailingAppends implements EventStore {
  /** Event types of each append refused, in order. */
  readonly refused: string[][] = [];
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly inner: EventStore,
    private readonly match: (events: readonly NewEvent[]) => boolean,
    private readonly times = 1,
  ) {}

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const command = events[0]?.id;
    if (command !== undefined && this.match(events)) {
      const failed = this.failures.get(command) ?? 0;
      if (failed < this.times) {
        this.failures.set(command, failed + 1);
        this.refused.push(events.map((e) => e.type));
        return Promise.reject(new StoreUnavailableError('injected: the store is unavailable'));
      }
    }
    return this.inner.append(stream, events, expected);
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
}
