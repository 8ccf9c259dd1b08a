import type { DonEvent } from '@kntc/domain';
import { vnDateOf, type LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import { hgetEach } from '../shared/read-model-redis';
import type { RedisWrite } from '../shared/redis-write';

export const DON_FACTS_PROJECTION = 'don-facts';

/** don-facts: per department, per đơn the events a report folds, stripped of identities and free text. */
export const donFactsKeys = (build: BuildKeys) => ({
  /** HASH: donId → JSON DonFacts. */
  facts: (department: string) => `${build.prefix}facts:${department}`,
  /** HASH: donId → department, for the events after the registration. */
  departmentOf: `${build.prefix}department-of`,
});

/** One event of a đơn as the report folds it (the domain's evolveDon), with the business day it was recorded on. */
export interface DonFactEvent {
  event: DonEvent;
  /** metadata.occurredOn: a report as of a day counts the events recorded by then. */
  recordedOn: LocalDate;
}

export interface DonFacts {
  events: DonFactEvent[];
}

/**
 * The đơn event without what a report must never hold: parties, citizen key, subject, content, respondent, locality
 * and the free-text reasons. What is left is what evolveDon reads: ids, dates, source kind, signers, classification
 * codes, outcomes and their document dates.
 */
export function stripDonEvent(event: DonEvent): DonEvent {
  switch (event.type) {
    case 'DonRegistered': {
      const d = event.data;
      return {
        type: 'DonRegistered',
        data: {
          donId: d.donId,
          department: d.department,
          matterId: d.matterId,
          ...(d.repeatOf !== undefined ? { repeatOf: d.repeatOf } : {}),
          source: { kind: d.source.kind },
          receivedOn: d.receivedOn,
          registeredAt: d.registeredAt,
          signers: d.signers,
          anonymous: d.anonymous,
          parties: [],
          subject: '',
          content: '',
          processingRule: d.processingRule,
          ...(d.processingDueOn !== undefined ? { processingDueOn: d.processingDueOn } : {}),
        },
      };
    }
    case 'DonClassified': {
      const { notQualifyingReason: _reason, competentBody: _body, ...data } = event.data;
      return { type: event.type, data };
    }
    case 'DonArchived':
      return { type: event.type, data: { ...event.data, ground: '' } };
    default:
      return event;
  }
}

/**
 * What đơn-processing figures read: per department one hash, per đơn its stripped events with the day each was
 * recorded, so a report as of any day folds each đơn as it stood then. Writes are whole values: a batch applied
 * twice writes the same.
 */
export class DonFactsProjection implements Projection {
  readonly name = DON_FACTS_PROJECTION;
  readonly description = 'Dữ kiện báo cáo xử lý đơn theo đơn vị: các bước của từng đơn, có ngày, không có nội dung và danh tính';
  readonly streamPrefix = 'don-';

  constructor(readonly version: number = 1) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = donFactsKeys(build);
    const byDon = new Map<string, { department?: string; events: DonFactEvent[] }>();
    for (const projected of events) {
      const don = projected.don;
      if (don === undefined) continue;
      const entry = byDon.get(don.data.donId) ?? { events: [] };
      if (don.type === 'DonRegistered') entry.department = don.data.department;
      entry.events.push(donFactEvent(don, projected));
      byDon.set(don.data.donId, entry);
    }
    if (byDon.size === 0) return [];
    const ids = [...byDon.keys()];
    const departments = await redis.hmget(keys.departmentOf, ...ids);
    // Events of a đơn whose registration was never read are left out: no report could count it.
    const known = ids.flatMap((donId, i) => {
      const department = byDon.get(donId)!.department ?? departments[i] ?? undefined;
      return department === undefined ? [] : [{ donId, department }];
    });
    const stored = await hgetEach(redis, known.map(({ donId, department }) => ({ key: keys.facts(department), field: donId })));
    const writes: RedisWrite[] = [];
    for (const [i, { donId, department }] of known.entries()) {
      const entry = byDon.get(donId)!;
      const facts: DonFacts = stored[i] ? (JSON.parse(stored[i]!) as DonFacts) : { events: [] };
      facts.events.push(...entry.events);
      writes.push({ op: 'hset', key: keys.departmentOf, field: donId, value: department });
      writes.push({ op: 'hset', key: keys.facts(department), field: donId, value: JSON.stringify(facts) });
    }
    return writes;
  }
}

/** A đơn event as its facts keep it: stripped, with the business day it was recorded on. */
export function donFactEvent(don: DonEvent, projected: Pick<ProjectedEvent, 'occurredOn' | 'occurredAt'>): DonFactEvent {
  return { event: stripDonEvent(don), recordedOn: projected.occurredOn ?? vnDateOf(projected.occurredAt) };
}
