import { addDays, dayOfWeek, localDateOf, type LocalDate } from './local-date';
import { lunarToSolar } from './lunar';

export const SCHEDULED_DAY_KINDS = ['holiday', 'compensatory', 'swap-off', 'make-up-workday'] as const;
export type ScheduledDayKind = (typeof SCHEDULED_DAY_KINDS)[number];

/** One day that departs from the Monday–Friday week. */
export interface ScheduledDay {
  date: LocalDate;
  kind: ScheduledDayKind;
  /** Vietnamese name of the occasion, e.g. "Tết Nguyên đán". */
  name: string;
  /** The notice that set this day, when it differs from the schedule's first source. */
  source?: string;
}

/** One year's days off and make-up working days for state agencies, as announced (or derived from the statute). */
export interface CalendarSchedule {
  year: number;
  /** The notices the schedule comes from, e.g. "CV 12729/VPCP-KGVX (25/12/2025)". */
  source: string[];
  /**
   * Whether this year's make-up Saturdays count as working days for statutory periods; when absent, the
   * calendar's own setting applies. No source says (docs/domain.md, "Statutory clocks").
   */
  makeUpSaturdaysAreWorkingDays?: boolean;
  /** True when derived from the statute because no official notice was loaded. */
  provisional?: boolean;
  days: ScheduledDay[];
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  victoryDay: 'Ngày Chiến thắng',
  labourDay: 'Ngày Quốc tế Lao động',
  nationalDay: 'Quốc khánh',
} as const;

const SATURDAY = 6;
const SUNDAY = 0;

function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === SATURDAY || dow === SUNDAY;
}

/**
 * The day next to 2/9 that gives the longest break (BLLĐ 2019 art. 112(1)(đ) lets the PM choose either side):
 * Mon → Tue 3/9; Tue, Wed → the Monday/Tuesday before (1/9); Thu → Fri 3/9; Fri → Thu 1/9;
 * Sat, Sun → 1/9, the weekend compensatory days then extend the break.
 */
export function nationalDayAdjacentDay(year: number): LocalDate {
  const nationalDay = localDateOf(year, 9, 2);
  const dow = dayOfWeek(nationalDay);
  return dow === 1 || dow === 4 ? localDateOf(year, 9, 3) : localDateOf(year, 9, 1);
}

/**
 * The statutory days off of a year with no official schedule (BLLĐ 2019 art. 112(1) and 111(3)).
 * Tết is taken as the last day of the old lunar year through mùng 4; the official notice usually moves
 * these days to make a longer break, which is why every derived schedule is provisional.
 */
export function deriveStatutorySchedule(year: number): CalendarSchedule {
  const tet = lunarToSolar(year, 1, 1);
  const holiday = (date: LocalDate, name: string): ScheduledDay => ({ date, kind: 'holiday', name });
  const holidays = [
    holiday(localDateOf(year, 1, 1), HOLIDAY_NAMES.newYear),
    ...[-1, 0, 1, 2, 3].map((offset) => holiday(addDays(tet, offset), HOLIDAY_NAMES.tet)),
    holiday(lunarToSolar(year, 3, 10), HOLIDAY_NAMES.hungKings),
    holiday(localDateOf(year, 4, 30), HOLIDAY_NAMES.victoryDay),
    holiday(localDateOf(year, 5, 1), HOLIDAY_NAMES.labourDay),
    holiday(localDateOf(year, 9, 2), HOLIDAY_NAMES.nationalDay),
    holiday(nationalDayAdjacentDay(year), HOLIDAY_NAMES.nationalDay),
  ].sort((a, b) => a.date.localeCompare(b.date));

  const off = new Set(holidays.map((d) => d.date));
  const compensatory: ScheduledDay[] = [];
  for (const day of holidays) {
    if (!isWeekend(day.date)) continue;
    // BLLĐ 2019 art. 111(3): a holiday on the weekly rest day is made up on the next working day.
    let date = addDays(day.date, 1);
    while (isWeekend(date) || off.has(date)) date = addDays(date, 1);
    off.add(date);
    compensatory.push({ date, kind: 'compensatory', name: `Nghỉ bù ${day.name}` });
  }

  return {
    year,
    source: ['BLLĐ 2019 art. 111(3), 112(1): statutory days, no official notice loaded'],
    provisional: true,
    days: [...holidays, ...compensatory].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
