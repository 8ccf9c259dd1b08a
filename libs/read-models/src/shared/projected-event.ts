import { readCaseEvent, type CaseEvent } from '@kntc/domain';
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
  /** The user or system actor that caused it (metadata `actor.id`). */
  actorId: string | undefined;
}

export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  const occurredAt = recorded.metadata['occurredAt'];
  const actor = recorded.metadata['actor'] as { id?: unknown } | undefined;
  return {
    position: recorded.position,
    stream: recorded.stream,
    revision: recorded.revision,
    event: readCaseEvent(recorded),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : recorded.recordedAt,
    actorId: typeof actor?.id === 'string' ? actor.id : undefined,
  };
}
