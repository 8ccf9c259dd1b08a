import { clockTimerView, evolveClocks, type CaseEvent, type RunningClock } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';

/**
 * A running clock as the timers see it: what is needed to know which jobs it should have pending. Folded
 * from the case's events by the domain's clock fold (applyToTimerClocks), kept per case in Redis by the scheduler (DeadlineKeys.timers)
 * and refolded from the store by the reconciler.
 */
export interface TimerClock {
  caseId: string;
  clock: string;
  workflow: { id: string; version: number };
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  /** Reminder offsets already recorded (DeadlineReminderSent) for this due date. */
  remindersSent: number[];
  /** DeadlineMissed recorded for this due date. */
  missed: boolean;
  /** Last overdue escalation recorded for this due date, and the Hanoi date the next one counts from. */
  escalation?: { level: number; on: LocalDate };
  /**
   * Set when the clock resumed after its due date (DeadlineSet with `overdue`): the resumption date. Its jobs get
   * ids of their own, so a job of before the suspension (skipped and kept by BullMQ) never blocks them.
   */
  resumedOverdueOn?: LocalDate;
  /** The domain's state of the clock, which the next event is folded into (absent in clocks stored by older versions). */
  state?: RunningClock;
}

/** The running clocks of one case, by clock name. */
export type CaseTimerClocks = Map<string, TimerClock>;

/** Applies one case event to the case's running clocks; `workflow` is the event's metadata `workflow`. */
export function applyToTimerClocks(clocks: CaseTimerClocks, event: CaseEvent, workflow: { id: string; version: number } | undefined): void {
  const before = Object.fromEntries([...clocks].map(([name, c]) => [name, domainClockOf(c)]));
  // The domain's own clock fold; the timers keep what it leaves running (a suspension drops them all, and the
  // resumption's DeadlineSet brings each back with all its timers need).
  const after = evolveClocks(before, event);
  if (after === before) return;
  const caseId = event.data.caseId;
  for (const [name, state] of Object.entries(after)) {
    const wf = workflow ?? clocks.get(name)?.workflow;
    if (state.status !== 'running' || wf === undefined) clocks.delete(name);
    else if (state !== before[name]) clocks.set(name, timerClockOf(caseId, name, wf, state));
  }
}

/** The timers' view of a running clock of the domain's fold. */
export function timerClockOf(caseId: string, name: string, workflow: { id: string; version: number }, state: RunningClock): TimerClock {
  const { paused: _paused, clock: _clock, ...view } = clockTimerView(name, state);
  return { caseId, clock: name, workflow, ...view, state };
}

/** A clock stored before the timers kept the domain's state: rebuilt from what was kept (basis and extensions play no part in timers). */
export function domainClockOf(clock: TimerClock): RunningClock {
  if (clock.state !== undefined) return clock.state;
  return {
    status: 'running',
    startedOn: clock.startedOn,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    basis: LEGACY_BASIS,
    extensions: 0,
    remindersSent: clock.remindersSent,
    missed: clock.missed,
    escalationLevel: clock.escalation?.level ?? 0,
    ...(clock.escalation !== undefined ? { escalatedOn: clock.escalation.on } : {}),
  };
}

const LEGACY_BASIS = { provisional: false } as RunningClock['basis'];

/**
 * A running clock as the scheduler stores it (one hash field per clock, SchedulerRecordKeys.timers): the workflow and
 * the domain's state only; the rest of the TimerClock is its view, derived again when it is read (parseTimerClocks).
 */
export function storableTimerClock(clock: TimerClock): string {
  return JSON.stringify(clock.state !== undefined ? { workflow: clock.workflow, state: clock.state } : clock);
}

/** A case's running clocks from its stored hash; a clock stored whole (by a release before records version 3) is read as it is. */
export function parseTimerClocks(caseId: string, hash: Record<string, string>): CaseTimerClocks {
  return new Map(
    Object.entries(hash).map(([clock, json]) => {
      const stored = JSON.parse(json) as TimerClock | { caseId?: undefined; workflow: TimerClock['workflow']; state: RunningClock };
      return [clock, stored.caseId === undefined ? timerClockOf(caseId, clock, stored.workflow, stored.state!) : stored];
    }),
  );
}
