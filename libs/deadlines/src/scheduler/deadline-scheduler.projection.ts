import type { CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { pipelineReplies, type BuildKeys, type ProjectedEvent, type Projection, type RedisWrite } from '@kntc/read-models';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { DEADLINE_SCHEDULER_PROJECTION, SchedulerRecordKeys } from '../queues';
import { foldOpenCase, isClosed, parseOpenCase, storableOpenCase, type OpenCase } from '../reconcile/open-cases';
import { applyToTimerClocks, parseTimerClocks, type CaseTimerClocks } from '../timers/timer-clock';
import { planTimers, type PlannedTimer, type TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';
import { webhookNotice, type WebhookNotice, type WebhookOutbox } from '../webhooks/notify-webhooks-when-deadline-notice.reactor';

/**
 * Bumped when the scheduler starts keeping a record it did not keep before: its records are then rebuilt by one replay.
 * 2: open-case records (the reconciler); 3: running clocks by due instant (`kntc deadlines status`).
 */
export const SCHEDULER_RECORDS_VERSION = 3;

/** What a committed batch asks of BullMQ, kept in the build's outbox (SchedulerRecordKeys.effects) until done. */
export interface TimerEffects {
  /** Jobs of steps a clock no longer has (stopped, extended, suspended). */
  removed: string[];
  added: PlannedTimer[];
  notices: WebhookNotice[];
}

export interface DeadlineSchedulerDeps {
  /** Read when a case's record is behind its events (a case closed and reopened, a record of an older release). */
  store: Pick<EventStore, 'readStream'>;
  timers: TimerQueue;
  webhooks?: WebhookOutbox;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  plan: TimerPlanOptions;
}

interface CaseRecords {
  before: CaseTimerClocks;
  after: CaseTimerClocks;
  open: OpenCase | undefined;
}

/**
 * Turns deadline events into timer jobs, as a projection the runner keeps (one active writer under its lease, batches
 * committed with their checkpoint). Each batch folds the touched cases' running clocks (DeadlineSet, DeadlineExtended,
 * DeadlineStopped, CaseSuspended, and the reminders, misses and escalations already recorded) and their open-case
 * records, and writes them in the batch's MULTI/EXEC with the jobs to remove and add and the webhook notices to queue
 * (the outbox). After the commit `settle` puts them in BullMQ and clears the outbox; a crash in between leaves them
 * there for the next holder, and job ids are deterministic, so doing them twice adds nothing.
 */
export class DeadlineSchedulerProjection implements Projection {
  readonly name = DEADLINE_SCHEDULER_PROJECTION;
  readonly version = SCHEDULER_RECORDS_VERSION;
  readonly description = 'Timer jobs of the running clocks (BullMQ) and the open-case records the reconciler reads';

  constructor(private readonly deps: DeadlineSchedulerDeps) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = new SchedulerRecordKeys(build.prefix);
    const cases = await this.readCases(events, redis, keys);
    const notices: WebhookNotice[] = [];
    for (const projected of events) {
      const event = projected.event;
      if (event === undefined) continue;
      const records = cases.get(event.data.caseId)!;
      applyToTimerClocks(records.after, event, projected.workflow);
      records.open = await foldOpenCase(records.open, projected, event, this.deps.store);
      const notice = projected.id === undefined ? undefined : webhookNotice({ id: projected.id, metadata: { workflow: projected.workflow } }, event);
      if (notice) notices.push(notice);
    }
    const writes: RedisWrite[] = [];
    const effects: TimerEffects = { removed: [], added: [], notices };
    for (const [caseId, { before, after, open }] of cases) {
      const was = new Set([...before.values()].flatMap((c) => this.plan(c)).map((t) => t.jobId));
      const will = [...after.values()].flatMap((c) => this.plan(c));
      const willIds = new Set(will.map((t) => t.jobId));
      effects.removed.push(...[...was].filter((id) => !willIds.has(id)));
      effects.added.push(...will.filter((t) => !was.has(t.jobId)));
      writes.push({ op: 'del', key: keys.timers(caseId) });
      for (const [clock, c] of after) writes.push({ op: 'hset', key: keys.timers(caseId), field: clock, value: JSON.stringify(c) });
      writes.push(...clockDueWrites(caseId, before, after, keys));
      if (after.size === 0 && isClosed(open!.state, this.deps.workflows)) {
        writes.push({ op: 'del', key: keys.openCase(caseId) }, { op: 'srem', key: keys.openCases, member: caseId });
      } else {
        writes.push({ op: 'set', key: keys.openCase(caseId), value: storableOpenCase(open!) }, { op: 'sadd', key: keys.openCases, member: caseId });
      }
    }
    if (effects.removed.length + effects.added.length + notices.length > 0) {
      const position = events[events.length - 1]!.position.toString();
      writes.push({ op: 'hset', key: keys.effects, field: position, value: JSON.stringify(effects) });
    }
    return writes;
  }

  /** Does what the outbox holds, oldest batch first, removing each entry once its jobs are in BullMQ. */
  async settle(redis: Redis, build: BuildKeys): Promise<void> {
    const keys = new SchedulerRecordKeys(build.prefix);
    const pending = await redis.hgetall(keys.effects);
    const positions = Object.keys(pending).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    for (const position of positions) {
      const effects = JSON.parse(pending[position]!) as TimerEffects;
      // BullMQ drops an add whose id it still holds, so the jobs a clock no longer has go first.
      await this.deps.timers.remove(effects.removed);
      await this.deps.timers.add(effects.added);
      await this.deps.webhooks?.enqueue(effects.notices);
      await redis.hdel(keys.effects, position);
    }
  }

  /** The running clocks and open-case records of the cases the batch touches, read in one round trip. */
  private async readCases(events: readonly ProjectedEvent[], redis: Redis, keys: SchedulerRecordKeys): Promise<Map<string, CaseRecords>> {
    const ids = [...new Set(events.flatMap((e) => (e.event === undefined ? [] : [caseIdOf(e.event)])))];
    const cases = new Map<string, CaseRecords>();
    if (ids.length === 0) return cases;
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.timers(id)).get(keys.openCase(id));
    const replies = await pipelineReplies(pipeline);
    ids.forEach((id, i) => {
      const before = parseTimerClocks(replies[2 * i] as Record<string, string>);
      const after = new Map([...before].map(([clock, c]) => [clock, structuredClone(c)]));
      cases.set(id, { before, after, open: parseOpenCase(replies[2 * i + 1] as string | null) });
    });
    return cases;
  }

  private plan(clock: Parameters<typeof planTimers>[0]): PlannedTimer[] {
    return planTimers(clock, this.deps.workflows, this.deps.calendar, this.deps.plan);
  }
}

/** Keeps the case in the due-instant set of each clock it runs (SchedulerRecordKeys.clocksDue), out of the others. */
function clockDueWrites(caseId: string, before: CaseTimerClocks, after: CaseTimerClocks, keys: SchedulerRecordKeys): RedisWrite[] {
  const writes: RedisWrite[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(name);
    const is = after.get(name);
    if (is === undefined) writes.push({ op: 'zrem', key: keys.clocksDue(name), member: caseId });
    else if (was?.dueAt !== is.dueAt) writes.push({ op: 'zadd', key: keys.clocksDue(name), member: caseId, score: Date.parse(is.dueAt) });
    if (is !== undefined && was === undefined) writes.push({ op: 'sadd', key: keys.clockNames, member: name });
  }
  return writes;
}

function caseIdOf(event: CaseEvent): string {
  return event.data.caseId;
}
