import type { CaseEvent } from '@kntc/domain';
import type { RecordedEvent } from '@kntc/event-store';
import type { Queue } from 'bullmq';
import type { Clock } from '@kntc/cases';
import type { Redis } from 'ioredis';
import { webhookJobId, type DeadlineKeys, type WebhookJobData } from '../queues';

/**
 * The JSON a webhook receives for a reminder or an escalation. Redacted by construction: it names the case,
 * the clock and the roles told, never a party (Luật Tố cáo 2018, art. 47(1)(b)).
 */
export interface WebhookNotice {
  eventId: string;
  type: 'DeadlineReminderSent' | 'CaseEscalated';
  caseId: string;
  workflow?: string;
  clock?: string;
  dueDate?: string;
  workingDaysBefore?: number;
  level?: number;
  to?: string;
  notify?: string[];
  reason?: string;
  occurredAt: string;
}

export function webhookNotice(recorded: Pick<RecordedEvent, 'id' | 'metadata'>, event: CaseEvent): WebhookNotice | undefined {
  const wf = recorded.metadata['workflow'] as { id?: string } | undefined;
  const common = { eventId: recorded.id, caseId: event.data.caseId, ...(typeof wf?.id === 'string' ? { workflow: wf.id } : {}) };
  if (event.type === 'DeadlineReminderSent') {
    const d = event.data;
    return { ...common, type: event.type, clock: d.clock, dueDate: d.dueDate, workingDaysBefore: d.workingDaysBefore, notify: d.notify, occurredAt: d.sentAt };
  }
  if (event.type === 'CaseEscalated') {
    const d = event.data;
    return {
      ...common,
      type: event.type,
      level: d.level,
      to: d.to,
      reason: d.reason,
      ...(d.clock !== undefined ? { clock: d.clock } : {}),
      ...(d.dueDate !== undefined ? { dueDate: d.dueDate } : {}),
      occurredAt: d.escalatedAt,
    };
  }
  return undefined;
}

export interface WebhookOutboxOptions {
  urls: readonly string[];
  retry: { attempts: number; backoffMs: number };
  /** Notices older than this are not posted (see DeadlineSettings.webhookMaxAgeHours). */
  maxAgeMs: number;
  clock: Clock;
  /** Where delivered jobs are remembered (DeadlineKeys.webhookDelivered). */
  redis: Redis;
  keys: DeadlineKeys;
}

/**
 * Queues one delivery per configured URL for each fresh notice. The job id derives from the event, and a delivered
 * job is remembered in Redis beyond BullMQ's retention, so a replayed event queues nothing new.
 */
export class WebhookOutbox {
  constructor(
    private readonly queue: Queue,
    private readonly options: WebhookOutboxOptions,
  ) {}

  async enqueue(notices: readonly WebhookNotice[]): Promise<void> {
    const { urls, maxAgeMs, clock, redis, keys } = this.options;
    const oldest = clock.now().getTime() - maxAgeMs;
    const jobs = notices
      .filter((notice) => Date.parse(notice.occurredAt) >= oldest)
      .flatMap((notice) => urls.map((url, index) => ({ notice, url, jobId: webhookJobId(notice.eventId, index) })));
    if (jobs.length === 0) return;
    const delivered = await redis.exists(...jobs.map((job) => keys.webhookDelivered(job.jobId)));
    const fresh = delivered === 0 ? jobs : await this.undelivered(jobs);
    if (fresh.length === 0) return;
    await this.queue.addBulk(
      fresh.map(({ notice, url, jobId }) => ({
        name: 'webhook-delivery',
        data: { url, body: JSON.stringify(notice), eventId: notice.eventId } satisfies WebhookJobData,
        opts: {
          jobId,
          attempts: this.options.retry.attempts,
          backoff: { type: 'exponential', delay: this.options.retry.backoffMs },
          removeOnComplete: { count: 1_000 },
          removeOnFail: { count: 10_000 },
        },
      })),
    );
  }

  private async undelivered<T extends { jobId: string }>(jobs: T[]): Promise<T[]> {
    const pipeline = this.options.redis.pipeline();
    for (const job of jobs) pipeline.exists(this.options.keys.webhookDelivered(job.jobId));
    const answers = (await pipeline.exec()) ?? [];
    return jobs.filter((_, i) => answers[i]?.[1] === 0);
  }
}
