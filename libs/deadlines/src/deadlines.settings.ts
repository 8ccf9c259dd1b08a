import { ConfigError } from '@kntc/cases';
import { DEFAULT_TIMER_RETRY } from './timers/timer-queue';

/** Settings of the deadline engine, from the environment (every variable is optional). */
export interface DeadlineSettings {
  /** KNTC_RUN_DEADLINES: run the scheduler and the deadline workers in the worker process (`true`/`false`). Default true. */
  runInWorker: boolean;
  /** KNTC_DEADLINE_NOTICE_HOUR: hour (Asia/Ho_Chi_Minh, 0-23) at which reminders and repeated escalations fire. Default 8. */
  noticeHour: number;
  /** KNTC_DEADLINE_RECONCILE_EVERY_MINUTES: period of the reconciler (stalled cases, missing timers), in minutes. Default 15. */
  reconcileEveryMinutes: number;
  /**
   * KNTC_DEADLINE_RECONCILE_CHECK_MS: how often the worker checks that the reconciler's job scheduler is still in
   * Redis (a flushed or restarted Redis loses it) and registers it again, in ms. Default 60000.
   */
  reconcileCheckMs: number;
  /**
   * KNTC_DEADLINE_TIMER_ATTEMPTS: runs of a timer job (reminder, miss, escalation) before it fails for good; the
   * reconciler re-creates a job that did. Default 8.
   */
  timerAttempts: number;
  /** KNTC_DEADLINE_TIMER_BACKOFF_MS: first retry delay of a failed timer job, doubled at each attempt, in ms. Default 5000. */
  timerBackoffMs: number;
  /**
   * KNTC_DEADLINE_TIMER_HORIZON_MINUTES: a timer due later than this waits parked in Redis (a sorted set and a hash,
   * no BullMQ job) and enters BullMQ this long before it fires; 0 puts every timer in BullMQ when it is planned.
   * Default 60.
   */
  timerHorizonMinutes: number;
  /** KNTC_DEADLINE_SCHEDULER_BATCH: most events the scheduler applies per checkpoint. Default 500. */
  schedulerBatchSize: number;
  /** KNTC_DEADLINE_SCHEDULER_POLL_MS: how often an idle scheduler looks for new events, in ms. Default 250. */
  schedulerPollMs: number;
  /** KNTC_WEBHOOK_URLS: comma-separated http(s) URLs told of every reminder and escalation. Default none. */
  webhookUrls: string[];
  /** KNTC_WEBHOOK_SECRET: HMAC-SHA256 key of the `X-KNTC-Signature` header; required when URLs are set. */
  webhookSecret?: string;
  /** KNTC_WEBHOOK_ATTEMPTS: delivery attempts before a webhook job fails for good. Default 8. */
  webhookAttempts: number;
  /** KNTC_WEBHOOK_BACKOFF_MS: first retry delay, doubled at each attempt (exponential backoff), in ms. Default 5000. */
  webhookBackoffMs: number;
  /** KNTC_WEBHOOK_TIMEOUT_MS: longest wait for a webhook answer, in ms. Default 10000. */
  webhookTimeoutMs: number;
  /**
   * KNTC_WEBHOOK_MAX_AGE_HOURS: a reminder or escalation older than this is history, not news, and is never posted
   * (a scheduler replaying the store after Redis was lost would otherwise post every past notice again); delivered
   * notices are remembered this long plus a day, so none is posted twice. Default 168 (a week).
   */
  webhookMaxAgeHours: number;
  /**
   * KNTC_DEADLINE_LOCK_MS: BullMQ lock of a running job (`lockDuration`), also the stalled-job check period
   * (`stalledInterval`), in ms. A job left active by a killed worker runs again once its lock lapses. Default 30000.
   */
  lockDurationMs: number;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  runInWorker: true,
  noticeHour: 8,
  reconcileEveryMinutes: 15,
  reconcileCheckMs: 60_000,
  timerAttempts: DEFAULT_TIMER_RETRY.attempts,
  timerBackoffMs: DEFAULT_TIMER_RETRY.backoffMs,
  timerHorizonMinutes: 60,
  schedulerBatchSize: 500,
  schedulerPollMs: 250,
  webhookUrls: [],
  webhookAttempts: 8,
  webhookBackoffMs: 5_000,
  webhookTimeoutMs: 10_000,
  webhookMaxAgeHours: 168,
  lockDurationMs: 30_000,
};

