import { CASE_STREAM_PREFIX, type Clock } from '@kntc/cases';
import { foldCase, readCaseEventOrSkipNewer, type CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { vnDateOf, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import type { Queue } from 'bullmq';
import type { DeadlineCommandSender } from '../jobs/deadline-command.sender';
import { stallJobKey } from '../queues';
import { applyToTimerClocks, type CaseTimerClocks } from '../timers/timer-clock';
import { planTimers, type PlannedTimer, type TimerPlanOptions } from '../timers/timer-plan';
import type { TimerQueue } from '../timers/timer-queue';

export interface ReconcileReport {
  cases: number;
  runningClocks: number;
  /** Timer jobs of steps the store says are still due that no pending job would run, added again. */
  recreated: number;
  /** Of those, jobs found failed for good or completed without their step recorded: removed, then added again. */
  replaced: number;
  /** FlagStalledCase commands that recorded an escalation. */
  stalledFlagged: number;
}

const PAGE = 5_000;
/** Job states asked for at once: bounds the promises and replies held at a time. */
const STATE_BATCH = 1_000;
/** States in which a job will still run its step. Any other (none, completed, failed) runs nothing: the step would be lost. */
const PENDING_STATES: ReadonlySet<string> = new Set(['delayed', 'waiting', 'wait', 'active', 'prioritized', 'waiting-children']);

/**
 * Re-derives from the store what Redis should hold: every running clock's pending timers (re-added when
 * missing, so losing Redis loses no deadline) and the stalled cases. "Missing" is judged from the store: a
 * planned timer is a step the store does not record yet, so its job must be pending; one that failed for good
 * or completed (a step skipped by mistake, or recorded since the fold: the decider then skips it) is removed
 * and added again under the same id. The stalled cases are flagged (FlagStalledCase, which the decider
 * refuses when the case moved or the stall was already flagged). Reads every case stream; it does not touch
 * the scheduler's checkpoint or clocks, which converge on their own.
 */
export class DeadlineReconciler {
  constructor(
    private readonly deps: {
      store: EventStore;
      timers: TimerQueue;
      workflows: WorkflowRegistry;
      calendar: WorkingCalendar;
      clock: Clock;
      plan: TimerPlanOptions;
      sender: DeadlineCommandSender;
    },
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const cases = await this.foldAll();
    const planned: PlannedTimer[] = [];
    let runningClocks = 0;
    let stalledFlagged = 0;
    const today = vnDateOf(this.deps.clock.now());
    for (const [caseId, { events, clocks }] of cases) {
      runningClocks += clocks.size;
      for (const clock of clocks.values()) planned.push(...planTimers(clock, this.deps.workflows, this.deps.calendar, this.deps.plan, today));
      const state = foldCase(events);
      if (state.status !== 'active') continue;
      const rule = this.deps.workflows.get(state.kind, state.workflowVersion).stalls.find((s) => s.stage === state.stage);
      if (!rule || state.stallFlagged === `${state.stage}@${state.lastActOn}`) continue;
      if (this.deps.calendar.countBetween(state.lastActOn, today, 'working-days') < rule.workingDays) continue;
      const outcome = await this.deps.sender.send(
        { type: 'FlagStalledCase', caseId, stage: state.stage, since: state.lastActOn },
        stallJobKey(caseId, state.stage, state.lastActOn),
      );
      if ('done' in outcome) stalledFlagged++;
    }
    const { missing, finished } = await this.missing(this.deps.timers.queue, planned);
    // BullMQ drops an add whose id it still holds, so a finished job goes first.
    await this.deps.timers.remove(finished);
    await this.deps.timers.add(missing);
    return { cases: cases.size, runningClocks, recreated: missing.length, replaced: finished.length, stalledFlagged };
  }

  private async foldAll(): Promise<Map<string, { events: CaseEvent[]; clocks: CaseTimerClocks }>> {
    const cases = new Map<string, { events: CaseEvent[]; clocks: CaseTimerClocks }>();
    let after = 0n;
    for (;;) {
      const page = await this.deps.store.readAll({ after, streamPrefix: CASE_STREAM_PREFIX, limit: PAGE });
      for (const recorded of page) {
        // A newer release's event is skipped: that release's reconciler plans from it.
        const { event } = readCaseEventOrSkipNewer(recorded);
        if (event === undefined) continue;
        let entry = cases.get(event.data.caseId);
        if (entry === undefined) cases.set(event.data.caseId, (entry = { events: [], clocks: new Map() }));
        entry.events.push(event);
        applyToTimerClocks(entry.clocks, event, recorded.metadata['workflow'] as { id: string; version: number } | undefined);
      }
      if (page.length < PAGE) return cases;
      after = page[page.length - 1]!.position;
    }
  }

  /** The planned timers no pending job will run, and the ids of those held by a finished (failed or completed) job. */
  private async missing(queue: Queue, planned: PlannedTimer[]): Promise<{ missing: PlannedTimer[]; finished: string[] }> {
    const missing: PlannedTimer[] = [];
    const finished: string[] = [];
    for (let i = 0; i < planned.length; i += STATE_BATCH) {
      const batch = planned.slice(i, i + STATE_BATCH);
      const states = await Promise.all(batch.map((t) => queue.getJobState(t.jobId)));
      batch.forEach((timer, j) => {
        const state = states[j]!;
        if (PENDING_STATES.has(state)) return;
        missing.push(timer);
        if (state !== 'unknown') finished.push(timer.jobId);
      });
    }
    return { missing, finished };
  }
}
