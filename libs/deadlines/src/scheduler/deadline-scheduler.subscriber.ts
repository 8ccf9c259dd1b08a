import type { EventStore, Position } from '@kntc/event-store';
import { parseBuildId, ProjectionRunner, ReadModelKeys, readActiveBuild, type RunnerLogger, type RunnerProgress, type RunnerTuning } from '@kntc/read-models';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { DeadlineKeys, SchedulerRecordKeys } from '../queues';
import type { TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';
import type { WebhookOutbox } from '../webhooks/notify-webhooks-when-deadline-notice.reactor';
import { DeadlineSchedulerProjection, SCHEDULER_RECORDS_VERSION } from './deadline-scheduler.projection';
import { dropOldSchedulerKeys } from './old-scheduler-keys';

export interface DeadlineSchedulerOptions {
  store: EventStore;
  redis: Redis;
  keys: DeadlineKeys;
  timers: TimerQueue;
  webhooks?: WebhookOutbox;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  plan: TimerPlanOptions;
  /** Most events per batch (one MULTI/EXEC). */
  batchSize: number;
  /** How often an idle scheduler looks at its build, and a standby one for the lease, in ms. */
  pollMs: number;
  /** Lease lifetime without renewal, in ms. Default 10000. */
  leaseTtlMs?: number;
  /** Names this instance in the lease and heartbeat (tests); default host:pid:random. */
  runnerId?: string;
  logger?: RunnerLogger;
  /** Told after each batch this instance committed or skipped (tests, monitoring). */
  onProgress?: (progress: RunnerProgress) => void;
}

/** Where the scheduler's records answer from: its active build, and the store position they hold. */
export interface SchedulerRecords {
  keys: SchedulerRecordKeys;
  checkpoint: Position;
}

/**
 * The deadline scheduler: DeadlineSchedulerProjection run by the read side's ProjectionRunner, so it follows the
 * store's subscription from its checkpoint, commits each batch's records with the checkpoint in one MULTI/EXEC, and
 * writes only while it holds the lease (one active scheduler across processes; the others stand by and take over
 * once the lease lapses). Its records live in a build of their own: Redis lost, it replays the store into a fresh
 * one; a new SCHEDULER_RECORDS_VERSION rebuilds them beside the old ones and switches once caught up.
 */
export class DeadlineScheduler {
  readonly runner: ProjectionRunner;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    const tuning: Partial<RunnerTuning> = {
      batchSize: options.batchSize,
      // KNTC_DEADLINE_SCHEDULER_BATCH bounds every batch, a replay's too: each one's jobs go to BullMQ in one addBulk.
      replayBatchSize: options.batchSize,
      idleCheckMs: options.pollMs,
      standbyRetryMs: Math.max(options.pollMs, 1_000),
      ...(options.leaseTtlMs !== undefined ? { leaseTtlMs: options.leaseTtlMs } : {}),
    };
    this.runner = new ProjectionRunner({
      store: options.store,
      redis: options.redis,
      keys: new ReadModelKeys(options.keys.root),
      projection: new DeadlineSchedulerProjection(options),
      tuning,
      ...(options.runnerId !== undefined ? { runnerId: options.runnerId } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    });
  }

  /** Starts in the background; an earlier release's scheduler keys, if any, are deleted beside it (other keys than its own). */
  start(): void {
    this.runner.start();
    const { redis, keys, logger } = this.options;
    dropOldSchedulerKeys(redis, keys.root).then(
      (deleted) => {
        if (deleted > 0) logger?.log(`deleted ${deleted} keys of the scheduler of an earlier release (records rebuilt in ${keys.scheduler.prefix})`);
      },
      (error: unknown) => logger?.warn(`the keys of an earlier release's scheduler were not deleted (retried at the next start): ${(error as Error).message}`),
    );
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /** Applies every case event up to the store's head now, beside the lease holder if another process has it; returns the events applied. */
  catchUp(): Promise<number> {
    return this.runner.catchUp();
  }

  /** The records of this code's version, once they answer (caught up at least once); undefined before. */
  async records(): Promise<SchedulerRecords | undefined> {
    const { redis, keys } = this.options;
    const active = await readActiveBuild(redis, keys.scheduler);
    if (active === undefined || parseBuildId(active.build)?.version !== SCHEDULER_RECORDS_VERSION) return undefined;
    return { keys: keys.schedulerRecords(active.keys), checkpoint: active.position };
  }

  /** The store position the records answer for; 0 while none of this version do. */
  async checkpoint(): Promise<Position> {
    return (await this.records())?.checkpoint ?? 0n;
  }
}
