import { deriveStatutorySchedule, type CalendarSchedule, type ScheduledDay } from './calendar-schedule';
import { addDays, assertLocalDate, dayOfWeek, daysBetween, yearOf, type LocalDate } from './local-date';
import type { DayInfo, DueDateResult, PeriodUnit, WorkingCalendar } from './working-calendar';

export interface VietnamCalendarOptions {
  /**
   * Whether an official make-up Saturday (làm bù) counts as a working day for statutory periods. No source
   * settles it (docs/domain.md, "Statutory clocks"); a schedule's own `makeUpSaturdaysAreWorkingDays` wins for its year.
   * Default: true.
   */
  makeUpSaturdaysAreWorkingDays?: boolean;
}

interface YearCalendar {
  schedule: CalendarSchedule;
  byDate: Map<LocalDate, ScheduledDay>;
  makeUpSaturdaysWork: boolean;
}

/**
 * Civil servants' working days in Vietnam (Monday–Friday, BLLĐ 2019 art. 111–112) from the official yearly
 * schedules; a year without one falls back to the statutory days off and its days are provisional.
 */
export class VietnamCalendar implements WorkingCalendar {
  private readonly years = new Map<number, YearCalendar>();
  private readonly officialYears: ReadonlySet<number>;
  private readonly makeUpSaturdaysWork: boolean;

  constructor(schedules: readonly CalendarSchedule[], options: VietnamCalendarOptions = {}) {
    this.makeUpSaturdaysWork = options.makeUpSaturdaysAreWorkingDays ?? true;
    for (const schedule of schedules) {
      if (this.years.has(schedule.year)) throw new Error(`two official calendar schedules for ${schedule.year}`);
      this.years.set(schedule.year, this.indexSchedule(schedule));
    }
    this.officialYears = new Set(this.years.keys());
  }

  hasOfficialSchedule(year: number): boolean {
    return this.officialYears.has(year);
  }

  /** The official schedule of a year, or the statutory one derived for it (then `provisional: true`). */
  schedule(year: number): CalendarSchedule {
    return this.yearCalendar(year).schedule;
  }

  day(date: LocalDate): DayInfo {
    assertLocalDate(date);
    const year = yearOf(date);
    const calendar = this.yearCalendar(year);
    const provisional = !this.officialYears.has(year);
    const scheduled = calendar.byDate.get(date);
    if (scheduled) {
      const working = scheduled.kind === 'make-up-workday' && calendar.makeUpSaturdaysWork;
      return { date, working, kind: scheduled.kind, name: scheduled.name, provisional };
    }
    const dow = dayOfWeek(date);
    if (dow === 0 || dow === 6) return { date, working: false, kind: 'weekend', provisional };
    return { date, working: true, kind: 'workday', provisional };
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.day(date).working;
  }

  dueDate(start: LocalDate, length: number, unit: PeriodUnit): DueDateResult {
    assertLocalDate(start);
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(`a period length must be a whole number of days, 0 or more; got ${length}`);
    }

    switch (unit) {
      case 'working-days': {
        // BLDS 2015 art. 147(2): counting begins the day after the start; only working days are counted.
        let date = start;
        let counted = 0;
        let provisional = false;
        while (counted < length) {
          date = addDays(date, 1);
          const info = this.day(date);
          provisional ||= info.provisional;
          if (info.working) counted++;
        }
        return { dueDate: date, unrolledDueDate: date, rolledForward: false, provisional };
      }
      case 'calendar-days': {
        // A zero-length period ends on its start day, even a day off: nothing is counted, so nothing rolls.
        if (length === 0) return { dueDate: start, unrolledDueDate: start, rolledForward: false, provisional: false };
        const unrolled = addDays(start, length);
        let provisional = false;
        for (let year = yearOf(addDays(start, 1)); year <= yearOf(unrolled); year++) {
          provisional ||= !this.officialYears.has(year);
        }
        // BLDS 2015 art. 148(5): a period whose last day is a day off ends at the end of the next working day.
        let date = unrolled;
        let info = this.day(date);
        while (!info.working) {
          date = addDays(date, 1);
          info = this.day(date);
          provisional ||= info.provisional;
        }
        return { dueDate: date, unrolledDueDate: unrolled, rolledForward: date !== unrolled, provisional };
      }
      default:
        return assertNever(unit);
    }
  }

  countBetween(from: LocalDate, to: LocalDate, unit: PeriodUnit): number {
    const days = daysBetween(from, to);
    if (days <= 0) return 0;
    switch (unit) {
      case 'calendar-days':
        return days;
      case 'working-days': {
        let count = 0;
        for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
          if (this.isWorkingDay(date)) count++;
        }
        return count;
      }
      default:
        return assertNever(unit);
    }
  }

  private yearCalendar(year: number): YearCalendar {
    let calendar = this.years.get(year);
    if (!calendar) {
      calendar = this.indexSchedule(deriveStatutorySchedule(year));
      this.years.set(year, calendar);
    }
    return calendar;
  }

  private indexSchedule(schedule: CalendarSchedule): YearCalendar {
    const byDate = new Map<LocalDate, ScheduledDay>();
    for (const day of schedule.days) {
      if (yearOf(day.date) !== schedule.year) throw new Error(`${schedule.year} schedule lists ${day.date}, a date of another year`);
      if (byDate.has(day.date)) throw new Error(`${schedule.year} schedule lists ${day.date} twice`);
      byDate.set(day.date, day);
    }
    return { schedule, byDate, makeUpSaturdaysWork: schedule.makeUpSaturdaysAreWorkingDays ?? this.makeUpSaturdaysWork };
  }
}

function assertNever(unit: never): never {
  throw new RangeError(`unknown period unit: ${String(unit)}`);
}
