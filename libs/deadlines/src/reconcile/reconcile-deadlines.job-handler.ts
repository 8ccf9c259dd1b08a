import { DEADLINE_MAINTENANCE_QUEUE, type JobOutcome } from '../queues';
import type { DeadlineJobHandler } from '../jobs/deadline-job-handler';
import type { DeadlineReconciler } from './deadline-reconciler';

/** `deadline-reconcile`, repeated by a BullMQ job scheduler: stalled cases and missing timers. */
export class ReconcileDeadlinesJobHandler implements DeadlineJobHandler {
  readonly queue = DEADLINE_MAINTENANCE_QUEUE;
  readonly jobName = 'deadline-reconcile';
  constructor(private readonly reconciler: DeadlineReconciler) {}

  async handle(): Promise<JobOutcome> {
    await this.reconciler.reconcile();
    return { done: true };
  }
}
