import type { Clock } from '@kntc/cases';
import type { Queue } from 'bullmq';
import type { PlannedTimer } from './timer-plan';

/** Finished jobs kept for Bull Board and `kntc deadlines status`; the store, not Redis, is the record. */
export const TIMER_JOB_RETENTION = { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 10_000 } } as const;

/** How often a timer job runs before it fails for good, and its first retry delay (doubled at each attempt). */
export interface TimerRetry {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_TIMER_RETRY: TimerRetry = { attempts: 8, backoffMs: 5_000 };

/**
 * Adds and removes timer jobs. Delays are computed from the injected clock, so a manual clock in tests gives
 * the same jobs as production; `data.fireAt` keeps the business instant (fireDueJobs promotes by it).
 */
export class TimerQueue {
  constructor(
    readonly queue: Queue,
    private readonly clock: Clock,
    private readonly retry: TimerRetry = DEFAULT_TIMER_RETRY,
  ) {}

  /**
   * Idempotent: a job id already in the queue is left as it is (BullMQ drops the second add). A transient failure
   * (store unavailable) is retried with exponential backoff; the handlers are idempotent, so a retry appends once.
   */
  async add(timers: readonly PlannedTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      timers.map((t) => ({
        name: t.name,
        data: t.data,
        opts: {
          jobId: t.jobId,
          delay: Math.max(0, Date.parse(t.data.fireAt) - now),
          attempts: this.retry.attempts,
          backoff: { type: 'exponential', delay: this.retry.backoffMs },
          ...TIMER_JOB_RETENTION,
        },
      })),
    );
  }

  /** Removes jobs in any state but running: a job running right now is left to finish (the decider refuses it if stale). */
  async remove(jobIds: readonly string[]): Promise<void> {
    await Promise.all(jobIds.map((id) => this.queue.remove(id).catch(() => 0)));
  }
}
