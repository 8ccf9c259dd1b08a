import type { Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { compareBuilds, parseBuildId, type BuildKeys, type ProjectionKeys } from '../keys';

/** Keys deleted per UNLINK while a build is dropped. */
const DELETE_CHUNK = 1000;

export interface ActiveBuild {
  build: string;
  keys: BuildKeys;
  /** Checkpoint of the active build: queries answer as of this position. */
  position: Position;
}

/** The build that answers queries, and how far it has read; undefined before any runner started. */
export async function readActiveBuild(redis: Redis, keys: ProjectionKeys): Promise<ActiveBuild | undefined> {
  const build = await redis.get(keys.active);
  if (build === null) return undefined;
  const buildKeys = keys.build(build);
  const checkpoint = await redis.get(buildKeys.checkpoint);
  return { build, keys: buildKeys, position: checkpoint === null ? 0n : BigInt(checkpoint) };
}

/**
 * Whether a runner may still write `build`: it is the active build, or it is newer than the active one (a
 * rebuild in progress). Once a newer build is switched to, every older build is frozen and then dropped.
 */
export function mayWrite(build: string, active: string | null): boolean {
  if (active === null || active === build) return true;
  const mine = parseBuildId(build);
  const serving = parseBuildId(active);
  return mine !== undefined && serving !== undefined && compareBuilds(mine, serving) > 0;
}

/**
 * Points queries at `build` if it is newer than the active build. `conn` must be a connection of its own
 * (WATCH is per connection). False when a newer build got there first or the pointer moved meanwhile.
 */
export async function switchActive(conn: Redis, keys: ProjectionKeys, build: string): Promise<boolean> {
  await conn.watch(keys.active);
  const active = await conn.get(keys.active);
  if (active === build || !mayWrite(build, active)) {
    await conn.unwatch();
    return active === build;
  }
  const result = await conn.multi().set(keys.active, build).exec();
  return result !== null;
}

/**
 * Drops every build older than the active one, and every newer generation of the active version that no
 * runner holds a lease on (an operator rebuild that was interrupted): keys first, then the registration, so
 * a crash halfway leaves it registered and the next sweep finishes the job. Writers of older builds can no
 * longer commit (mayWrite is checked under WATCH of the active pointer), so nothing reappears behind it.
 * A newer version's build is kept: a runner of that version continues it.
 */
export async function sweepOldBuilds(redis: Redis, keys: ProjectionKeys): Promise<string[]> {
  const active = await redis.get(keys.active);
  const activeId = active === null ? undefined : parseBuildId(active);
  if (activeId === undefined) return [];
  const dropped: string[] = [];
  for (const build of await redis.smembers(keys.builds)) {
    const id = parseBuildId(build);
    if (id !== undefined && build === active) continue;
    if (id !== undefined && id.version > activeId.version) continue;
    if (id !== undefined && compareBuilds(id, activeId) > 0 && (await redis.exists(keys.lease(build))) === 1) continue;
    await deleteKeys(redis, keys.build(build).pattern());
    await redis.srem(keys.builds, build);
    dropped.push(build);
  }
  return dropped;
}

/** Deletes every key matching a SCAN pattern, in chunks. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', DELETE_CHUNK);
    cursor = next;
    for (let i = 0; i < found.length; i += DELETE_CHUNK) {
      deleted += await redis.unlink(...found.slice(i, i + DELETE_CHUNK));
    }
  } while (cursor !== '0');
  return deleted;
}
