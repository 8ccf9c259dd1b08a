import { sessionIdOfStream, type ReceptionKind, type VisitOutcomeKind } from '@kntc/domain';
import { vnDateOf, type LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import { hgetEach } from '../shared/read-model-redis';
import type { RedisWrite } from '../shared/redis-write';

export const RECEPTION_FACTS_PROJECTION = 'reception-facts';

/** reception-facts: per department, per session held the visits a report counts, without identities or text. */
export const receptionFactsKeys = (build: BuildKeys) => ({
  /** HASH: sessionId → JSON ReceptionFacts. */
  facts: (department: string) => `${build.prefix}facts:${department}`,
  /** HASH: sessionId → department, for the visits recorded after the opening. */
  departmentOf: `${build.prefix}department-of`,
});

export interface VisitFact {
  no: number;
  /** The day of the visit (Asia/Ho_Chi_Minh). */
  on: LocalDate;
  recordedOn: LocalDate;
  citizens: number;
  /** A delegation (đoàn đông người, 5 or more: Luật TCD art. 29–30). */
  delegation: boolean;
  outcome: VisitOutcomeKind;
  /** The matter raised (an id; a visit with no đơn may have none). */
  matterId?: string;
  repeated: boolean;
}

export interface ReceptionFacts {
  kind: ReceptionKind;
  /** The day the session was held. */
  date: LocalDate;
  /** The day its register was opened (recorded). */
  openedOn: LocalDate;
  visits: VisitFact[];
}

/**
 * What the reception figures read: the sessions held (opened), per department, with their visits reduced to counts
 * and codes. Planned sessions that were never opened are not facts of reception. Whole values: a batch applied
 * twice writes the same.
 */
export class ReceptionFactsProjection implements Projection {
  readonly name = RECEPTION_FACTS_PROJECTION;
  readonly description = 'Dữ kiện báo cáo tiếp công dân theo đơn vị: buổi tiếp đã mở và các lượt tiếp, không có nội dung và danh tính';
  readonly streamPrefix = 'reception-';

  constructor(readonly version: number = 1) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = receptionFactsKeys(build);
    const sessions = new Map<string, { department?: string; events: ProjectedEvent[] }>();
    for (const projected of events) {
      const sessionId = sessionIdOfStream(projected.stream);
      if (sessionId === undefined || projected.reception === undefined) continue;
      const entry = sessions.get(sessionId) ?? { events: [] };
      if (projected.reception.type === 'ReceptionSessionOpened') entry.department = projected.reception.data.department;
      entry.events.push(projected);
      sessions.set(sessionId, entry);
    }
    if (sessions.size === 0) return [];
    const ids = [...sessions.keys()];
    const departments = await redis.hmget(keys.departmentOf, ...ids);
    // A session never opened (planned, postponed, cancelled) is no fact of reception.
    const opened = ids.flatMap((sessionId, i) => {
      const department = sessions.get(sessionId)!.department ?? departments[i] ?? undefined;
      return department === undefined ? [] : [{ sessionId, department }];
    });
    const stored = await hgetEach(redis, opened.map(({ sessionId, department }) => ({ key: keys.facts(department), field: sessionId })));
    const writes: RedisWrite[] = [];
    for (const [i, { sessionId, department }] of opened.entries()) {
      const entry = sessions.get(sessionId)!;
      const json = stored[i];
      const facts = entry.events.reduce<ReceptionFacts | undefined>(applyReceptionEvent, json == null ? undefined : (JSON.parse(json) as ReceptionFacts));
      if (facts === undefined) continue;
      writes.push({ op: 'hset', key: keys.departmentOf, field: sessionId, value: department });
      writes.push({ op: 'hset', key: keys.facts(department), field: sessionId, value: JSON.stringify(facts) });
    }
    return writes;
  }
}

/** A session's facts after one more of its events: the opening starts them, each visit adds one (once); pure. */
export function applyReceptionEvent(facts: ReceptionFacts | undefined, projected: ProjectedEvent): ReceptionFacts | undefined {
  const event = projected.reception;
  const recordedOn = projected.occurredOn ?? vnDateOf(projected.occurredAt);
  if (event?.type === 'ReceptionSessionOpened') return { kind: event.data.kind, date: event.data.date, openedOn: recordedOn, visits: facts?.visits ?? [] };
  if (event?.type !== 'VisitRecorded' || facts === undefined || facts.visits.some((v) => v.no === event.data.visitNo)) return facts;
  const d = event.data;
  const visit: VisitFact = {
    no: d.visitNo,
    on: vnDateOf(d.at),
    recordedOn,
    citizens: d.citizens,
    delegation: d.delegation !== undefined,
    outcome: d.outcome.kind,
    ...(d.matterId !== undefined ? { matterId: d.matterId } : {}),
    repeated: d.repeated,
  };
  return { ...facts, visits: [...facts.visits, visit] };
}
