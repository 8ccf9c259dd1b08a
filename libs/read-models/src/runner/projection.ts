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
  /** The stream family it follows (`reception-`, …); default the cases' `case-`. */
  readonly streamPrefix?: string;
  project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys, batch?: BatchContext): Promise<RedisWrite[]>;
  /**
   * Work outside Redis's transaction that committed batches called for (queue jobs): `project` records it among
   * its writes (an outbox committed with the checkpoint), and the runner calls this after each commit and when it
   * takes the build, so work a crash interrupted is done then. Must be idempotent: it may run twice.
   */
  settle?(redis: Redis, build: BuildKeys, batch?: BatchContext): Promise<void>;
}

/** What the runner knows of a batch beyond its events. */
export interface BatchContext {
  /**
   * The batch is a whole page of a catch-up (a rebuild, a replay after Redis was lost, a runner far behind): more
   * pages follow at once. A projection may then gather the work outside Redis its batches call for and do it once
   * the catch-up ends: the runner calls `settle` without this flag when it does, and at every later commit.
   */
  catchingUp: boolean;
}
