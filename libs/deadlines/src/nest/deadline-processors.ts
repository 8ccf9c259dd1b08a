import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DeadlineJobRegistry } from '../jobs/deadline-job-handler';
import { DEADLINE_MAINTENANCE_QUEUE, DEADLINE_TIMERS_QUEUE, DEADLINE_WEBHOOKS_QUEUE, type JobOutcome } from '../queues';

/** Fired timers. Concurrency 4: each job is one case command, serialised per case by the store's revision check. */
@Processor(DEADLINE_TIMERS_QUEUE, { concurrency: 4 })
export class DeadlineTimersProcessor extends WorkerHost {
  constructor(@Inject(DeadlineJobRegistry) private readonly registry: DeadlineJobRegistry) {
    super();
  }

  process(job: Job): Promise<JobOutcome> {
    return this.registry.handle(DEADLINE_TIMERS_QUEUE, job);
  }
}

@Processor(DEADLINE_MAINTENANCE_QUEUE, { concurrency: 1 })
export class DeadlineMaintenanceProcessor extends WorkerHost {
  constructor(@Inject(DeadlineJobRegistry) private readonly registry: DeadlineJobRegistry) {
    super();
  }

  process(job: Job): Promise<JobOutcome> {
    return this.registry.handle(DEADLINE_MAINTENANCE_QUEUE, job);
  }
}

@Processor(DEADLINE_WEBHOOKS_QUEUE, { concurrency: 4 })
export class DeadlineWebhooksProcessor extends WorkerHost {
  constructor(@Inject(DeadlineJobRegistry) private readonly registry: DeadlineJobRegistry) {
    super();
  }

  process(job: Job): Promise<JobOutcome> {
    return this.registry.handle(DEADLINE_WEBHOOKS_QUEUE, job);
  }
}
