import type { CaseEvent } from '@kntc/domain';
import type { RecordedEvent } from '@kntc/event-store';
import type { Queue } from 'bullmq';
import { webhookJobId, type WebhookJobData } from '../queues';

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

export function webhookNotice(recorded: RecordedEvent, event: CaseEvent): WebhookNotice | undefined {
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

/** Queues one delivery per configured URL; the job id derives from the event, so a replayed event queues nothing new. */
export class WebhookOutbox {
  constructor(
    private readonly queue: Queue,
    private readonly urls: readonly string[],
    private readonly retry: { attempts: number; backoffMs: number },
  ) {}

  async enqueue(notices: readonly WebhookNotice[]): Promise<void> {
    if (this.urls.length === 0 || notices.length === 0) return;
    await this.queue.addBulk(
      notices.flatMap((notice) =>
        this.urls.map((url, index) => ({
          name: 'webhook-delivery',
          data: { url, body: JSON.stringify(notice), eventId: notice.eventId } satisfies WebhookJobData,
          opts: {
            jobId: webhookJobId(notice.eventId, index),
            attempts: this.retry.attempts,
            backoff: { type: 'exponential', delay: this.retry.backoffMs },
            removeOnComplete: { count: 1_000 },
            removeOnFail: { count: 10_000 },
          },
        })),
      ),
    );
  }
}
