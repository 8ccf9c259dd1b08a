import { addDays, dayOfWeek, localDateOf, type LocalDate, type WorkingCalendar } from '@kntc/workflow';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A department's fixed reception days, as its departments-file entry states them. */
export interface RegularReceptionDays {
  /** Where the weekly sessions are held; default "Trụ sở tiếp công dân" of the department. */
  place?: string;
  weekly: Weekday[];
  /** Days of the month, each at its own place (e.g. the 20th at the provincial reception office). */
  monthly: Array<{ day: number; place?: string }>;
}

export interface RegularSession {
  date: LocalDate;
  place: string;
  /** The fixed day it stands for, when that day was a day off and the session moved. */
  movedFrom?: LocalDate;
  /** Why the fixed day was off (the calendar's name of the occasion, or the weekend). */
  movedBecause?: string;
}

export const DEFAULT_RECEPTION_PLACE = 'Trụ sở tiếp công dân';

/** A fixed day that is a day off is looked for at most this far back, so a long Tết break still moves into the range. */
const MAX_MOVE_DAYS = 14;

/**
 * The regular sessions of a department from `from` to `to` (both included). A fixed day that is not a working day
 * moves to the next working day. No text read says so (Luật TCD 2013 and NĐ 154/2026 set the days, not what happens
 * when one is a holiday); it is the practice of posting "chuyển sang ngày làm việc tiếp theo", and a department that
 * skips such a day instead must post a change. Two fixed days landing on one date at one place make one session.
 */
export function regularSessionsBetween(days: RegularReceptionDays, from: LocalDate, to: LocalDate, calendar: WorkingCalendar): RegularSession[] {
  const sessions = new Map<string, RegularSession>();
  for (let fixed = addDays(from, -MAX_MOVE_DAYS); fixed <= to; fixed = addDays(fixed, 1)) {
    for (const place of placesOn(days, fixed)) {
      const date = nextWorkingDay(fixed, calendar);
      if (date < from || date > to) continue;
      const key = `${date}\n${place}`;
      if (sessions.has(key)) continue;
      const info = calendar.day(fixed);
      sessions.set(key, date === fixed ? { date, place } : { date, place, movedFrom: fixed, movedBecause: info.name ?? (info.kind === 'weekend' ? 'Nghỉ cuối tuần' : 'Ngày nghỉ') });
    }
  }
  return [...sessions.values()].sort((a, b) => (a.date === b.date ? a.place.localeCompare(b.place) : a.date < b.date ? -1 : 1));
}

function placesOn(days: RegularReceptionDays, date: LocalDate): string[] {
  const places: string[] = [];
  if (days.weekly.includes(WEEKDAYS[dayOfWeek(date)]!)) places.push(days.place ?? DEFAULT_RECEPTION_PLACE);
  const dayOfMonth = Number(date.slice(8, 10));
  for (const monthly of days.monthly) {
    // A day the month does not have (the 31st of April) is the month's last day.
    const last = lastDayOfMonth(date);
    if (Math.min(monthly.day, last) === dayOfMonth) places.push(monthly.place ?? days.place ?? DEFAULT_RECEPTION_PLACE);
  }
  return places;
}

function lastDayOfMonth(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return Number(addDays(month === 12 ? localDateOf(year + 1, 1, 1) : localDateOf(year, month + 1, 1), -1).slice(8, 10));
}

function nextWorkingDay(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
