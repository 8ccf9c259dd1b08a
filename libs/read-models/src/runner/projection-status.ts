import type { EventStore } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { compareBuilds, parseBuildId, type ProjectionKeys, type ReadModelKeys } from '../keys';
import type { Projection } from './projection';
import type { RunnerHeartbeat } from './runner-heartbeat';

export interface BuildStatus {
  build: string;
  active: boolean;
  /** Checkpoint (decimal). */
  position: string;
  /** Store head minus checkpoint, in store positions (events, for the SQLite store). */
  lag: string;
  /** Runner id holding the build's lease, if any. */
  writer: string | null;
}

export interface ProjectionStatus {
  projection: string;
  description: string;
  /** Version of the projection in this code. */
  codeVersion: number;
  active: string | null;
  /** Position of the newest event in the store (decimal). */
  head: string;
  builds: BuildStatus[];
  runners: RunnerHeartbeat[];
}

/** Where each projection stands: for `kntc projections status` and health checks. */
export async function readProjectionStatus(
  redis: Redis,
  keys: ReadModelKeys,
  store: EventStore,
  projections: readonly Projection[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  return Promise.all(
    projections.map(async (projection) => {
      const pkeys = keys.projection(projection.name);
      const active = await redis.get(pkeys.active);
      const ids = new Set(await redis.smembers(pkeys.builds));
      if (active !== null) ids.add(active);
      const builds = await Promise.all(
        [...ids].sort(byBuild).map(async (build): Promise<BuildStatus> => {
          const checkpoint = await redis.get(pkeys.build(build).checkpoint);
          const position = checkpoint === null ? 0n : BigInt(checkpoint);
          return {
            build,
            active: build === active,
            position: position.toString(),
            lag: (head > position ? head - position : 0n).toString(),
            writer: await redis.get(pkeys.lease(build)),
          };
        }),
      );
      return {
        projection: projection.name,
        description: projection.description,
        codeVersion: projection.version,
        active,
        head: head.toString(),
        builds,
        runners: await readHeartbeats(redis, pkeys),
      };
    }),
  );
}

/** The heartbeats of the runners in the projection's index (ProjectionKeys.runners) whose heartbeat is still alive. */
async function readHeartbeats(redis: Redis, keys: ProjectionKeys): Promise<RunnerHeartbeat[]> {
  const ids = await redis.zrange(keys.runners, '0', '-1');
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => keys.runner(id)));
  return values
    .filter((v): v is string => v !== null)
    .map((v) => JSON.parse(v) as RunnerHeartbeat)
    .sort((a, b) => a.runnerId.localeCompare(b.runnerId));
}

function byBuild(a: string, b: string): number {
  const pa = parseBuildId(a);
  const pb = parseBuildId(b);
  return pa && pb ? compareBuilds(pa, pb) : a.localeCompare(b);
}
