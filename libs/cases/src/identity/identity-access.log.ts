import { randomUUID } from 'node:crypto';
import type { Actor } from '@kntc/domain';
import { chainEvents, ConcurrencyError, NO_STREAM, verifyStreamChain, type ChainStatus, type EventStore, type RecordedEvent } from '@kntc/event-store';

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

const MAX_ATTEMPTS = 5;

export class IdentityAccessLog {
  constructor(private readonly store: EventStore) {}

  /** Appends a record at the end of the chain; retries when another record was appended meanwhile. */
  async record(record: AccessRecord, metadata: { actor: Actor | { id: string; role: string }; correlationId?: string }): Promise<RecordedEvent['revision']> {
    const stream = accessStream(record.data.caseId);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(stream);
      const last = recorded[recorded.length - 1];
      const occurredAt = 'revealedAt' in record.data ? record.data.revealedAt : record.data.shreddedAt;
      const [event] = chainEvents(stream, last, [
        {
          id: randomUUID(),
          type: record.type,
          schemaVersion: 1,
          data: record.data as unknown as Record<string, unknown>,
          metadata: { actor: metadata.actor, occurredAt, ...(metadata.correlationId ? { correlationId: metadata.correlationId } : {}) },
        },
      ]);
      try {
        return (await this.store.append(stream, [event!], last?.revision ?? NO_STREAM)).revision;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
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
