import { RECEPTION_STREAM_PREFIX, sessionIdOfStream } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { dateScore, type BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import { receptionSessionsKeys } from './reception-sessions.keys';

export const RECEPTION_SESSIONS_PROJECTION = 'reception-sessions';

/**
 * The index of reception sessions by department and date, so the schedule and the reception book of a period read
 * the streams of that period's sessions, never the whole store. Every write is absolute: a batch applied twice
 * writes the same.
 */
export class ReceptionSessionsProjection implements Projection {
  readonly name = RECEPTION_SESSIONS_PROJECTION;
  readonly description = 'Chỉ mục buổi tiếp công dân theo đơn vị và ngày (chỉ mã buổi tiếp và ngày)';
  readonly streamPrefix = RECEPTION_STREAM_PREFIX;

  constructor(readonly version: number = 1) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = receptionSessionsKeys(build);
    const sessions = new Map<string, { department?: string; date?: LocalDate }>();
    for (const { stream, reception } of events) {
      const sessionId = sessionIdOfStream(stream);
      if (sessionId === undefined || reception === undefined) continue;
      const entry = sessions.get(sessionId) ?? {};
      switch (reception.type) {
        case 'ReceptionSessionPlanned':
        case 'ReceptionSessionOpened':
          entry.department = reception.data.department;
          entry.date = reception.data.date;
          break;
        case 'ReceptionSessionPostponed':
          entry.date = reception.data.newDate;
          break;
        default:
          continue;
      }
      sessions.set(sessionId, entry);
    }
    const unknown = [...sessions.entries()].filter(([, entry]) => entry.department === undefined).map(([sessionId]) => sessionId);
    if (unknown.length > 0) {
      const departments = await redis.hmget(keys.departmentOf, ...unknown);
      unknown.forEach((sessionId, index) => (sessions.get(sessionId)!.department = departments[index] ?? undefined));
    }
    const writes: RedisWrite[] = [];
    for (const [sessionId, { department, date }] of sessions) {
      // A postponement whose planning was never read: nothing to index it under.
      if (department === undefined || date === undefined) continue;
      writes.push({ op: 'hset', key: keys.departmentOf, field: sessionId, value: department });
      writes.push({ op: 'zadd', key: keys.byDate(department), member: sessionId, score: dateScore(date) });
    }
    return writes;
  }
}
