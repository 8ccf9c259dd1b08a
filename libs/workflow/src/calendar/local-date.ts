/**
 * A civil date in Asia/Ho_Chi_Minh, written `YYYY-MM-DD`. Arithmetic is done on UTC midnights, so it never
 * depends on the host's time zone. Vietnam has no daylight saving time: local = UTC+7 all year.
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function parseLocalDate(value: LocalDate): Date {
  if (!isLocalDate(value)) throw new RangeError(`not a valid date (YYYY-MM-DD): ${value}`);
  return new Date(`${value}T00:00:00Z`);
}

export function formatLocalDate(d: Date): LocalDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatLocalDate(new Date(parseLocalDate(date).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((parseLocalDate(to).getTime() - parseLocalDate(from).getTime()) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return parseLocalDate(date).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return +date.slice(0, 4);
}

/** The Vietnamese civil date of an instant. */
export function vnDateOf(instant: string | Date): LocalDate {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return formatLocalDate(new Date(t + VN_OFFSET_MS));
}

/** The last instant of a Vietnamese civil day, in UTC (a period ends at 24:00 of its last day, BLDS art. 148). */
export function endOfVnDay(date: LocalDate): string {
  return new Date(parseLocalDate(date).getTime() + DAY_MS - VN_OFFSET_MS - 1).toISOString();
}

/** dd/mm/yyyy, as Vietnamese users read dates. */
export function formatVn(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** The date with these parts; month and day are 1-based. Throws on a date that does not exist. */
export function localDateOf(year: number, month: number, day: number): LocalDate {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isLocalDate(date)) throw new RangeError(`not a valid date: ${year}-${month}-${day}`);
  return date;
}

export function assertLocalDate(value: unknown): asserts value is LocalDate {
  if (!isLocalDate(value)) throw new RangeError(`not a valid date (YYYY-MM-DD): ${String(value)}`);
}
