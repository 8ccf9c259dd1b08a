import type { LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { dateScore, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import { RECEPTION_SESSIONS_PROJECTION } from './reception-sessions.projection';
import { receptionSessionsKeys } from './reception-sessions.keys';

/** Reads the index: the ids of a department's sessions dated within a period, in date order. */
export class ReceptionSessionsQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async sessionIds(department: string, from: LocalDate, to: LocalDate): Promise<string[]> {
    const active = await readActiveBuild(this.redis, this.keys.projection(RECEPTION_SESSIONS_PROJECTION));
    if (active === undefined) return [];
    const keys = receptionSessionsKeys(this.keys.projection(RECEPTION_SESSIONS_PROJECTION).build(active.build));
    return this.redis.zrangebyscore(keys.byDate(department), dateScore(from), dateScore(to));
  }
}
