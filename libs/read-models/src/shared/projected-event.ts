import { readCaseEventOrSkipNewer, type CaseEvent, type NewerEvent } from '@kntc/domain';
import type { Position, RecordedEvent } from '@kntc/event-store';

/** A stored event as projections read it: upcast to the current schema, with where and when it was recorded. */
export interface ProjectedEvent {
  position: Position;
  stream: string;
  revision: number;
  /** Undefined for an event type no projection knows (another stream family, a newer release). */
  event: CaseEvent | undefined;
  /** Business time (metadata `occurredAt`), falling back to the time the store wrote it. */
  occurredAt: string;
  /** The business day it was recorded for (metadata `occurredOn`), when the writer gave one; reports date acts by it. */
  occurredOn?: string;
  /** The user or system actor that caused it (metadata `actor.id`). */
  actorId: string | undefined;
  /** Set when a newer release wrote it: `event` is then undefined, the projections skip it and the runner raises an alert. */
  newer?: NewerEvent;
}

export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  const occurredAt = recorded.metadata['occurredAt'];
  const occurredOn = recorded.metadata['occurredOn'];
  const actor = recorded.metadata['actor'] as { id?: unknown } | undefined;
  const { event, newer } = readCaseEventOrSkipNewer(recorded);
  return {
    position: recorded.position,
    stream: recorded.stream,
    revision: recorded.revision,
    event,
    ...(newer !== undefined ? { newer } : {}),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : recorded.recordedAt,
    ...(typeof occurredOn === 'string' ? { occurredOn } : {}),
    actorId: typeof actor?.id === 'string' ? actor.id : undefined,
  };
}
