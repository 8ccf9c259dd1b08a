import { CASE_STREAM_PREFIX, type Clock } from '@kntc/cases';
import type { CaseState } from '@kntc/domain';
import type { EventStore, Position } from '@kntc/event-store';
import { pipelineReplies } from '@kntc/read-models';
import { vnDateOf, type LocalDate, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { DeadlineCommandSender } from '../jobs/deadline-command.sender';
import { stallJobKey, type SchedulerRecordKeys } from '../queues';
import type { SchedulerRecords } from '../scheduler/deadline-scheduler.subscriber';
import { parseOpenCase } from './open-cases';
import { parseTimerClocks } from '../timers/timer-clock';
import { planTimers, type PlannedTimer, type TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';
import { parkedTimerKeys } from '../timers/parked-timers';

export interface ReconcileReport {
  /** Cases looked at: those open or with pending timers (the scheduler's open-case records). */
  cases: number;
  runningClocks: number;
  /** Timer jobs of steps the store says are still due that no pending job would run, added again. */
  recreated: number;
  /** Of those, jobs found failed for good or completed without their step recorded: removed, then added again. */
  replaced: number;
  /** FlagStalledCase commands that recorded an escalation. */
  stalledFlagged: number;
  /** True when the scheduler had not yet applied every case event: nothing was judged, the next run will. */
  schedulerBehind?: true;
}

/** Open cases read per step: bounds the memory of a run, whatever the size of the store. */
const PAGE = 500;
/** Timers whose jobs are looked up in one pipeline: bounds the replies held at a time. */
const STATE_BATCH = 1_000;

/**
 * Re-derives from the store what Redis should hold: every running clock's pending timers (re-added when
 * missing, so losing Redis loses no deadline) and the stalled cases. It reads the scheduler's records of the
 * open cases (the domain's fold of each case and its running clocks, kept from the store event by event, and
 * rebuilt from the store when Redis loses them), a page at a time, and only once the scheduler has applied
 * every case event: its time follows the open cases, its memory one page. "Missing" is judged from that fold
 * of the store: a planned timer is a step the store does not record yet, so its job must be pending; one that
 * failed for good or completed (a step skipped by mistake, or recorded since: the decider then skips it) is
 * removed and added again under the same id. Stalled cases are flagged (FlagStalledCase, which the decider
 * refuses when the case moved or the stall was already flagged).
 */
export class DeadlineReconciler {
  constructor(
    private readonly deps: {
      store: EventStore;
      redis: Redis;
      timers: TimerQueue;
      workflows: WorkflowRegistry;
      calendar: WorkingCalendar;
      clock: Clock;
      plan: TimerPlanOptions;
      sender: DeadlineCommandSender;
      /** Applies every case event the scheduler has not yet applied (DeadlineScheduler.catchUp). */
      catchUpScheduler: () => Promise<unknown>;
      /** Where the scheduler's records of this code's version answer from (DeadlineScheduler.records); undefined before they do. */
      schedulerRecords: () => Promise<SchedulerRecords | undefined>;
    },
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { cases: 0, runningClocks: 0, recreated: 0, replaced: 0, stalledFlagged: 0 };
    // The scheduler's records must hold every case event (its own appends and the timers' leave it behind for a
    // moment, a Redis loss for a whole replay): apply what it has not yet. Its commits are guarded by its checkpoint,
    // so doing it beside the active scheduler (here or in another process) applies each batch once.
    // Judged as of the store's head now: events appended during the run (timers firing) are the next run's.
    const asOf = await this.deps.store.headPosition();
    let records = await this.deps.schedulerRecords();
    if (records === undefined || (await this.schedulerBehind(records, asOf))) {
      await this.deps.catchUpScheduler();
      records = await this.deps.schedulerRecords();
      if (records === undefined || (await this.schedulerBehind(records, asOf))) return { ...report, schedulerBehind: true };
    }
    const { redis } = this.deps;
    const today = vnDateOf(this.deps.clock.now());
    // SSCAN may return a member twice; each case is judged once.
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, found] = await redis.sscan(records.keys.openCases, cursor, 'COUNT', PAGE);
      cursor = next;
      const ids = found.filter((id) => !seen.has(id));
      for (const id of ids) seen.add(id);
      if (ids.length > 0) await this.reconcilePage(records.keys, ids, today, report);
    } while (cursor !== '0');
    return report;
  }

  private async reconcilePage(keys: SchedulerRecordKeys, ids: string[], today: LocalDate, report: ReconcileReport): Promise<void> {
    const { redis } = this.deps;
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.get(keys.openCase(id)).hgetall(keys.timers(id));
    const replies = await pipelineReplies(pipeline);
    const planned: PlannedTimer[] = [];
    const flags: Array<Promise<boolean>> = [];
    for (const [i, caseId] of ids.entries()) {
      report.cases += 1;
      const clocks = parseTimerClocks(caseId, replies[2 * i + 1] as Record<string, string>);
      report.runningClocks += clocks.size;
      for (const clock of clocks.values()) planned.push(...planTimers(clock, this.deps.workflows, this.deps.calendar, this.deps.plan, today));
      const state = parseOpenCase(replies[2 * i] as string | null)?.state;
      if (state !== undefined) flags.push(this.flagIfStalled(caseId, state, today));
    }
    // The page's stall commands at once, each on its own case: the store commits them together instead of one by one.
    const flagged = await Promise.allSettled(flags);
    report.stalledFlagged += flagged.filter((outcome) => outcome.status === 'fulfilled' && outcome.value).length;
    const refused = flagged.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (refused !== undefined) throw refused.reason;
    const { missing, finished } = await this.missing(this.deps.timers.queue, planned);
    // BullMQ drops an add whose id it still holds, so a finished job goes first.
    await this.deps.timers.remove(finished);
    await this.deps.timers.add(missing);
    report.recreated += missing.length;
    report.replaced += finished.length;
  }

  private async flagIfStalled(caseId: string, state: CaseState, today: LocalDate): Promise<boolean> {
    if (state.status !== 'active') return false;
    const rule = this.deps.workflows.get(state.kind, state.workflowVersion).stalls.find((s) => s.stage === state.stage);
    if (!rule || state.stallFlagged === `${state.stage}@${state.lastActOn}`) return false;
    if (this.deps.calendar.countBetween(state.lastActOn, today, 'working-days') < rule.workingDays) return false;
    const outcome = await this.deps.sender.send(
      { type: 'FlagStalledCase', caseId, stage: state.stage, since: state.lastActOn },
      stallJobKey(caseId, state.stage, state.lastActOn),
    );
    return 'done' in outcome;
  }

  /** Whether a case event at or before `asOf` lies beyond what the scheduler's records hold. */
  private async schedulerBehind(records: SchedulerRecords, asOf: Position): Promise<boolean> {
    const [next] = await this.deps.store.readAll({ after: records.checkpoint, streamPrefix: CASE_STREAM_PREFIX, limit: 1 });
    return next !== undefined && next.position <= asOf;
  }

  /**
   * The planned timers no pending job will run, and the ids of those held by a finished (failed or completed) job.
   * Asked in one pipeline per thousand timers, of the parked timers and the sets BullMQ keeps: a parked timer and a
   * job in the delayed set are pending; one in
   * the completed or failed set is finished; any other job whose hash exists waits in a list (wait, active, paused)
   * or a set (prioritized, waiting-children) and is pending; no hash, no job. BullMQ's own state script finds the
   * same, but looks through the wait list with LPOS, which costs milliseconds per job when many timers are due.
   */
  private async missing(queue: Queue, planned: PlannedTimer[]): Promise<{ missing: PlannedTimer[]; finished: string[] }> {
    const missing: PlannedTimer[] = [];
    const finished: string[] = [];
    const { delayed, completed, failed } = queue.keys;
    const parked = parkedTimerKeys(queue).due;
    for (let i = 0; i < planned.length; i += STATE_BATCH) {
      const batch = planned.slice(i, i + STATE_BATCH);
      // The queue lives in the same Redis as the scheduler's records (DeadlinesModule gives both the one URL).
      const pipeline = this.deps.redis.pipeline();
      for (const { jobId } of batch) {
        pipeline.zscore(parked, jobId).zscore(delayed!, jobId).zscore(completed!, jobId).zscore(failed!, jobId).exists(queue.toKey(jobId));
      }
      const replies = await pipelineReplies(pipeline);
      batch.forEach((timer, j) => {
        const [isParked, isDelayed, isCompleted, isFailed, exists] = replies.slice(5 * j, 5 * j + 5);
        if (isParked !== null || isDelayed !== null) return;
        if (isCompleted !== null || isFailed !== null) {
          missing.push(timer);
          finished.push(timer.jobId);
          return;
        }
        if (exists === 1) return;
        missing.push(timer);
      });
    }
    return { missing, finished };
  }
}
