import {
  createEventReader,
  DON_EVENT_SCHEMA_VERSIONS,
  isDonEventType,
  NewerEventVersionError,
  readCaseEventOrSkipNewer,
  readReceptionEventOrSkipNewer,
  type CaseEvent,
  type DonEvent,
  type NewerEvent,
  type ReceptionEvent,
} from '@kntc/domain';
import type { Position, RecordedEvent } from '@kntc/event-store';

/** A stored event as projections read it: upcast to the current schema, with where and when it was recorded. */
export interface ProjectedEvent {
  /** The store's event id (set for every event read from a store; events made up by hand may lack it). */
  id?: string;
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
  /** The workflow it was decided under (metadata `workflow`), when the writer gave one. */
  workflow?: { id: string; version: number };
  /** A reception session's event (stream `reception-…`), read by the reception projections. */
  reception?: ReceptionEvent;
  /** A đơn's event (stream `don-…`), read by the đơn projections. */
  don?: DonEvent;
  /** Set when a newer release wrote it: `event` is then undefined, the projections skip it and the runner raises an alert. */
  newer?: NewerEvent;
}

/**
 * Upcast once per stored event for every projection of the process: the store hands the projections that read a
 * page together the same RecordedEvent objects (shared pages, the subscriptions' recent events), and projections
 * never change what they are given.
 */
const projectedOf = new WeakMap<RecordedEvent, ProjectedEvent>();

export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  let projected = projectedOf.get(recorded);
  if (projected === undefined) projectedOf.set(recorded, (projected = project(recorded)));
  return projected;
}

function project(recorded: RecordedEvent): ProjectedEvent {
  const occurredAt = recorded.metadata['occurredAt'];
  const occurredOn = recorded.metadata['occurredOn'];
  const actor = recorded.metadata['actor'] as { id?: unknown } | undefined;
  const workflow = recorded.metadata['workflow'] as { id: string; version: number } | undefined;
  const { event, newer } = readCaseEventOrSkipNewer(recorded);
  const reception = readReceptionEventOrSkipNewer(recorded);
  const don = readDonEventOrSkipNewer(recorded);
  return {
    id: recorded.id,
    position: recorded.position,
    stream: recorded.stream,
    revision: recorded.revision,
    event,
    ...(newer !== undefined ? { newer } : reception.newer !== undefined ? { newer: reception.newer } : don.newer !== undefined ? { newer: don.newer } : {}),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : recorded.recordedAt,
    ...(typeof occurredOn === 'string' ? { occurredOn } : {}),
    actorId: typeof actor?.id === 'string' ? actor.id : undefined,
    ...(reception.event !== undefined ? { reception: reception.event } : {}),
    ...(don.event !== undefined ? { don: don.event } : {}),
    ...(workflow !== undefined ? { workflow } : {}),
  };
}

const readDon = createEventReader([], DON_EVENT_SCHEMA_VERSIONS);

function readDonEventOrSkipNewer(recorded: RecordedEvent): { event?: DonEvent; newer?: NewerEvent } {
  if (!isDonEventType(recorded.type)) return {};
  try {
    return { event: readDon(recorded) as unknown as DonEvent };
  } catch (error) {
    if (error instanceof NewerEventVersionError) return { newer: { type: error.eventType, version: error.version } };
    throw error;
  }
}
