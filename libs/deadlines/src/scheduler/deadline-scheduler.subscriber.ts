import { CASE_STREAM_PREFIX } from '@kntc/cases';
import { readCaseEventOrSkipNewer } from '@kntc/domain';
import type { EventStore, Position, RecordedEvent } from '@kntc/event-store';
import { ProjectionLease } from '@kntc/read-models';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DeadlineKeys } from '../queues';
import { foldOpenCase, isClosed, parseOpenCase, storableOpenCase, type OpenCase } from '../reconcile/open-cases';
import { applyToTimerClocks, parseTimerClocks, type CaseTimerClocks } from '../timers/timer-clock';
import { planTimers, type PlannedTimer, type TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';
import { webhookNotice, type WebhookNotice, type WebhookOutbox } from '../webhooks/notify-webhooks-when-deadline-notice.reactor';

export interface SchedulerLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

export interface DeadlineSchedulerOptions {
  store: EventStore;
  redis: Redis;
  keys: DeadlineKeys;
  timers: TimerQueue;
  webhooks?: WebhookOutbox;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  plan: TimerPlanOptions;
  batchSize: number;
  pollMs: number;
  /** Lease lifetime without renewal, in ms. Default 10000. */
  leaseTtlMs?: number;
  logger?: SchedulerLogger;
}

/** Bumped when the scheduler starts keeping a record it did not keep before: it then replays the store once. */
export const SCHEDULER_RECORDS_VERSION = '2';

interface CaseChange {
  before: CaseTimerClocks;
  after: CaseTimerClocks;
}

/**
 * Turns deadline events into timer jobs: a subscriber like a projection, with its own checkpoint. Each batch
 * folds the touched cases' running clocks (DeadlineSet, DeadlineExtended, DeadlineStopped, CaseSuspended,
 * and the reminders, misses and escalations already recorded), removes the jobs a clock no longer needs and
 * adds the new ones, then stores the clocks and the checkpoint in one MULTI/EXEC. Jobs are written before the
 * checkpoint and have deterministic ids, so a crash in between replays the batch harmlessly. With the
 * checkpoint lost (Redis flushed) it re-scans the store from the start.
 */
export class DeadlineScheduler {
  private readonly lease: ProjectionLease;
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    this.lease = new ProjectionLease(options.redis, `deadline-scheduler-${randomUUID()}`, options.leaseTtlMs ?? 10_000);
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.lease.release(this.options.keys.lease).catch(() => undefined);
  }

  async checkpoint(): Promise<Position> {
    const [stored, version] = await this.options.redis.mget(this.options.keys.checkpoint, this.options.keys.recordsVersion);
    // Records of an older version: replay the store once so every open case gets its record.
    return stored === null || version !== SCHEDULER_RECORDS_VERSION ? 0n : BigInt(stored);
  }

  /** Applies batches until no case event lies beyond the checkpoint; returns the events applied. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let applied = await this.applyBatch(); applied > 0; applied = await this.applyBatch()) total += applied;
    return total;
  }

  /** Applies the next batch after the checkpoint; 0 when there was none. */
  async applyBatch(): Promise<number> {
    const { store, redis, keys, batchSize } = this.options;
    const after = await this.checkpoint();
    const batch = await store.readAll({ after, streamPrefix: CASE_STREAM_PREFIX, limit: batchSize });
    if (batch.length === 0) return 0;
    const cases = new Map<string, CaseChange>();
    const opened = await this.openCasesOf(batch);
    const notices: WebhookNotice[] = [];
    for (const recorded of batch) {
      const { event, newer } = readCaseEventOrSkipNewer(recorded);
      // A newer release's event (rolling upgrade): its timers are that release's to plan; this one goes on.
      if (newer !== undefined) this.options.logger?.log(`deadline scheduler: skipped ${newer.type} v${newer.version} at position ${recorded.position}, written by a newer release`);
      if (event === undefined) continue;
      const caseId = event.data.caseId;
      let change = cases.get(caseId);
      if (change === undefined) {
        const before = parseTimerClocks(await redis.hgetall(keys.timers(caseId)));
        change = { before, after: new Map([...before].map(([clock, c]) => [clock, structuredClone(c)])) };
        cases.set(caseId, change);
      }
      applyToTimerClocks(change.after, event, recorded.metadata['workflow'] as { id: string; version: number } | undefined);
      opened.set(caseId, await foldOpenCase(opened.get(caseId), recorded, event, this.options.store));
      const notice = webhookNotice(recorded, event);
      if (notice) notices.push(notice);
    }
    const removed: string[] = [];
    const added: PlannedTimer[] = [];
    for (const { before, after: now } of cases.values()) {
      const was = new Set([...before.values()].flatMap((c) => this.plan(c)).map((t) => t.jobId));
      const will = [...now.values()].flatMap((c) => this.plan(c));
      const willIds = new Set(will.map((t) => t.jobId));
      removed.push(...[...was].filter((id) => !willIds.has(id)));
      added.push(...will.filter((t) => !was.has(t.jobId)));
    }
    await this.options.timers.remove(removed);
    await this.options.timers.add(added);
    await this.options.webhooks?.enqueue(notices);
    const tx = redis.multi();
    for (const [caseId, { after: now }] of cases) {
      tx.del(keys.timers(caseId));
      if (now.size > 0) tx.hset(keys.timers(caseId), Object.fromEntries([...now].map(([clock, c]) => [clock, JSON.stringify(c)])));
      const open = opened.get(caseId)!;
      if (now.size === 0 && isClosed(open.state, this.options.workflows)) {
        tx.del(keys.openCase(caseId));
        tx.srem(keys.openCases, caseId);
      } else {
        tx.set(keys.openCase(caseId), storableOpenCase(open));
        tx.sadd(keys.openCases, caseId);
      }
    }
    tx.set(keys.checkpoint, batch[batch.length - 1]!.position.toString());
    tx.set(keys.recordsVersion, SCHEDULER_RECORDS_VERSION);
    const results = await tx.exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed) throw new Error(`deadline scheduler: the checkpoint write failed: ${String(failed?.[0])}`);
    return batch.length;
  }

  /** The open-case records of the batch's cases, read in one MGET; a case without one maps to undefined. */
  private async openCasesOf(batch: readonly RecordedEvent[]): Promise<Map<string, OpenCase | undefined>> {
    const ids = [...new Set(batch.map((e) => e.stream.slice(CASE_STREAM_PREFIX.length)))];
    const stored = await this.options.redis.mget(...ids.map((id) => this.options.keys.openCase(id)));
    return new Map(ids.map((id, i) => [id, parseOpenCase(stored[i] ?? null)]));
  }

  private plan(clock: Parameters<typeof planTimers>[0]): PlannedTimer[] {
    return planTimers(clock, this.options.workflows, this.options.calendar, this.options.plan);
  }

  private async loop(): Promise<void> {
    const { keys, pollMs, logger } = this.options;
    while (!this.stopping) {
      try {
        if (!(await this.lease.acquire(keys.lease))) {
          await this.pause(Math.max(pollMs, 1_000));
          continue;
        }
        if ((await this.applyBatch()) === 0) await this.pause(pollMs);
      } catch (error) {
        logger?.error(`deadline scheduler: ${(error as Error).message}; retrying`, (error as Error).stack);
        await this.pause(Math.max(pollMs, 1_000));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
