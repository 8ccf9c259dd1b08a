import { addDays, type LocalDate, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import { timerJobId, type DueJobData, type EscalationJobData, type ReminderJobData, type TimerJobName, type TimerStep } from '../queues';
import type { TimerClock } from './timer-clock';

/** One delayed job a running clock should have pending. */
export type PlannedTimer =
  | { name: 'deadline-reminder'; jobId: string; data: ReminderJobData }
  | { name: 'deadline-due'; jobId: string; data: DueJobData }
  | { name: 'deadline-escalation'; jobId: string; data: EscalationJobData };

export interface TimerPlanOptions {
  /** Hour of the day (Asia/Ho_Chi_Minh, 0-23) at which reminders and repeated escalations fire. Default 8. */
  noticeHour: number;
}

const VN_OFFSET_HOURS = 7;

/** The instant of `hour`:00 in Hanoi on a civil date. */
export function vnInstant(date: LocalDate, hour: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hour - VN_OFFSET_HOURS) * 3_600_000).toISOString();
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

/**
 * The jobs a running clock should have pending now: the reminders not yet recorded (those falling after the
 * day it started), the due job until DeadlineMissed is recorded, then the next escalation, `repeatEvery`
 * working days after the last one.
 */
export function planTimers(
  clock: TimerClock,
  workflows: WorkflowRegistry,
  calendar: WorkingCalendar,
  options: TimerPlanOptions,
  /** When given, reminders whose day is before it are left out: the decider would skip them (their day has passed). */
  today?: LocalDate,
): PlannedTimer[] {
  const workflow = workflows.get(clock.workflow.id, clock.workflow.version);
  const definition = Object.hasOwn(workflow.clocks, clock.clock) ? workflow.clocks[clock.clock] : undefined;
  const base = { caseId: clock.caseId, clock: clock.clock, dueDate: clock.dueDate };
  const jobId = (step: TimerStep) => timerJobId(clock.caseId, clock.clock, clock.dueDate, step, clock.resumedOverdueOn);
  const planned: PlannedTimer[] = [];
  for (const n of definition?.remindBefore ?? []) {
    if (clock.remindersSent.includes(n)) continue;
    const day = workingDayBefore(calendar, clock.dueDate, n);
    if (day <= clock.startedOn || (today !== undefined && day < today)) continue;
    planned.push({
      name: 'deadline-reminder',
      jobId: jobId(`remind-${n}`),
      data: { ...base, workingDaysBefore: n, fireAt: vnInstant(day, options.noticeHour) },
    });
  }
  if (!clock.missed) {
    const fireAt = new Date(Date.parse(clock.dueAt) + 1).toISOString();
    planned.push({ name: 'deadline-due', jobId: jobId('missed'), data: { ...base, fireAt } });
  } else {
    const level = (clock.escalation?.level ?? 1) + 1;
    const lastOn = clock.escalation?.on ?? addDays(clock.dueDate, 1);
    const day = calendar.dueDate(lastOn, workflow.escalation.repeatEvery, 'working-days').dueDate;
    planned.push({
      name: 'deadline-escalation',
      jobId: jobId(`escalate-${level}`),
      data: { ...base, level, fireAt: vnInstant(day, options.noticeHour) },
    });
  }
  return planned;
}

export function isTimerJobName(name: string): name is TimerJobName {
  return name === 'deadline-reminder' || name === 'deadline-due' || name === 'deadline-escalation';
}
