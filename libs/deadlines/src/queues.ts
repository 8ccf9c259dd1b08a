/**
 * Every BullMQ queue, job name, job id, payload and Redis key of the deadline engine, declared once.
 *
 * BullMQ keys live under `<bullPrefix>:<queue>:…` where `<bullPrefix>` is `<root>bull` (`kntc:bull` by
 * default), so one key root (`KNTC_REDIS_PREFIX`) holds the read models, the timers and the scheduler's
 * bookkeeping. Job ids never contain ":" nor are all digits (BullMQ 6 rejects or misreads them); a job id
 * is also the idempotency key of the command the job sends, so a job that runs twice appends once.
 */
import { prefixPattern, ReadModelKeys, type BuildKeys, type ProjectionKeys } from '@kntc/read-models';
import type { LocalDate } from '@kntc/workflow';

/** Timers of the statutory clocks: reminders, the due moment, repeated escalations. */
export const DEADLINE_TIMERS_QUEUE = 'deadline-timers';
/** Periodic work (a job scheduler): flag stalled cases, re-create missing timers from the store. */
export const DEADLINE_MAINTENANCE_QUEUE = 'deadline-maintenance';
/** Signed webhook deliveries of reminders and escalations, retried with exponential backoff. */
export const DEADLINE_WEBHOOKS_QUEUE = 'deadline-webhooks';

export const DEADLINE_QUEUES = [DEADLINE_TIMERS_QUEUE, DEADLINE_MAINTENANCE_QUEUE, DEADLINE_WEBHOOKS_QUEUE] as const;
export type DeadlineQueueName = (typeof DEADLINE_QUEUES)[number];

/** Job names, per queue. Every name has exactly one handler; the worker refuses to boot otherwise. */
export const DEADLINE_JOB_NAMES = {
  [DEADLINE_TIMERS_QUEUE]: ['deadline-reminder', 'deadline-due', 'deadline-escalation'],
  [DEADLINE_MAINTENANCE_QUEUE]: ['deadline-reconcile'],
  [DEADLINE_WEBHOOKS_QUEUE]: ['webhook-delivery'],
} as const satisfies Record<DeadlineQueueName, readonly string[]>;

export type TimerJobName = (typeof DEADLINE_JOB_NAMES)[typeof DEADLINE_TIMERS_QUEUE][number];
export type DeadlineJobName = (typeof DEADLINE_JOB_NAMES)[DeadlineQueueName][number];

/** Id of the job scheduler that repeats `deadline-reconcile`. */
export const RECONCILE_SCHEDULER_ID = 'deadline-reconcile-every';

/** Fields every timer payload carries: which clock, for which due date, and when it is meant to fire. */
interface TimerFields {
  caseId: string;
  clock: string;
  dueDate: LocalDate;
  /** Business instant (UTC ISO-8601) the timer is meant for; tests promote delayed jobs by it (fireDueJobs). */
  fireAt: string;
}

/** `deadline-reminder`: sends SendDeadlineReminder. */
export interface ReminderJobData extends TimerFields {
  workingDaysBefore: number;
}
/** `deadline-due`: sends RecordDeadlineMissed (DeadlineMissed + CaseEscalated level 1). */
export type DueJobData = TimerFields;
/** `deadline-escalation`: sends EscalateOverdueCase for `level` (2, 3, …). */
export interface EscalationJobData extends TimerFields {
  level: number;
}
export type TimerJobData = ReminderJobData | DueJobData | EscalationJobData;

/** `deadline-reconcile`: no payload; the scheduler's template. */
export type ReconcileJobData = Record<string, never>;

/** `webhook-delivery`: one notice to one URL. `body` is the exact JSON text signed and sent. */
export interface WebhookJobData {
  url: string;
  body: string;
  /** Id of the store event the notice is about. */
  eventId: string;
}

/** What a job handler returns: done, or skipped with the decider's reason (a stale or repeated timer). */
export type JobOutcome = { done: true; position?: string } | { skipped: string };

/**
 * Timer job id, also the idempotency key of the command it sends. A clock resumed after its due date keeps that
 * due date, so its jobs carry the resumption date too (`…/<dueDate>/resumed-<date>/<step>`).
 */
