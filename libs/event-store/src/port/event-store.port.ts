/**
 * The event store port (docs/architecture.md). Adapters: `sqlite` (embedded default) and `kurrentdb`.
 * Every adapter passes the one contract suite in `../testing/event-store.contract.ts`.
 */

/** Global, monotonic position of an event in the store (SQLite row id; KurrentDB (commit << 64) | prepare). */
export type Position = bigint;

/** 0-based revision of the last event in a stream; -1 for a stream that does not exist. */
export type StreamRevision = number;
export const NO_STREAM: StreamRevision = -1;

/** `any` skips the check; a number demands that the stream's last revision is exactly that. */
export type ExpectedRevision = StreamRevision | 'any';

export interface EventMetadata {
  [key: string]: unknown;
}

export interface NewEvent {
  /** UUID; derived from the command's idempotency key so a retry appends nothing new. */
  id: string;
  type: string;
  /** Schema version of `data`; upcasters read older versions. */
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  stream: string;
  revision: StreamRevision;
  position: Position;
  /** When the store wrote it (UTC ISO-8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  revision: StreamRevision;
  /** Position of the last event written (or of the original events, for an idempotent repeat). */
  position: Position;
  /** False when every event already existed with the same ids: an idempotent repeat that wrote nothing. */
  written: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to read from the beginning. */
  after?: Position;
  /** Stream name prefix, e.g. `case-`. */
  streamPrefix?: string;
  limit?: number;
}

export interface SubscribeOptions {
  after?: Position;
  streamPrefix?: string;
}

/** A catch-up-then-live subscription. Iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Every event of the stream in revision order, from `fromRevision` (inclusive). Empty if none. */
  readStream(stream: string, fromRevision?: StreamRevision): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeAll(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the store (0n when empty). */
  headPosition(): Promise<Position>;
  close(): Promise<void>;
}
