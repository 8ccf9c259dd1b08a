import type { Redis } from 'ioredis';
import type { BuildKeys } from '../keys';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';

/**
 * A read model's writer. The runner calls `project` between WATCH and MULTI with a batch of events not yet
 * applied; it reads the build's current keys through `redis` (reads only) and returns the writes, which the
 * runner commits together with the new checkpoint.
 */
export interface Projection {
  readonly name: string;
  /** Bump it when the keys or their meaning change: the new version rebuilds beside the old one. */
  readonly version: number;
  readonly description: string;
  project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]>;
}