export function timerJobId(caseId: string, clock: string, dueDate: LocalDate, step: TimerStep, resumedOverdueOn?: LocalDate): string {
  return resumedOverdueOn === undefined
    ? `deadline/${caseId}/${clock}/${dueDate}/${step}`
    : `deadline/${caseId}/${clock}/${dueDate}/resumed-${resumedOverdueOn}/${step}`;
}
export type TimerStep = `remind-${number}` | 'missed' | `escalate-${number}`;

export function stallJobKey(caseId: string, stage: string, since: LocalDate): string {
  return `stall/${caseId}/${stage}/${since}`;
}

export function webhookJobId(eventId: string, urlIndex: number): string {
  return `webhook/${eventId}/url-${urlIndex}`;
}

/** Name of the scheduler's projection: its keys are `<root>rm:deadline-scheduler:…`. */
export const DEADLINE_SCHEDULER_PROJECTION = 'deadline-scheduler';

/** BullMQ prefix under a key root: `kntc:` → `kntc:bull`. */
export function bullPrefix(keyRoot: string): string {
  return `${keyRoot}bull`;
}

/** Keys of the scheduler (outside BullMQ). */
export class DeadlineKeys {
  constructor(readonly root: string) {
    if (!root.endsWith(':')) throw new RangeError(`key root must end with ":", got "${root}"`);
  }

  /**
   * The scheduler's bookkeeping as a projection of the read side (`<root>rm:deadline-scheduler:`): the active build,
   * each build's checkpoint, the lease of the one scheduler that writes (see ProjectionKeys). Its records live in
   * the active build (schedulerRecords); a new SCHEDULER_RECORDS_VERSION rebuilds them once from the store.
   */
  get scheduler(): ProjectionKeys {
    return new ReadModelKeys(this.root).projection(DEADLINE_SCHEDULER_PROJECTION);
  }

  /** The scheduler's records in one of its builds. */
  schedulerRecords(build: BuildKeys): SchedulerRecordKeys {
    return new SchedulerRecordKeys(build.prefix);
  }

  /**
   * STRING with a TTL (the webhook window plus a day): the delivery job `jobId` reached its receiver. Outlasts
   * BullMQ's retention of completed jobs, so a notice queued again is neither queued nor posted twice.
   */
  webhookDelivered(jobId: string): string {
    return `${this.root}deadlines:webhooks:delivered:${jobId}`;
  }
}

/** Keys of the scheduler's records in one build (`<root>rm:deadline-scheduler:<build>:`), written with its checkpoint. */
export class SchedulerRecordKeys {
  constructor(readonly prefix: string) {}

  /** HASH per case: clock → JSON TimerClock, the clocks whose timers are pending. */
  timers(caseId: string): string {
    return `${this.prefix}timers:${caseId}`;
  }

  timersPattern(): string {
    return prefixPattern(`${this.prefix}timers:`);
  }

  /** STRING per case: JSON OpenCase, the case's fold without personal data, while it is open or has pending timers. */
  openCase(caseId: string): string {
    return `${this.prefix}open-case:${caseId}`;
  }

  /**
   * ZSET per clock name (`acceptance`, `resolution`, …): case id → the instant (ms, UTC) the case's running clock of
   * that name is due. Kept with the timers hash, so `kntc deadlines status` counts running and overdue clocks with
   * ZCARD and ZCOUNT instead of reading every case's records.
   */
  clocksDue(clock: string): string {
    return `${this.prefix}clocks-due:${clock}`;
  }

  /** SET of the clock names that have had a clocksDue set: the ones the status reads. */
  get clockNames(): string {
    return `${this.prefix}clock-names`;
  }

  /** SET of the case ids that have an openCase record: what the reconciler walks, a page at a time. */
  get openCases(): string {
    return `${this.prefix}open-cases`;
  }

  /**
   * HASH: batch checkpoint (decimal) → JSON TimerEffects, the timer jobs and webhook notices a committed batch calls
   * for. Written with the batch, deleted once its jobs are in BullMQ: what a crash between the two left undone.
   */
  get effects(): string {
    return `${this.prefix}effects`;
  }

  /**
   * HASH: job id → JSON TimerChange, the net change to one timer job gathered over the batches of a catch-up (a
   * replay of the store), written with each batch; done and deleted once the catch-up ends. A job added and then
   * removed within the catch-up never reaches BullMQ.
   */
  get timerChanges(): string {
    return `${this.prefix}timer-changes`;
  }
}
