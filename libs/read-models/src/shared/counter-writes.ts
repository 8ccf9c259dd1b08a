import type { Redis } from 'ioredis';
import { pipelineReplies } from './read-model-redis';
import type { RedisWrite } from './redis-write';

/** Changes of counters a batch makes: hash key → field → how much the batch adds (negative: takes away). */
export type CounterDeltas = Map<string, Map<string, number>>;

/** Adds `sign × n` for every counter of `counters` to the deltas of the hash `key`. */
export function addCounterDeltas(deltas: CounterDeltas, key: string, counters: Iterable<[string, number]>, sign: 1 | -1): void {
  const byField = deltas.get(key) ?? new Map<string, number>();
  for (const [field, n] of counters) byField.set(field, (byField.get(field) ?? 0) + sign * n);
  deltas.set(key, byField);
}

/**
 * The counters after the batch, as absolute writes (the same batch planned twice writes the same): the current
 * values of every changed field read in one round trip, an empty counter deleted rather than left at 0.
 */
export async function counterWrites(redis: Redis, deltas: CounterDeltas): Promise<RedisWrite[]> {
  const changed = [...deltas].flatMap(([key, byField]) => {
    const fields = [...byField].filter(([, delta]) => delta !== 0).map(([field]) => field);
    return fields.length === 0 ? [] : [{ key, fields }];
  });
  const pipeline = redis.pipeline();
  for (const { key, fields } of changed) pipeline.hmget(key, ...fields);
  const current = (await pipelineReplies(pipeline)) as Array<Array<string | null>>;
  return changed.flatMap(({ key, fields }, i) =>
    fields.map((field, j): RedisWrite => {
      const value = Number(current[i]![j] ?? 0) + deltas.get(key)!.get(field)!;
      return value > 0 ? { op: 'hset', key, field, value: String(value) } : { op: 'hdel', key, field };
    }),
  );
}