export function deadlineSettings(env: NodeJS.ProcessEnv = process.env): DeadlineSettings {
  const d = DEFAULT_DEADLINE_SETTINGS;
  const webhookUrls = (env['KNTC_WEBHOOK_URLS'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  for (const url of webhookUrls) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new ConfigError('KNTC_WEBHOOK_URLS', `not a URL: "${url}"`);
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw new ConfigError('KNTC_WEBHOOK_URLS', `must be http(s), got "${url}"`);
  }
  const secret = env['KNTC_WEBHOOK_SECRET'];
  if (webhookUrls.length > 0 && (secret === undefined || secret.length < 16)) {
    throw new ConfigError('KNTC_WEBHOOK_SECRET', 'required (at least 16 characters) when KNTC_WEBHOOK_URLS is set');
  }
  const noticeHour = whole(env, 'KNTC_DEADLINE_NOTICE_HOUR', d.noticeHour, 0);
  if (noticeHour > 23) throw new ConfigError('KNTC_DEADLINE_NOTICE_HOUR', `must be 0-23, got ${noticeHour}`);
  const run = env['KNTC_RUN_DEADLINES'] ?? 'true';
  if (run !== 'true' && run !== 'false') throw new ConfigError('KNTC_RUN_DEADLINES', 'must be true or false');
  return {
    runInWorker: run === 'true',
    noticeHour,
    reconcileEveryMinutes: whole(env, 'KNTC_DEADLINE_RECONCILE_EVERY_MINUTES', d.reconcileEveryMinutes, 1),
    reconcileCheckMs: whole(env, 'KNTC_DEADLINE_RECONCILE_CHECK_MS', d.reconcileCheckMs, 10),
    timerAttempts: whole(env, 'KNTC_DEADLINE_TIMER_ATTEMPTS', d.timerAttempts, 1),
    timerBackoffMs: whole(env, 'KNTC_DEADLINE_TIMER_BACKOFF_MS', d.timerBackoffMs, 1),
    timerHorizonMinutes: whole(env, 'KNTC_DEADLINE_TIMER_HORIZON_MINUTES', d.timerHorizonMinutes, 0),
    schedulerBatchSize: whole(env, 'KNTC_DEADLINE_SCHEDULER_BATCH', d.schedulerBatchSize, 1),
    schedulerPollMs: whole(env, 'KNTC_DEADLINE_SCHEDULER_POLL_MS', d.schedulerPollMs, 1),
    webhookUrls,
    ...(secret !== undefined ? { webhookSecret: secret } : {}),
    webhookAttempts: whole(env, 'KNTC_WEBHOOK_ATTEMPTS', d.webhookAttempts, 1),
    webhookBackoffMs: whole(env, 'KNTC_WEBHOOK_BACKOFF_MS', d.webhookBackoffMs, 1),
    webhookTimeoutMs: whole(env, 'KNTC_WEBHOOK_TIMEOUT_MS', d.webhookTimeoutMs, 1),
    webhookMaxAgeHours: whole(env, 'KNTC_WEBHOOK_MAX_AGE_HOURS', d.webhookMaxAgeHours, 1),
    lockDurationMs: whole(env, 'KNTC_DEADLINE_LOCK_MS', d.lockDurationMs, 500),
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(name, `must be a whole number >= ${min}, got "${raw}"`);
  return value;
}
