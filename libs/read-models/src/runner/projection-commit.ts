import type { NewerEvent } from '@kntc/domain';
import type { Position, RecordedEvent } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import type { ProjectionKeys } from '../keys';
import { toProjectedEvent } from '../shared/projected-event';
import { pipelineReplies } from '../shared/read-model-redis';
import { queueWrites } from '../shared/redis-write';
import { mayWrite } from './projection-builds';
import type { BatchContext, Projection } from './projection';

/** Attempts when a watched key changes between the read and the EXEC (another writer, a switch). */
const MAX_ATTEMPTS = 5;

export type CommitOutcome =
  | { kind: 'committed'; applied: number; skipped: number; position: Position; active: string | null; newer: Array<NewerEvent & { position: Position }> }
  /** Every event of the batch was at or below the checkpoint: already applied, nothing written. */
  | { kind: 'skipped'; skipped: number; position: Position; active: string | null }
  /** The build may no longer be written: a newer build is active, or the build was dropped. */
  | { kind: 'superseded'; active: string | null };

/**
 * Applies a batch to one build, exactly once. Read-before-write is guarded by WATCH: the checkpoint, the
 * active pointer and the build registry are watched, the checkpoint is read, events at or below it are
 * skipped, the projection reads the state it needs and plans its writes, and the writes plus the new
 * checkpoint go in one MULTI/EXEC. If any watched key changed meanwhile (a second runner whose lease lapsed,
 * a switch, a sweep) EXEC does nothing and the batch is planned again from what is stored now. A crash before
 * EXEC writes nothing; after it, the checkpoint already covers the batch.
 *
 * `conn` must be a connection of its own: WATCH is per connection, and any EXEC on it would clear the watch.
 */
export async function commitBatch(
  conn: Redis,
  keys: ProjectionKeys,
  build: string,
  projection: Projection,
  events: readonly RecordedEvent[],
  batch: BatchContext = { catchingUp: false },
): Promise<CommitOutcome> {
  const buildKeys = keys.build(build);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { stored, active, registered } = await watchBuild(conn, keys, build);
    if (registered !== 1 || !mayWrite(build, active)) {
      await conn.unwatch();
      return { kind: 'superseded', active };
    }
    const checkpoint = stored === null ? 0n : BigInt(stored);
    const fresh = events.filter((e) => e.position > checkpoint);
    if (fresh.length === 0) {
      await conn.unwatch();
      return { kind: 'skipped', skipped: events.length, position: checkpoint, active };
    }
    const projected = fresh.map(toProjectedEvent);
    const writes = await projection.project(projected, conn, buildKeys, batch);
    const position = fresh[fresh.length - 1]!.position;
    const tx = conn.multi();
    queueWrites(tx, writes);
    const newer = projected.flatMap((e) => (e.newer !== undefined ? [{ ...e.newer, position: e.position }] : []));
    for (const skipped of newer) {
      // Counted with the checkpoint, so a crash neither loses nor repeats an alert.
      const field = `${skipped.type}@v${skipped.version}`;
      tx.hincrby(keys.newerEvents, field, 1);
      tx.hsetnx(keys.newerEvents, `${field}:first-position`, skipped.position.toString());
    }
    tx.set(buildKeys.checkpoint, position.toString());
    const results = await tx.exec();
    if (results === null) continue;
    const failed = results.find(([error]) => error !== null);
    if (failed) throw new Error(`projection ${projection.name} ${build}: a write of the batch failed: ${String(failed[0])}`);
    return { kind: 'committed', applied: fresh.length, skipped: events.length - fresh.length, position, active, newer };
  }
  throw new Error(`projection ${projection.name} ${build}: the batch kept conflicting with another writer (${MAX_ATTEMPTS} attempts)`);
}

/**
 * WATCHes the build's checkpoint, the active pointer and the build registry, and reads them, in one round trip (one
 * write to the socket: a runner commits many small batches while it follows the store).
 */
async function watchBuild(conn: Redis, keys: ProjectionKeys, build: string): Promise<{ stored: string | null; active: string | null; registered: number }> {
  const checkpoint = keys.build(build).checkpoint;
  const [, stored, active, registered] = await pipelineReplies(
    conn.pipeline().watch(checkpoint, keys.active, keys.builds).get(checkpoint).get(keys.active).sismember(keys.builds, build),
  );
  return { stored: stored as string | null, active: active as string | null, registered: registered as number };
}

/**
 * Moves a build's checkpoint forward to `position` over events none of which it projects, under the same guard as
 * commitBatch. Returns the checkpoint now stored, or undefined when the build may no longer be written.
 */
export async function advanceCheckpoint(conn: Redis, keys: ProjectionKeys, build: string, position: Position): Promise<Position | undefined> {
  const buildKeys = keys.build(build);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { stored, active, registered } = await watchBuild(conn, keys, build);
    const checkpoint = stored === null ? 0n : BigInt(stored);
    if (registered !== 1 || !mayWrite(build, active) || checkpoint >= position) {
      await conn.unwatch();
      return registered !== 1 || !mayWrite(build, active) ? undefined : checkpoint;
    }
    if ((await conn.multi().set(buildKeys.checkpoint, position.toString()).exec()) !== null) return position;
  }
  return undefined;
}
