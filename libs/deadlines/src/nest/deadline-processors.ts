import { Inject, type Type } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DeadlineJobRegistry } from '../jobs/deadline-job-handler';
import { DEADLINE_MAINTENANCE_QUEUE, DEADLINE_QUEUES, DEADLINE_TIMERS_QUEUE, DEADLINE_WEBHOOKS_QUEUE, type DeadlineQueueName, type JobOutcome } from '../queues';

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
  return DEADLINE_QUEUES.map((queue: DeadlineQueueName) => {
    @Processor(queue, { concurrency: CONCURRENCY[queue], lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs })
    class DeadlineProcessor extends WorkerHost {
      constructor(@Inject(DeadlineJobRegistry) private readonly registry: DeadlineJobRegistry) {
        super();
      }

      process(job: Job): Promise<JobOutcome> {
        return this.registry.handle(queue, job);
      }
    }
    Object.defineProperty(DeadlineProcessor, 'name', { value: `DeadlineProcessor(${queue})` });
    return DeadlineProcessor;
  });
}
