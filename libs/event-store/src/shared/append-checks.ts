import { DuplicateEventIdError } from '../port/event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent, Position, StreamRevision } from '../port/event-store.port';

/** What an adapter knows about an already stored event whose id is in the batch being appended. */
export interface StoredEventRef {
  id: string;
  stream: string;
  revision: StreamRevision;
  type: string;
  position: Position;
}

/** Refuses malformed appends before they reach a store; both adapters answer them the same way. */
export function assertValidAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (stream.length === 0) throw new RangeError('stream name must not be empty');
  if (events.length === 0) throw new RangeError(`append to ${stream} needs at least one event`);
  if (expected !== 'any' && !(Number.isSafeInteger(expected) && expected >= -1)) {
    throw new RangeError(`expected revision must be 'any' or an integer >= -1, got ${String(expected)}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) throw new DuplicateEventIdError(event.id);
    seen.add(event.id);
  }
}

/**
 * Like KurrentDB: when every id of the batch is already stored in this stream, consecutively and with the
 * same types, the append is a repeat and answers as the first one did. Any other overlap is refused.
 * Returns undefined when none of the ids is stored.
 */
export function findIdempotentRepeat(
  stream: string,
  events: NewEvent[],
  stored: StoredEventRef[],
): AppendResult | undefined {
  if (stored.length === 0) return undefined;
  const byId = new Map(stored.map((ref) => [ref.id, ref]));
  const first = byId.get(events[0]!.id);
  const matches = events.map((event, index) => {
    const ref = byId.get(event.id);
    return (
      first !== undefined &&
      ref !== undefined &&
      ref.stream === stream &&
      ref.type === event.type &&
      ref.revision === first.revision + index
    );
  });
  if (!matches.every(Boolean)) {
    // Name an id that is stored, preferring one stored for a different event.
    const conflicting =
      events.find((event, index) => byId.has(event.id) && !matches[index]) ?? events.find((event) => byId.has(event.id))!;
    throw new DuplicateEventIdError(conflicting.id);
  }
  const last = byId.get(events[events.length - 1]!.id)!;
  return { revision: last.revision, position: last.position, written: false };
}
