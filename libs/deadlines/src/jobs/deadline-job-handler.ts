import type { Job } from 'bullmq';
import { DEADLINE_JOB_NAMES, type DeadlineJobName, type DeadlineQueueName, type JobOutcome } from '../queues';

/** The one handler of one job name. */
export interface DeadlineJobHandler {
  readonly queue: DeadlineQueueName;
  readonly jobName: DeadlineJobName;
  handle(job: Job): Promise<JobOutcome>;
}

/** Multi-provider token: every DeadlineJobHandler of the worker. */
export const DEADLINE_JOB_HANDLERS = Symbol('DeadlineJobHandlers');

export class JobHandlersMisconfiguredError extends Error {
  constructor(problems: string[]) {
    super(`deadline job handlers: ${problems.join('; ')}`);
    this.name = 'JobHandlersMisconfiguredError';
  }
}

/** Maps each job name to its handler; refuses to exist (and so the worker to boot) unless every name has exactly one. */
export class DeadlineJobRegistry {
  private readonly byName = new Map<string, DeadlineJobHandler>();

  constructor(handlers: readonly DeadlineJobHandler[]) {
    const problems: string[] = [];
    for (const [queue, names] of Object.entries(DEADLINE_JOB_NAMES) as Array<[DeadlineQueueName, readonly DeadlineJobName[]]>) {
      for (const name of names) {
        const found = handlers.filter((h) => h.queue === queue && h.jobName === name);
        if (found.length !== 1) problems.push(`${queue}/${name} has ${found.length} handlers, expected exactly 1`);
        else this.byName.set(`${queue}/${name}`, found[0]!);
      }
    }
    for (const h of handlers) {
      if (!(DEADLINE_JOB_NAMES[h.queue] as readonly string[]).includes(h.jobName)) problems.push(`${h.queue}/${h.jobName} is not a declared job name (queues.ts)`);
    }
    if (problems.length > 0) throw new JobHandlersMisconfiguredError(problems);
  }

  handle(queue: DeadlineQueueName, job: Job): Promise<JobOutcome> {
    const handler = this.byName.get(`${queue}/${job.name}`);
    if (handler === undefined) throw new Error(`no handler for job "${job.name}" on queue ${queue}`);
    return handler.handle(job);
  }
}
