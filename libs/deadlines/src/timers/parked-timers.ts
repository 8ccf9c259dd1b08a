import type { JobsOptions, Queue } from 'bullmq';
import type { ChainableCommander, Redis } from 'ioredis';
import type { TimerJobData } from '../queues';
import type { PlannedTimer } from './timer-plan';

/**
 * Timers that fire later than the horizon wait in two keys of the queue's own namespace instead of as BullMQ jobs:
 * a sorted set of job ids by the business instant they fire at, and a hash of each one's job (name, data, options).
 * Parking one is a ZADD and an HSET, dropping it a ZREM and an HDEL; a BullMQ delayed job costs a Lua script to add
 * and another to remove, and most timers are dropped before they fire (the clock stops when the case moves on).
 * They enter BullMQ as delayed jobs, with their own ids, once they are due within the horizon (promoteParked).
 * The connection given must be the queue's Redis (DeadlinesModule gives the scheduler and BullMQ one URL).
 */
export interface ParkedTimerKeys {
  /** Sorted set: job id → business instant (ms) it fires at. */
  due: string;
  /** Hash: job id → JSON of {@link ParkedJob}. */
  jobs: string;
}

/** A timer job as BullMQ will be given it, but for the delay, computed when it enters BullMQ. */
export interface ParkedJob {
  name: PlannedTimer['name'];
  data: TimerJobData;
  opts: Omit<JobsOptions, 'delay' | 'jobId'>;
}

export function parkedTimerKeys(queue: Queue): ParkedTimerKeys {
  return { due: queue.toKey('kntc-parked'), jobs: queue.toKey('kntc-parked-jobs') };
}

/** Job ids promoted per round: bounds what a round holds in memory. */
const PROMOTE_PAGE = 500;

/** Parks timers (idempotent: the same id is parked once, with its latest job). */
export async function parkTimers(redis: Redis, queue: Queue, timers: ReadonlyArray<{ jobId: string; job: ParkedJob }>): Promise<void> {
  if (timers.length === 0) return;
  const keys = parkedTimerKeys(queue);
  const multi = redis.multi();
  for (const { jobId, job } of timers) multi.zadd(keys.due, Date.parse(job.data.fireAt), jobId).hset(keys.jobs, jobId, JSON.stringify(job));
  await execAll(multi);
}

/** Drops parked timers; answers the ids that were parked (the others may be BullMQ jobs). */
export async function unparkTimers(redis: Redis, queue: Queue, jobIds: readonly string[]): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const keys = parkedTimerKeys(queue);
  const multi = redis.multi();
  for (const id of jobIds) multi.zrem(keys.due, id);
  multi.hdel(keys.jobs, ...jobIds);
  const replies = await execAll(multi);
  return new Set(jobIds.filter((_, i) => replies[i] === 1));
}

/**
 * Moves the parked timers that fire at `upTo` or before into BullMQ, as delayed jobs counted from `now` (both
 * business instants), a page at a time; answers how many. Added first, dropped after: a crash in between adds
 * them again next time, and BullMQ keeps one job per id. A timer dropped (unparkTimers) while a round moves it
 * may still enter BullMQ: its job then finds its step stale and the decider skips it, as for any job of a clock
 * that moved while it ran.
 */
export async function promoteParked(redis: Redis, queue: Queue, upTo: number, now: number): Promise<number> {
  const keys = parkedTimerKeys(queue);
  let promoted = 0;
  for (;;) {
    const ids = await redis.zrangebyscore(keys.due, '-inf', upTo, 'LIMIT', 0, PROMOTE_PAGE);
    if (ids.length === 0) return promoted;
    const jobs = await redis.hmget(keys.jobs, ...ids);
    const entries = ids.flatMap((jobId, i) => (jobs[i] == null ? [] : [{ jobId, job: JSON.parse(jobs[i]!) as ParkedJob }]));
    await queue.addBulk(
      entries.map(({ jobId, job }) => ({ name: job.name, data: job.data, opts: { ...job.opts, jobId, delay: Math.max(0, Date.parse(job.data.fireAt) - now) } })),
    );
    const multi = redis.multi().zrem(keys.due, ...ids).hdel(keys.jobs, ...ids);
    await execAll(multi);
    promoted += entries.length;
  }
}

async function execAll(multi: ChainableCommander): Promise<unknown[]> {
  const replies = await multi.exec();
  if (replies === null) throw new Error('parked timers: transaction aborted');
  const failed = replies.find(([error]) => error !== null);
  if (failed) throw failed[0]!;
  return replies.map(([, value]) => value);
}
