import type { Job } from 'bullmq';
import { DEADLINE_TIMERS_QUEUE, type DueJobData, type EscalationJobData, type JobOutcome, type ReminderJobData } from '../queues';
import type { DeadlineCommandSender } from './deadline-command.sender';
import type { DeadlineJobHandler } from './deadline-job-handler';

/** `deadline-reminder` → SendDeadlineReminder. */
export class SendDeadlineReminderJobHandler implements DeadlineJobHandler {
  readonly queue = DEADLINE_TIMERS_QUEUE;
  readonly jobName = 'deadline-reminder';
  constructor(private readonly sender: DeadlineCommandSender) {}

  handle(job: Job<ReminderJobData>): Promise<JobOutcome> {
    const { caseId, clock, dueDate, workingDaysBefore } = job.data;
    return this.sender.send({ type: 'SendDeadlineReminder', caseId, clock, dueDate, workingDaysBefore }, job.id!);
  }
}

/** `deadline-due` → RecordDeadlineMissed (DeadlineMissed + CaseEscalated level 1). */
export class RecordDeadlineMissedJobHandler implements DeadlineJobHandler {
  readonly queue = DEADLINE_TIMERS_QUEUE;
  readonly jobName = 'deadline-due';
  constructor(private readonly sender: DeadlineCommandSender) {}

  handle(job: Job<DueJobData>): Promise<JobOutcome> {
    const { caseId, clock, dueDate } = job.data;
    return this.sender.send({ type: 'RecordDeadlineMissed', caseId, clock, dueDate }, job.id!);
  }
}

/** `deadline-escalation` → EscalateOverdueCase; the scheduler plans the next one from the CaseEscalated it records. */
export class EscalateOverdueCaseJobHandler implements DeadlineJobHandler {
  readonly queue = DEADLINE_TIMERS_QUEUE;
  readonly jobName = 'deadline-escalation';
  constructor(private readonly sender: DeadlineCommandSender) {}

  handle(job: Job<EscalationJobData>): Promise<JobOutcome> {
    const { caseId, clock, dueDate, level } = job.data;
    return this.sender.send({ type: 'EscalateOverdueCase', caseId, clock, dueDate, level }, job.id!);
  }
}
