import { addDays, isLocalDate, localDateOf, LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, yearOf, type LocalDate } from '@kntc/workflow';

/** Why a report request cannot be answered; `code` is stable for API clients and the CLI. */
export type ReportRequestErrorCode = 'invalid-period' | 'invalid-date';

export class ReportRequestError extends Error {
  constructor(
    readonly code: ReportRequestErrorCode,
    /** The request field at fault: `period`, `from`, `to` or `asOf`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

/** A reporting period: both ends inclusive, Asia/Ho_Chi_Minh civil dates. */
export interface ReportPeriod {
  /** The official name (`2026-Q1`), or null for a period given by its dates. */
  name: string | null;
  from: LocalDate;
  to: LocalDate;
}

/** What a report is computed over: a period, and the day the data is taken as it stood (end of that day). */
export interface ReportWindow extends ReportPeriod {
  asOf: LocalDate;
}

export const REPORT_PERIOD_FORMS = ['YYYY-Q1', 'YYYY-Q2', 'YYYY-Q3', 'YYYY-Q4', 'YYYY-6M', 'YYYY-9M', 'YYYY-year'] as const;

const PERIOD_NAME = /^(\d{4})-(q[1-4]|6m|9m|year)$/i;

/**
 * Report dates lie in the years the engine can count: its working calendar derives Tết from the lunar calendar,
 * which holds for these years only, so no case can carry a date outside them.
 */
export const REPORT_FIRST_DAY: LocalDate = `${LUNAR_MIN_YEAR}-01-01`;
export const REPORT_LAST_DAY: LocalDate = `${LUNAR_MAX_YEAR}-12-31`;
/** A period of year Y starts on 15/12 of Y-1, so the first year with a whole period is one after the calendar's first. */
export const REPORT_FIRST_PERIOD_YEAR = LUNAR_MIN_YEAR + 1;
export const REPORT_LAST_PERIOD_YEAR = LUNAR_MAX_YEAR;

/**
 * The official data cut-off of a periodic report (TT 01/2024/TT-TTCP, as TT 02/2021 art. 7(1); docs/domain.md):
 * every period of year Y starts on the 15th of a month and ends on the 14th; Q1, 6M, 9M and the year all start
 * on 15/12 of Y-1.
 */
export function parseReportPeriod(name: string): ReportPeriod {
  const match = PERIOD_NAME.exec(name.trim());
  if (!match) {
    throw new ReportRequestError(
      'invalid-period',
      'period',
      `Kỳ báo cáo "${name.slice(0, 40)}" không hợp lệ; dùng một trong: ${REPORT_PERIOD_FORMS.join(', ')} (ví dụ 2026-Q1, 2026-9M).`,
    );
  }
  const year = Number(match[1]);
  if (year < REPORT_FIRST_PERIOD_YEAR || year > REPORT_LAST_PERIOD_YEAR) {
    throw new ReportRequestError(
      'invalid-period',
      'period',
      `Kỳ báo cáo "${name.trim()}" không hợp lệ: năm phải từ ${REPORT_FIRST_PERIOD_YEAR} đến ${REPORT_LAST_PERIOD_YEAR} (các năm hệ thống tính được lịch làm việc).`,
    );
  }
  const part = match[2]!.toLowerCase();
  const yearStart = localDateOf(year - 1, 12, 15);
  const ends: Record<string, [LocalDate, LocalDate, string]> = {
    q1: [yearStart, localDateOf(year, 3, 14), 'Q1'],
    q2: [localDateOf(year, 3, 15), localDateOf(year, 6, 14), 'Q2'],
    q3: [localDateOf(year, 6, 15), localDateOf(year, 9, 14), 'Q3'],
    q4: [localDateOf(year, 9, 15), localDateOf(year, 12, 14), 'Q4'],
    '6m': [yearStart, localDateOf(year, 6, 14), '6M'],
    '9m': [yearStart, localDateOf(year, 9, 14), '9M'],
    year: [yearStart, localDateOf(year, 12, 14), 'year'],
  };
  const [from, to, suffix] = ends[part]!;
  return { name: `${year}-${suffix}`, from, to };
}

export interface ReportWindowRequest {
  period?: string;
  from?: string;
  to?: string;
  asOf?: string;
}

/**
 * The window of a request: an official period by name, or `from` and `to`; `asOf` defaults to `to`.
 * Refuses a request that mixes both forms, misses an end, names an impossible date, ends before it starts,
 * or asks for the data as it stood before the period began (every figure would be zero).
 */
export function resolveReportWindow(request: ReportWindowRequest): ReportWindow {
  const { period, from, to, asOf } = request;
  let resolved: ReportPeriod;
  if (period !== undefined) {
    if (from !== undefined || to !== undefined) {
      throw new ReportRequestError('invalid-period', 'period', 'Chỉ chọn kỳ báo cáo (period) hoặc khoảng ngày (from, to), không chọn cả hai.');
    }
    resolved = parseReportPeriod(period);
  } else {
    if (from === undefined || to === undefined) {
      throw new ReportRequestError(
        'invalid-period',
        from === undefined ? 'from' : 'to',
        'Cần kỳ báo cáo (period, ví dụ 2026-Q1) hoặc cả ngày bắt đầu (from) và ngày kết thúc (to).',
      );
    }
    resolved = { name: null, from: checkDate('from', from), to: checkDate('to', to) };
    if (resolved.from > resolved.to) {
      throw new ReportRequestError('invalid-period', 'to', `Ngày kết thúc (${to}) trước ngày bắt đầu (${from}).`);
    }
  }
  const cut = asOf === undefined ? resolved.to : checkDate('asOf', asOf);
  if (cut < resolved.from) {
    throw new ReportRequestError('invalid-date', 'asOf', `Ngày lấy số liệu (${cut}) trước ngày bắt đầu kỳ báo cáo (${resolved.from}).`);
  }
  return { ...resolved, asOf: cut };
}

/** The day before `date`: the state "at the start of" a day is the state at the end of the day before. */
export function dayBefore(date: LocalDate): LocalDate {
  return addDays(date, -1);
}

function checkDate(field: string, value: string): LocalDate {
  const shown = value.slice(0, 40);
  if (!isLocalDate(value)) {
    throw new ReportRequestError('invalid-date', field, `${field}: "${shown}" không phải ngày có thật dạng YYYY-MM-DD.`);
  }
  if (value < REPORT_FIRST_DAY || value > REPORT_LAST_DAY) {
    throw new ReportRequestError(
      'invalid-date',
      field,
      `${field}: "${value}" nằm ngoài các năm hệ thống tính được lịch làm việc (${yearOf(REPORT_FIRST_DAY)}–${yearOf(REPORT_LAST_DAY)}).`,
    );
  }
  return value;
}
