import type { CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { pipelineReplies, type BatchContext, type BuildKeys, type ProjectedEvent, type Projection, type RedisWrite } from '@kntc/read-models';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { DEADLINE_SCHEDULER_PROJECTION, SchedulerRecordKeys } from '../queues';
import { foldOpenCase, isClosed, parseOpenCase, storableOpenCase, type OpenCase } from '../reconcile/open-cases';
import { applyToTimerClocks, parseTimerClocks, storableTimerClock, type CaseTimerClocks } from '../timers/timer-clock';
import { planTimers, type PlannedTimer, type TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';
import { webhookNotice, type WebhookNotice, type WebhookOutbox } from '../webhooks/notify-webhooks-when-deadline-notice.reactor';

/**
 * Bumped when the scheduler starts keeping a record it did not keep before: its records are then rebuilt by one replay.
 * 2: open-case records (the reconciler); 3: running clocks by due instant (`kntc deadlines status`).
 */
export const SCHEDULER_RECORDS_VERSION = 3;

/**
 * The net change to one timer job over the batches of a catch-up (SchedulerRecordKeys.timerChanges): the job removed
 * first if `remove`, then `add` added. A job the catch-up added and removed again has no change at all.
 */
export interface TimerChange {
  remove?: true;
  add?: PlannedTimer;
}

/**
 * Folds one more change of a job into its net change. A batch adds a job only when the clock did not plan it before
 * the batch, so a job added and then removed since the last settle never reached BullMQ: nothing is left to do. A
 * removal before an add stays: BullMQ drops an add whose id it still holds (a finished job too).
 */
export function mergeTimerChange(current: TimerChange | undefined, change: { removed: true } | { added: PlannedTimer }): TimerChange | undefined {
  if ('added' in change) return { ...(current?.remove ? { remove: true as const } : {}), add: change.added };
  if (current?.add !== undefined && current.remove === undefined) return undefined;
  return { remove: true };
}

/** Pages of gathered timer changes done at once when a catch-up ends. */
const TIMER_CHANGES_PAGE = 500;

/** Deletes hash fields that still hold the value read (another writer may have changed one meanwhile). */
const DELETE_UNCHANGED = `
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n`;

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

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys, batch?: BatchContext): Promise<RedisWrite[]> {
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
      for (const [clock, c] of after) writes.push({ op: 'hset', key: keys.timers(caseId), field: clock, value: storableTimerClock(c) });
      writes.push(...clockDueWrites(caseId, before, after, keys));
      if (after.size === 0 && isClosed(open!.state, this.deps.workflows)) {
        writes.push({ op: 'del', key: keys.openCase(caseId) }, { op: 'srem', key: keys.openCases, member: caseId });
      } else {
        writes.push({ op: 'set', key: keys.openCase(caseId), value: storableOpenCase(open!) }, { op: 'sadd', key: keys.openCases, member: caseId });
      }
    }
    // Catching up, the timers of a batch are gathered with those of the batches before it (timerChanges): most clocks
    // of a replayed store start and stop within it, and their jobs need never reach BullMQ. Notices go out as usual.
    const outbox = batch?.catchingUp === true ? { removed: [], added: [], notices } : effects;
    if (batch?.catchingUp === true) writes.push(...(await this.gatherTimerChanges(effects, redis, keys)));
    if (outbox.removed.length + outbox.added.length + notices.length > 0) {
      const position = events[events.length - 1]!.position.toString();
      writes.push({ op: 'hset', key: keys.effects, field: position, value: JSON.stringify(outbox) });
    }
    return writes;
  }

  /** The batch's timer changes folded into those gathered so far in the catch-up (mergeTimerChange). */
  private async gatherTimerChanges(effects: TimerEffects, redis: Redis, keys: SchedulerRecordKeys): Promise<RedisWrite[]> {
    const changes: Array<[string, { removed: true } | { added: PlannedTimer }]> = [
      ...effects.removed.map((id): [string, { removed: true }] => [id, { removed: true }]),
      ...effects.added.map((timer): [string, { added: PlannedTimer }] => [timer.jobId, { added: timer }]),
    ];
    if (changes.length === 0) return [];
    const stored = await redis.hmget(keys.timerChanges, ...changes.map(([id]) => id));
    return changes.map(([id, change], i): RedisWrite => {
      const json = stored[i];
      const merged = mergeTimerChange(json == null ? undefined : (JSON.parse(json) as TimerChange), change);
      return merged === undefined ? { op: 'hdel', key: keys.timerChanges, field: id } : { op: 'hset', key: keys.timerChanges, field: id, value: JSON.stringify(merged) };
    });
  }

  /**
   * Does what the outbox holds, oldest batch first, removing each entry once its jobs are in BullMQ; first, unless a
   * catch-up is under way, the timer changes a catch-up gathered (they come from batches before any in the outbox).
   */
  async settle(redis: Redis, build: BuildKeys, batch?: BatchContext): Promise<void> {
    const keys = new SchedulerRecordKeys(build.prefix);
    if (batch?.catchingUp !== true) await this.settleTimerChanges(redis, keys);
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

  /**
   * Puts the gathered timer changes in BullMQ a page at a time (removals first), then deletes each one unless a batch
   * changed it meanwhile. Done twice after a crash, it does the same again: adds and removals are idempotent.
   */
  private async settleTimerChanges(redis: Redis, keys: SchedulerRecordKeys): Promise<void> {
    let cursor = '0';
    do {
      const [next, entries] = await redis.hscan(keys.timerChanges, cursor, 'COUNT', TIMER_CHANGES_PAGE);
      cursor = next;
      if (entries.length === 0) continue;
      const changes: Array<{ id: string; json: string; change: TimerChange }> = [];
      for (let i = 0; i < entries.length; i += 2) changes.push({ id: entries[i]!, json: entries[i + 1]!, change: JSON.parse(entries[i + 1]!) as TimerChange });
      await this.deps.timers.remove(changes.filter((c) => c.change.remove === true).map((c) => c.id));
      await this.deps.timers.add(changes.flatMap((c) => (c.change.add !== undefined ? [c.change.add] : [])));
      await redis.eval(DELETE_UNCHANGED, 1, keys.timerChanges, ...changes.flatMap((c) => [c.id, c.json]));
    } while (cursor !== '0');
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
      const before = parseTimerClocks(id, replies[2 * i] as Record<string, string>);
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
