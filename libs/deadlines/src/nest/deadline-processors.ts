import { Inject, Logger, type Type } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '@kntc/cases';
import { DelayedError, type Job } from 'bullmq';
import { DeadlineJobRegistry } from '../jobs/deadline-job-handler';
import {
  DEADLINE_MAINTENANCE_QUEUE,
  DEADLINE_QUEUES,
  DEADLINE_TIMERS_QUEUE,
  DEADLINE_WEBHOOKS_QUEUE,
  type DeadlineQueueName,
  type JobOutcome,
  type TimerJobData,
} from '../queues';

export interface DeadlineProcessorOptions {
  /** BullMQ `lockDuration` and `stalledInterval` (ms): how soon a job left active by a killed worker runs again. */
  lockDurationMs: number;
}

/** Concurrency per queue. Timers: each job is one case command, serialised per case by the store's revision check. */
const CONCURRENCY: Record<DeadlineQueueName, number> = {
  [DEADLINE_TIMERS_QUEUE]: 4,
  [DEADLINE_MAINTENANCE_QUEUE]: 1,
  [DEADLINE_WEBHOOKS_QUEUE]: 4,
};

/**
 * The BullMQ processors of the three deadline queues. Worker options come from `@Processor` metadata, so the
 * classes are made per module registration, with the lock settings of that deployment.
 */
export function createDeadlineProcessors(options: DeadlineProcessorOptions): Array<Type<WorkerHost>> {
  const logger = new Logger('DeadlineJobs');
  return DEADLINE_QUEUES.map((queue: DeadlineQueueName) => {
    @Processor(queue, { concurrency: CONCURRENCY[queue], lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs })
    class DeadlineProcessor extends WorkerHost {
      constructor(
        @Inject(DeadlineJobRegistry) private readonly registry: DeadlineJobRegistry,
        @Inject(CLOCK) private readonly clock: Clock,
      ) {
        super();
      }

      async process(job: Job, token?: string): Promise<JobOutcome> {
        const outcome = await this.registry.handle(queue, job);
        // A timer run before its time (promoted by hand) was refused by the decider: it waits again for its own time
        // instead of completing, for a completed job id is never planned again and the step would be lost.
        if (queue === DEADLINE_TIMERS_QUEUE && 'skipped' in outcome && outcome.skipped === 'deadline-not-due' && token !== undefined) {
          const wait = Date.parse((job.data as TimerJobData).fireAt) - this.clock.now().getTime();
          if (wait > 0) {
            await job.moveToDelayed(Date.now() + wait, token);
            throw new DelayedError();
          }
        }
        return outcome;
      }

      /**
       * Every failed attempt, logged by job id, attempt and error class only: an error's message may carry a path or
       * a value of the case. A job failed for good stays in the failed set (Bull Board) until the reconciler re-creates it.
       */
      @OnWorkerEvent('failed')
      onFailed(job: Job | undefined, error: Error): void {
        if (job === undefined) return;
        // A job scheduler's jobs carry `attempts: 0`: one run, as for a job with no attempts set.
        const attempts = Math.max(1, job.opts.attempts ?? 1);
        const code: unknown = (error as { code?: unknown }).code;
        const cause = typeof code === 'string' ? `${error.name} (${code})` : error.name;
        const what = `${queue} job ${job.name} ${job.id ?? '?'}: attempt ${job.attemptsMade} of ${attempts} failed with ${cause}`;
        if (job.finishedOn !== undefined || job.attemptsMade >= attempts) logger.warn(`${what}; no attempt left, it stays in the failed set`);
        else logger.log(`${what}; retried with backoff`);
      }
    }
    Object.defineProperty(DeadlineProcessor, 'name', { value: `DeadlineProcessor(${queue})` });
    return DeadlineProcessor;
  });
}
