import type { Clock } from '@kntc/cases';
import { addDays, vnDateOf, type LocalDate, type WorkingCalendar } from '@kntc/workflow';

export const DEADLINE_STATUSES = ['on-time', 'due-soon', 'overdue'] as const;
/** Status of a running clock: it changes with time alone, so it is computed when asked, never stored. */
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DEFAULT_DUE_SOON_WORKING_DAYS = 3;

/** Today and the last day counted as "due soon", in Asia/Ho_Chi_Minh civil dates. */
export interface DeadlineWindow {
  today: LocalDate;
  /** Inclusive: a clock due on or before this day (and not before today) is due soon. */
  dueSoonUntil: LocalDate;
}

/**
 * Overdue once its due date has passed (a period ends at 24:00 of its last day, BLDS 2015 art. 148); due soon
 * when at most N working days remain after today; on time otherwise.
 */
export class DeadlineStatusPolicy {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
    readonly dueSoonWorkingDays: number = DEFAULT_DUE_SOON_WORKING_DAYS,
  ) {
    if (!Number.isInteger(dueSoonWorkingDays) || dueSoonWorkingDays < 0) throw new RangeError(`due-soon working days must be a whole number >= 0, got ${dueSoonWorkingDays}`);
  }

  window(workingDays: number = this.dueSoonWorkingDays): DeadlineWindow {
    const today = vnDateOf(this.clock.now());
    // The day before the (N+1)-th working day: every day up to it has at most N working days left.
    const next = this.calendar.dueDate(today, workingDays + 1, 'working-days').dueDate;
    return { today, dueSoonUntil: addDays(next, -1) };
  }

  static classify(dueDate: LocalDate, window: DeadlineWindow): DeadlineStatus {
    if (dueDate < window.today) return 'overdue';
    return dueDate <= window.dueSoonUntil ? 'due-soon' : 'on-time';
  }
}

/** Worst first: the status of a case is that of its most urgent running clock. */
export function worstStatus(statuses: readonly DeadlineStatus[]): DeadlineStatus | undefined {
  if (statuses.includes('overdue')) return 'overdue';
  if (statuses.includes('due-soon')) return 'due-soon';
  return statuses.length > 0 ? 'on-time' : undefined;
}
