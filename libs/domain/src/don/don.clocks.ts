import { type ClockRule, type LocalDate, type WorkingCalendar } from '@kntc/workflow';
import type { DeadlineBasis } from '../case/case.events';
import { computeDeadline } from '../case/case.clocks';

/**
 * A đơn clock rule, chosen like a case clock's by the date that starts it (validFrom..validTo). `length`
 * undefined is a span in which no limit applies; `doubt` says what about the rule is unconfirmed.
 */
export interface DonClockRule extends Omit<ClockRule, 'length' | 'extension'> {
  length?: ClockRule['length'];
  doubt?: string;
}

/**
 * Processing a received đơn (xử lý đơn): THE rule, one place. The published procedures say "Trong thời hạn 10
 * ngày, kể từ ngày nhận được đơn…"; the article of TT 05/2021 itself was not read, so whether the unit is
 * "ngày" (calendar days, as counted here) or "ngày làm việc" is unconfirmed (docs/domain.md, "Đơn processing").
 */
export const DON_PROCESSING_RULES: readonly DonClockRule[] = [
  {
    id: 'XLD.NONE.BEFORE-TT05',
    citation: 'Không xác định được thời hạn xử lý đơn trước ngày TT 05/2021/TT-TTCP có hiệu lực (15/11/2021)',
    validFrom: '1900-01-01',
    validTo: '2021-11-14',
    unit: 'calendar-days',
    onResume: 'remaining',
    doubt: 'TT 07/2014/TT-TTCP (the predecessor) was not read for a processing limit; none is applied before 15/11/2021.',
  },
  {
    id: 'XLD.PROCESS.10D',
    citation: 'TT 05/2021/TT-TTCP; thủ tục xử lý đơn: "Trong thời hạn 10 ngày, kể từ ngày nhận được đơn…"',
    validFrom: '2021-11-15',
    unit: 'calendar-days',
    length: { default: 10 },
    onResume: 'remaining',
    doubt:
      'Unit unconfirmed: the article of TT 05/2021 setting the limit was not read; the published procedures write "10 ngày" (calendar days, BLDS art. 148(5) roll-forward), not "ngày làm việc".',
  },
];

/** Telling the referring body the result (Luật Tiếp công dân 2013, art. 27(2)): 7 working days after resolution. */
export const REFERRER_ANSWER_RULES: readonly DonClockRule[] = [
  {
    id: 'TCD.REFERRER.ANSWER',
    citation: 'Luật Tiếp công dân 2013, Điều 27 khoản 2',
    validFrom: '2014-07-01',
    unit: 'working-days',
    length: { default: 7 },
    onResume: 'remaining',
  },
];

export interface DonDeadline {
  rule: DonClockRule;
  /** Undefined when the rule sets no limit for the span. */
  due?: { dueDate: LocalDate; dueAt: string; basis: DeadlineBasis };
}

/** The rule in force on `startedOn` and the due date it gives; a date no rule covers gets no limit at all. */
export function donDeadline(rules: readonly DonClockRule[], calendar: WorkingCalendar, startedOn: LocalDate): DonDeadline | undefined {
  const rule = rules.find((r) => r.validFrom <= startedOn && (r.validTo === undefined || startedOn <= r.validTo));
  if (!rule) return undefined;
  if (rule.length === undefined) return { rule };
  const computed = computeDeadline(calendar, { ...rule, length: rule.length }, { startedOn, variant: 'default', consumed: 0, extendedBy: 0 });
  return { rule, due: { dueDate: computed.dueDate, dueAt: computed.dueAt, basis: computed.basis } };
}
