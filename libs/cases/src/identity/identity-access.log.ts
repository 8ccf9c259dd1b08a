import { randomUUID } from 'node:crypto';
import type { Actor } from '@kntc/domain';
import { verifyStreamChain, type ChainStatus, type EventStore, type RecordedEvent } from '@kntc/event-store';

/**
 * Every read of a confidential identity, and the erasure of a case key, is recorded in the case's access
 * stream `access-<caseId>`, beside the case stream rather than in it: a reveal does not change the case's
 * revision (If-Match of the officers working on it), and projections, which follow `case-` streams, never see
 * it. The access stream is hash-chained like the case stream and holds no identity.
 */
export const ACCESS_STREAM_PREFIX = 'access-';

export function accessStream(caseId: string): string {
  return `${ACCESS_STREAM_PREFIX}${caseId}`;
}

export interface IdentityRevealed {
  type: 'IdentityRevealed';
  data: {
    caseId: string;
    revealedAt: string;
    actor: Actor;
    /** Why the officer needed the identity, in their words (Luật Tố cáo 2018, art. 56: every use is accounted for). */
    reason: string;
    /** How many confidential parties were decrypted. */
    parties: number;
  };
}

export interface CaseKeyShredded {
  type: 'CaseKeyShredded';
  data: { caseId: string; shreddedAt: string; operator: string; reason: string };
}

export type AccessRecord = IdentityRevealed | CaseKeyShredded;

export interface AccessLogEntry {
  revision: number;
  position: string;
  eventId: string;
  type: AccessRecord['type'];
  data: AccessRecord['data'];
  recordedAt: string;
}

export interface AccessLog {
  caseId: string;
  entries: AccessLogEntry[];
  chain: ChainStatus;
}

/** Writes and reads the access streams; the store it is given chains their events (HashChainingEventStore). */
export class IdentityAccessLog {
  constructor(private readonly store: EventStore) {}

  async record(record: AccessRecord, metadata: { actor: Actor | { id: string; role: string }; correlationId?: string }): Promise<RecordedEvent['revision']> {
    const occurredAt = 'revealedAt' in record.data ? record.data.revealedAt : record.data.shreddedAt;
    const event = {
      id: randomUUID(),
      type: record.type,
      schemaVersion: 1,
      data: record.data as unknown as Record<string, unknown>,
      metadata: { actor: metadata.actor, occurredAt, ...(metadata.correlationId ? { correlationId: metadata.correlationId } : {}) },
    };
    return (await this.store.append(accessStream(record.data.caseId), [event], 'any')).revision;
  }

  async read(caseId: string): Promise<AccessLog> {
    const stream = accessStream(caseId);
    const recorded = await this.store.readStream(stream);
    return {
      caseId,
      entries: recorded.map((r) => ({
        revision: r.revision,
        position: r.position.toString(),
        eventId: r.id,
        type: r.type as AccessRecord['type'],
        data: r.data as AccessRecord['data'],
        recordedAt: r.recordedAt,
      })),
      chain: verifyStreamChain(stream, recorded),
    };
  }
}
