import { addDays, type LocalDate, type WorkflowDefinition, type WorkingCalendar } from '@kntc/workflow';
import type { ClockState, ExistingCase } from './case.state';

/**
 * What the read models show of a case's progress, read off the domain's fold so they cannot disagree with it:
 * whether it is suspended, its stage, and its clocks in the order they first started.
 */
export interface CaseProgress {
  status: ExistingCase['status'];
  suspendedOn?: LocalDate;
  stage: string;
  clocks: ClockFact[];
}

export interface ClockFact {
  clock: string;
  status: ClockState['status'];
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  extensions: number;
  /** The due date was computed from a year without an official calendar. */
  provisional: boolean;
  missed: boolean;
  escalationLevel: number;
  pausedOn?: LocalDate;
  stoppedOn?: LocalDate;
  metDeadline?: boolean;
}

export function caseProgressOf(state: ExistingCase): CaseProgress {
  return {
    status: state.status,
    ...(state.status === 'suspended' ? { suspendedOn: state.suspendedOn } : {}),
    stage: state.stage,
    clocks: Object.entries(state.clocks).map(([name, clock]) => clockFactOf(name, clock)),
  };
}

export function clockFactOf(name: string, clock: ClockState): ClockFact {
  return {
    clock: name,
    status: clock.status,
    startedOn: clock.startedOn,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    extensions: clock.extensions,
    provisional: clock.basis.provisional,
    missed: clock.missed,
    escalationLevel: clock.escalationLevel,
    // A stopped clock shows when it stopped, not the suspension it was stopped in.
    ...(clock.status === 'paused' ? { pausedOn: clock.pausedOn } : {}),
    ...(clock.status === 'stopped' ? { stoppedOn: clock.stoppedOn, metDeadline: clock.metDeadline } : {}),
  };
}

/** The next thing a timer must do for a running clock; the deadline decider re-checks each when it fires. */
export type ClockStep =
  /** Remind on `on`, when `workingDaysBefore` working days are left. */
  | { step: 'remind'; workingDaysBefore: number; on: LocalDate }
  /** Record the miss just after `after` (the end of the due date). */
  | { step: 'missed'; after: string }
  /** Escalate to `level` on `on`, `repeatEvery` working days after the last escalation. */
  | { step: 'escalate'; level: number; on: LocalDate };

/** A clock as the timers see it: its due date, whether it is paused, and the steps still to come. */
export interface ClockTimers {
  clock: string;
  paused: boolean;
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  /** Reminder offsets already recorded, largest first. */
  remindersSent: number[];
  missed: boolean;
  /** Last overdue escalation and the Hanoi date the next one counts from. */
  escalation?: { level: number; on: LocalDate };
  /** Set when the clock resumed after its due date: the resumption date (its jobs get ids of their own). */
  resumedOverdueOn?: LocalDate;
  /** Empty while paused. */
  steps: ClockStep[];
}

/** The clocks that are running or paused, with their next steps; a stopped clock needs no timer. */
export function clockTimersOf(
  clocks: Readonly<Record<string, ClockState>>,
  workflow: WorkflowDefinition,
  calendar: WorkingCalendar,
  /** When given, reminders whose day is before it are left out: the decider would refuse them (their day has passed). */
  today?: LocalDate,
): ClockTimers[] {
  return Object.entries(clocks).flatMap(([name, clock]) =>
    clock.status === 'stopped' ? [] : [{ ...clockTimerView(name, clock), steps: clockSteps(name, clock, workflow, calendar, today) }],
  );
}

export function clockTimerView(name: string, clock: Exclude<ClockState, { status: 'stopped' }>): Omit<ClockTimers, 'steps'> {
  // A clock resumed overdue keeps its old due date and starts on the resumption, after it; no other start is.
  const resumedOverdue = clock.status === 'running' && clock.startedOn > clock.dueDate;
  return {
    clock: name,
    paused: clock.status === 'paused',
    startedOn: clock.startedOn,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    remindersSent: [...new Set(clock.remindersSent)].sort((a, b) => b - a),
    missed: clock.missed,
    ...(clock.escalationLevel > 0 ? { escalation: { level: clock.escalationLevel, on: clock.escalatedOn ?? addDays(clock.dueDate, 1) } } : {}),
    ...(resumedOverdue ? { resumedOverdueOn: clock.startedOn } : {}),
  };
}

/**
 * The steps still to come for a clock: the reminders not yet recorded (those falling after the day it started),
 * the miss until it is recorded, then the next escalation. None while it is paused or stopped.
 */
export function clockSteps(name: string, clock: ClockState, workflow: WorkflowDefinition, calendar: WorkingCalendar, today?: LocalDate): ClockStep[] {
  if (clock.status !== 'running') return [];
  const steps: ClockStep[] = [];
  const definition = Object.hasOwn(workflow.clocks, name) ? workflow.clocks[name] : undefined;
  for (const n of definition?.remindBefore ?? []) {
    if (clock.remindersSent.includes(n)) continue;
    const on = workingDayBefore(calendar, clock.dueDate, n);
    if (on <= clock.startedOn || (today !== undefined && on < today)) continue;
    steps.push({ step: 'remind', workingDaysBefore: n, on });
  }
  steps.push(
    clock.missed
      ? { step: 'escalate', level: Math.max(clock.escalationLevel, 1) + 1, on: nextEscalationDay(clock, workflow, calendar) }
      : { step: 'missed', after: clock.dueAt },
  );
  return steps;
}

/** The day the next overdue escalation is due: `repeatEvery` working days after the last one (or after the due date). */
export function nextEscalationDay(clock: Pick<ClockState, 'dueDate' | 'escalatedOn'>, workflow: WorkflowDefinition, calendar: WorkingCalendar): LocalDate {
  const from = clock.escalatedOn ?? addDays(clock.dueDate, 1);
  return calendar.dueDate(from, workflow.escalation.repeatEvery, 'working-days').dueDate;
}

/** The working day `n` working days before `date` (n = 0: `date` itself, or the working day before it if it is a day off). */
export function workingDayBefore(calendar: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  for (let counted = 0; counted < n; ) {
    day = addDays(day, -1);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return day;
}
