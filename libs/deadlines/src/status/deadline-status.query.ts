import type { Queue } from 'bullmq';
import { pipelineReplies, readActiveBuild } from '@kntc/read-models';
import type { Redis } from 'ioredis';
import type { DeadlineKeys, TimerJobData } from '../queues';
import { parkedTimerKeys, type ParkedJob } from '../timers/parked-timers';

export interface ClockCount {
  running: number;
  /** Running clocks whose due moment has passed. */
  overdue: number;
  /** The earliest due moment among the running ones (UTC ISO). */
  nextDueAt?: string;
}

export interface DeadlineStatus {
  /** Running clocks by clock name, as the scheduler's records hold them. */
  clocks: Record<string, ClockCount>;
  /**
   * Timer jobs not yet run: parked until they fire within the horizon, delayed in BullMQ, or due and waiting for a
   * worker. A timer that is being moved from parked to BullMQ at the moment of reading may be counted in both.
   */
  pending: { parked: number; delayed: number; waiting: number };
  /**
   * The next timer to fire: the earlier of the first parked one and the first BullMQ will run (BullMQ orders its
   * delayed jobs by the instant they run, counted from the business clock when they entered it).
   */
  next?: { jobId: string; fireAt: string; dueDate: string };
  /** Running clocks whose due moment has passed (the scheduler's view), all clock names together. */
  overdue: number;
  runningClocks: number;
  /** Timer jobs that failed for good (not skipped: an error the worker could not handle). */
  failedTimers: number;
  failedWebhooks: { count: number; latest: Array<{ jobId: string; url: string; reason: string; attempts: number }> };
  schedulerCheckpoint: string;
}

/**
 * What `kntc deadlines status` prints. Reads Redis only, and only counts and heads of sorted sets (ZCARD, ZCOUNT,
 * the first member), so it answers as fast for a country's clocks as for a test's.
 */
export async function readDeadlineStatus(deps: { timers: Queue; webhooks: Queue; redis: Redis; keys: DeadlineKeys; now: Date }): Promise<DeadlineStatus> {
  const { redis, timers, webhooks } = deps;
  const parkedKeys = parkedTimerKeys(timers);
  const [parked, firstParked] = (await pipelineReplies(redis.pipeline().zcard(parkedKeys.due).zrange(parkedKeys.due, '0', '0', 'WITHSCORES'))) as [number, string[]];
  const counts = await timers.getJobCounts('delayed', 'waiting', 'prioritized');
  const [firstDelayed] = await timers.getDelayed(0, 0);
  const candidates: Array<{ jobId: string; data: TimerJobData }> = [];
  if (firstDelayed !== undefined) candidates.push({ jobId: firstDelayed.id!, data: firstDelayed.data as TimerJobData });
  if (firstParked.length > 0) {
    const json = await redis.hget(parkedKeys.jobs, firstParked[0]!);
    if (json !== null) candidates.push({ jobId: firstParked[0]!, data: (JSON.parse(json) as ParkedJob).data });
  }
  const first = candidates.sort((a, b) => Date.parse(a.data.fireAt) - Date.parse(b.data.fireAt))[0];

  const clocks: Record<string, ClockCount> = {};
  const records = await readActiveBuild(redis, deps.keys.scheduler);
  if (records !== undefined) {
    const recordKeys = deps.keys.schedulerRecords(records.keys);
    const names = (await redis.smembers(recordKeys.clockNames)).sort();
    const pipeline = redis.pipeline();
    for (const name of names) {
      const key = recordKeys.clocksDue(name);
      pipeline.zcard(key).zcount(key, '-inf', `(${deps.now.getTime()}`).zrange(key, '0', '0', 'WITHSCORES');
    }
    const replies = await pipelineReplies(pipeline);
    names.forEach((name, i) => {
      const [running, overdue, head] = replies.slice(3 * i, 3 * i + 3) as [number, number, string[]];
      if (running > 0) clocks[name] = { running, overdue, ...(head.length > 1 ? { nextDueAt: new Date(Number(head[1])).toISOString() } : {}) };
    });
  }
  const failed = await webhooks.getJobs(['failed'], 0, 9);
  return {
    clocks,
    pending: { parked, delayed: counts['delayed'] ?? 0, waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) },
    ...(first ? { next: { jobId: first.jobId, fireAt: first.data.fireAt, dueDate: first.data.dueDate } } : {}),
    overdue: Object.values(clocks).reduce((sum, c) => sum + c.overdue, 0),
    runningClocks: Object.values(clocks).reduce((sum, c) => sum + c.running, 0),
    failedTimers: await timers.getFailedCount(),
    failedWebhooks: {
      count: await webhooks.getFailedCount(),
      latest: failed.map((j) => ({ jobId: j.id!, url: String((j.data as { url?: unknown }).url), reason: j.failedReason, attempts: j.attemptsMade })),
    },
    schedulerCheckpoint: (records?.position ?? 0n).toString(),
  };
}
