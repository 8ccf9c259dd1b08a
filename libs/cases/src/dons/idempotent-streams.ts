import { DuplicateEventIdError, deriveEventId, type EventStore, type NewEvent, type RecordedEvent } from '@kntc/event-store';
import { vnDateOf } from '@kntc/workflow';
import type { Actor } from '@kntc/domain';
import type { Principal } from '../execute-command/execute-case-command.command';
import { IdempotencyKeyReusedError } from '../shared/case-errors';
import { batchOf } from '../shared/event-batch';

/** Who sent a command on which key: what makes its events' ids, so a retry of one command appends nothing new. */
export interface StreamCommandMeta {
  actor: Actor;
  /** The account that sent the command when it is not the actor (the register importer). */
  principal?: Principal;
  idempotencyKey: string;
  commandType: string;
  /** SHA-256 of the request without identities: a key sent again with another body is refused. */
  requestHash: string;
  correlationId?: string;
  causationId?: string;
  /** Business time of the command: now, or the act's time in an imported register. */
  occurredAt: string;
}

/** Who sent the command: its events' ids are scoped by the sender, as a case command's are. */
function senderOf(meta: StreamCommandMeta): string {
  return (meta.principal ?? meta.actor).id;
}

/** The events one command appended to one stream. */
export interface AppendedBatch {
  stream: string;
  revision: number;
  position: string;
  events: Array<{ id: string; type: string; revision: number }>;
  /** True when the batch was already there from an earlier execution of the same key. */
  replayed: boolean;
}

/**
 * Event ids of a command on a stream, as the case handler derives them (`idempotencyScope`): the stream, the
 * sender and the Idempotency-Key. A command that touches several streams has one batch in each; every batch is
 * found again by its ids, which is how a retry completes a command that stopped half-way.
 */
export function streamScope(stream: string, senderId: string, idempotencyKey: string): string {
  return `${stream}\n${senderId}\n${idempotencyKey}`;
}

/** The earlier batch of this command on the stream, refused when the same key came with another request. */
export function earlierBatch(stream: string, recorded: readonly RecordedEvent[], meta: StreamCommandMeta): AppendedBatch | undefined {
  const batch = batchOf(recorded, streamScope(stream, senderOf(meta), meta.idempotencyKey));
  if (batch === undefined) return undefined;
  if (batch[0]!.metadata['requestHash'] !== meta.requestHash) throw new IdempotencyKeyReusedError(meta.idempotencyKey);
  const last = batch[batch.length - 1]!;
  return { stream, revision: last.revision, position: last.position.toString(), events: batch.map((e) => ({ id: e.id, type: e.type, revision: e.revision })), replayed: true };
}

/** Appends one command's events to one stream at the revision it decided on; ids from `streamScope`. */
export async function appendBatch(
  store: EventStore,
  stream: string,
  events: ReadonlyArray<{ type: string; data: object }>,
  schemaVersions: Readonly<Record<string, number>>,
  expectedRevision: number,
  meta: StreamCommandMeta,
): Promise<AppendedBatch> {
  const scope = streamScope(stream, senderOf(meta), meta.idempotencyKey);
  const commandId = deriveEventId(scope, -1);
  const newEvents: NewEvent[] = events.map((event, index) => ({
    id: deriveEventId(scope, index),
    type: event.type,
    schemaVersion: schemaVersions[event.type] ?? 1,
    data: event.data as Record<string, unknown>,
    metadata: {
      actor: meta.actor,
      ...(meta.principal !== undefined ? { principal: meta.principal } : {}),
      commandId,
      commandType: meta.commandType,
      idempotencyKey: meta.idempotencyKey,
      requestHash: meta.requestHash,
      correlationId: meta.correlationId ?? commandId,
      causationId: meta.causationId ?? commandId,
      occurredAt: meta.occurredAt,
      occurredOn: vnDateOf(meta.occurredAt),
    },
  }));
  try {
    const appended = await store.append(stream, newEvents, expectedRevision);
    const first = appended.revision - newEvents.length + 1;
    return {
      stream,
      revision: appended.revision,
      position: appended.position.toString(),
      events: newEvents.map((e, i) => ({ id: e.id, type: e.type, revision: first + i })),
      replayed: !appended.written,
    };
  } catch (error) {
    if (error instanceof DuplicateEventIdError) throw new IdempotencyKeyReusedError(meta.idempotencyKey);
    throw error;
  }
}
