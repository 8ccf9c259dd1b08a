import type { LocalDate } from './local-date';

/** `ngày làm việc` (working days only) or `ngày` (calendar days, last day rolled to a working day). */
export type PeriodUnit = 'working-days' | 'calendar-days';

/** Why a day is or is not a working day. */
export type DayKind =
  | 'workday'
  | 'weekend'
  | 'holiday' // statutory holiday (BLLĐ 2019 art. 112)
  | 'compensatory' // day off in lieu of a holiday that fell on a weekly rest day (art. 111(3))
  | 'swap-off' // weekday off, traded for a make-up Saturday
  | 'make-up-workday'; // Saturday worked in exchange for a swapped weekday

export interface DayInfo {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** Vietnamese name of the occasion, e.g. "Tết Nguyên đán". */
  name?: string;
  /** True when the year has no official schedule loaded and its days off were derived from the statute. */
  provisional: boolean;
}

export interface DueDateResult {
  /** The last day of the period, after any roll-forward: the period ends at 24:00 of this day. */
  dueDate: LocalDate;
  /** For calendar-day periods, the last day before rolling forward off a day off; equals dueDate otherwise. */
  unrolledDueDate: LocalDate;
  rolledForward: boolean;
  /** True when any day counted or skipped lies in a year whose schedule was derived, not official. */
  provisional: boolean;
}

/**
 * Vietnam's working-day calendar and the Civil Code counting rules (BLDS 2015 art. 147-148).
 * Pure: the schedule is loaded elsewhere and handed in.
 */
export interface WorkingCalendar {
  day(date: LocalDate): DayInfo;
  isWorkingDay(date: LocalDate): boolean;
  /**
   * The end of a period of `length` units that starts on `start`. The start day is excluded (art. 147);
   * a calendar-day period whose last day is a day off ends on the next working day (art. 148(5)).
   */
  dueDate(start: LocalDate, length: number, unit: PeriodUnit): DueDateResult;
  /** Units counted in the half-open interval (from, to]; 0 when to <= from. */
  countBetween(from: LocalDate, to: LocalDate, unit: PeriodUnit): number;
}
