import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TimerJobData } from '../queues';
import { promoteParked } from '../timers/parked-timers';

/**
 * Time travel for tests: promotes the delayed timer jobs meant for `until` or earlier (by `data.fireAt`, the
 * business instant), so the real workers run them at once through the same processors as in production. A
 * failed timer waiting out its retry backoff is promoted too: its `fireAt` has passed.
 * Timers parked beyond the horizon (parked-timers.ts) and meant for `until` or earlier enter BullMQ first, when the
 * queue's Redis is given. Returns how many were promoted.
 */
export async function fireDueJobs(queue: Queue, until: Date, parked?: Redis): Promise<number> {
  // Counted with the others: they are due, so they enter BullMQ waiting, and the caller waits for them to run.
  let promoted = parked === undefined ? 0 : await promoteParked(parked, queue, until.getTime(), until.getTime());
  const delayed = await queue.getDelayed(0, -1);
  for (const job of delayed) {
    const data = job.data as TimerJobData;
    if (Date.parse(data.fireAt) <= until.getTime()) {
      // A retry whose backoff ended meanwhile left the delayed set on its own: it runs all the same.
      await job.promote().catch(async (error: unknown) => {
        if ((await job.getState()) === 'delayed') throw error;
      });
      promoted++;
    }
  }
  return promoted;
}

/** True when no job of the queue waits or runs (delayed ones may remain). */
export async function queueIdle(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('wait', 'active', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}
