import { clockSteps, workingDayBefore } from '@kntc/domain';
import type { LocalDate, WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import { timerJobId, type DueJobData, type EscalationJobData, type ReminderJobData, type TimerJobName, type TimerStep } from '../queues';
import { domainClockOf, type TimerClock } from './timer-clock';

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

export { workingDayBefore };

/**
 * The jobs a running clock should have pending now: one per step the domain says is still to come for it
 * (clockSteps: reminders not yet recorded, the miss, then the next escalation), at the notice hour of its day.
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
  const base = { caseId: clock.caseId, clock: clock.clock, dueDate: clock.dueDate };
  const jobId = (step: TimerStep) => timerJobId(clock.caseId, clock.clock, clock.dueDate, step, clock.resumedOverdueOn);
  return clockSteps(clock.clock, domainClockOf(clock), workflow, calendar, today).map((step): PlannedTimer => {
    switch (step.step) {
      case 'remind':
        return {
          name: 'deadline-reminder',
          jobId: jobId(`remind-${step.workingDaysBefore}`),
          data: { ...base, workingDaysBefore: step.workingDaysBefore, fireAt: vnInstant(step.on, options.noticeHour) },
        };
      case 'missed':
        return { name: 'deadline-due', jobId: jobId('missed'), data: { ...base, fireAt: new Date(Date.parse(step.after) + 1).toISOString() } };
      case 'escalate':
        return { name: 'deadline-escalation', jobId: jobId(`escalate-${step.level}`), data: { ...base, level: step.level, fireAt: vnInstant(step.on, options.noticeHour) } };
    }
  });
}

export function isTimerJobName(name: string): name is TimerJobName {
  return name === 'deadline-reminder' || name === 'deadline-due' || name === 'deadline-escalation';
}
