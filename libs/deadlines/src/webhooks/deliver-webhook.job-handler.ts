import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEADLINE_WEBHOOKS_QUEUE, type DeadlineKeys, type JobOutcome, type WebhookJobData } from '../queues';
import type { DeadlineJobHandler } from '../jobs/deadline-job-handler';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature';

/**
 * `webhook-delivery`: POSTs the signed body. A non-2xx answer or a network error fails the attempt; BullMQ
 * retries it with exponential backoff and keeps the last failure on the job (Bull Board, `kntc deadlines
 * status`). Deliveries run on their own queue, so a dead receiver never delays a timer.
 */
export class DeliverWebhookJobHandler implements DeadlineJobHandler {
  readonly queue = DEADLINE_WEBHOOKS_QUEUE;
  readonly jobName = 'webhook-delivery';
  constructor(private readonly options: { secret: string | undefined; timeoutMs: number; redis: Redis; keys: DeadlineKeys; rememberMs: number }) {}

  async handle(job: Job<WebhookJobData>): Promise<JobOutcome> {
    if (this.options.secret === undefined) return { skipped: 'webhook-secret-not-configured' };
    const delivered = this.options.keys.webhookDelivered(job.id ?? job.data.eventId);
    if ((await this.options.redis.exists(delivered)) === 1) return { skipped: 'webhook-already-delivered' };
    const response = await fetch(job.data.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.options.secret, job.data.body),
        'X-KNTC-Delivery': job.id ?? job.data.eventId,
      },
      body: job.data.body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook ${job.data.url} answered ${response.status}`);
    await this.options.redis.set(delivered, '1', 'PX', this.options.rememberMs);
    return { done: true };
  }
}
