import type { Clock } from '@kntc/cases';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parkTimers, promoteParked, unparkTimers, type ParkedJob } from './parked-timers';
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
 * Timers due later than `horizonMs` from now wait parked in Redis (parked-timers.ts) and enter BullMQ `horizonMs`
 * before they fire (promoteDue, run every minute or so by the worker); 0 puts every timer in BullMQ at once.
 */
export interface TimerParking {
  /** The queue's Redis (the scheduler's connection: one URL for both). */
  redis: Redis;
  horizonMs: number;
}

/**
 * Adds and removes timer jobs. Delays are computed from the injected clock, so a manual clock in tests gives
 * the same jobs as production; `data.fireAt` keeps the business instant (fireDueJobs promotes by it).
 */
export class TimerQueue {
  constructor(
    readonly queue: Queue,
    private readonly clock: Clock,
    private readonly retry: TimerRetry = DEFAULT_TIMER_RETRY,
    private readonly parking?: TimerParking,
  ) {}

  /**
   * Idempotent: a job id already in the queue is left as it is (BullMQ drops the second add), a parked one is parked
   * once. A transient failure (store unavailable) is retried with exponential backoff; the handlers are idempotent,
   * so a retry appends once.
   */
  async add(timers: readonly PlannedTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    const parking = this.parking !== undefined && this.parking.horizonMs > 0 ? this.parking : undefined;
    const later = new Set(parking === undefined ? [] : timers.filter((t) => Date.parse(t.data.fireAt) > now + parking.horizonMs));
    const soon = later.size === 0 ? timers : timers.filter((t) => !later.has(t));
    if (parking !== undefined) await parkTimers(parking.redis, this.queue, [...later].map((t) => ({ jobId: t.jobId, job: { name: t.name, data: t.data, opts: this.jobOptions() } })));
    if (soon.length === 0) return;
    await this.queue.addBulk(
      soon.map((t) => ({ name: t.name, data: t.data, opts: { ...this.jobOptions(), jobId: t.jobId, delay: Math.max(0, Date.parse(t.data.fireAt) - now) } })),
    );
  }

  /**
   * Removes jobs in any state but running: a job running right now is left to finish (the decider refuses it if
   * stale). A parked timer is dropped from Redis; only the others cost BullMQ a removal.
   */
  async remove(jobIds: readonly string[]): Promise<void> {
    const parked = this.parking === undefined ? new Set<string>() : await unparkTimers(this.parking.redis, this.queue, jobIds);
    await Promise.all(jobIds.filter((id) => !parked.has(id)).map((id) => this.queue.remove(id).catch(() => 0)));
  }

  /** Moves the parked timers due within the horizon into BullMQ; answers how many. */
  async promoteDue(): Promise<number> {
    if (this.parking === undefined) return 0;
    const now = this.clock.now().getTime();
    return promoteParked(this.parking.redis, this.queue, now + this.parking.horizonMs, now);
  }

  private jobOptions(): ParkedJob['opts'] {
    return { attempts: this.retry.attempts, backoff: { type: 'exponential', delay: this.retry.backoffMs }, ...TIMER_JOB_RETENTION };
  }
}
