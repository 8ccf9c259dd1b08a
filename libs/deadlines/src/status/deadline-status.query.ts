import type { Queue } from 'bullmq';
import { readActiveBuild } from '@kntc/read-models';
import type { Redis } from 'ioredis';
import type { DeadlineKeys, TimerJobData } from '../queues';
import type { TimerClock } from '../timers/timer-clock';
import { parkedTimerKeys, type ParkedJob } from '../timers/parked-timers';

export interface DeadlineStatus {
  /** Pending (parked, delayed or waiting) timer jobs by clock, then by job name. */
  pendingByClock: Record<string, Record<string, number>>;
  /** The next timer to fire. */
  next?: { jobId: string; fireAt: string; dueDate: string };
  /** Running clocks whose due moment has passed (the scheduler's view). */
  overdue: number;
  runningClocks: number;
  /** Timer jobs that failed for good (not skipped: an error the worker could not handle). */
  failedTimers: number;
  failedWebhooks: { count: number; latest: Array<{ jobId: string; url: string; reason: string; attempts: number }> };
  schedulerCheckpoint: string;
}

/** What `kntc deadlines status` prints. Reads Redis only: pending jobs, the scheduler's clocks, failures. */
export async function readDeadlineStatus(deps: { timers: Queue; webhooks: Queue; redis: Redis; keys: DeadlineKeys; now: Date }): Promise<DeadlineStatus> {
  const pending = await deps.timers.getJobs(['delayed', 'wait', 'prioritized'], 0, -1);
  const pendingByClock: Record<string, Record<string, number>> = {};
  let next: DeadlineStatus['next'];
  const count = (jobId: string, name: string, data: TimerJobData): void => {
    const byName = (pendingByClock[data.clock] ??= {});
    byName[name] = (byName[name] ?? 0) + 1;
    if (next === undefined || data.fireAt < next.fireAt) next = { jobId, fireAt: data.fireAt, dueDate: data.dueDate };
  };
  for (const job of pending) count(job.id!, job.name, job.data as TimerJobData);
  // Timers parked until they are due within the horizon (parked-timers.ts) are pending too; read a page at a time.
  let parkedCursor = '0';
  do {
    const [nextCursor, entries] = await deps.redis.hscan(parkedTimerKeys(deps.timers).jobs, parkedCursor, 'COUNT', 1000);
    parkedCursor = nextCursor;
    for (let i = 0; i < entries.length; i += 2) {
      const job = JSON.parse(entries[i + 1]!) as ParkedJob;
      count(entries[i]!, job.name, job.data);
    }
  } while (parkedCursor !== '0');
  let overdue = 0;
  let runningClocks = 0;
  let cursor = '0';
  const records = await readActiveBuild(deps.redis, deps.keys.scheduler);
  do {
    if (records === undefined) break;
    const [nextCursor, keys] = await deps.redis.scan(cursor, 'MATCH', deps.keys.schedulerRecords(records.keys).timersPattern(), 'COUNT', 1000);
    cursor = nextCursor;
    for (const key of keys) {
      for (const json of Object.values(await deps.redis.hgetall(key))) {
        const clock = JSON.parse(json) as TimerClock;
        runningClocks++;
        if (Date.parse(clock.dueAt) < deps.now.getTime()) overdue++;
      }
    }
  } while (cursor !== '0');
  const failed = await deps.webhooks.getJobs(['failed'], 0, 9);
  return {
    pendingByClock,
    ...(next ? { next } : {}),
    overdue,
    runningClocks,
    failedTimers: await deps.timers.getFailedCount(),
    failedWebhooks: {
      count: await deps.webhooks.getFailedCount(),
      latest: failed.map((j) => ({ jobId: j.id!, url: String((j.data as { url?: unknown }).url), reason: j.failedReason, attempts: j.attemptsMade })),
    },
    schedulerCheckpoint: (records?.position ?? 0n).toString(),
  };
}
