/** Dates as the law and the officers write them (dd/mm/yyyy); instants shown in Vietnam's time (UTC+7). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DATE_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

// Read part by part: the order and separators of a locale's format have changed between browser versions.
const DATE_PARTS = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `2026-03-02` → `02/03/2026`; anything else is shown as it is. */
export function formatDate(localDate: string | undefined | null): string {
  if (!localDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(localDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : localDate;
}

/** An instant (ISO-8601, UTC) → `02/03/2026 14:05` in Vietnam's time. */
export function formatDateTime(instant: string | undefined | null): string {
  if (!instant) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  const parts = Object.fromEntries(DATE_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts['day']}/${parts['month']}/${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

/** Today's date in Vietnam, `YYYY-MM-DD`. */
export function todayInVietnam(now: Date = new Date()): string {
  const parts = Object.fromEntries(DATE_PARTS.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat('vi-VN').format(value);
}
