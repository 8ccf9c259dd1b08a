import type { LocalDate } from '@kntc/workflow';
import { DeadlineStatusPolicy, worstStatus, type DeadlineStatus, type DeadlineWindow } from '../shared/deadline-status';
import { nextDueDate, type CaseRow, type ClockRow } from './case-row';

export interface ClockView extends ClockRow {
  /** Running clocks only: on time, due soon or overdue as of the query. */
  deadlineStatus?: DeadlineStatus;
}

/** A stored case summary with the deadline statuses of today. */
export interface CaseSummaryView extends Omit<CaseRow, 'clocks'> {
  clocks: ClockView[];
  nextDueDate?: LocalDate;
  /** The status of the most urgent running clock; absent when no clock runs. */
  deadlineStatus?: DeadlineStatus;
}

export function toCaseSummaryView(row: CaseRow, window: DeadlineWindow): CaseSummaryView {
  const clocks: ClockView[] = row.clocks.map((clock) =>
    clock.status === 'running' ? { ...clock, deadlineStatus: DeadlineStatusPolicy.classify(clock.dueDate, window) } : clock,
  );
  const next = nextDueDate(row);
  const status = worstStatus(clocks.flatMap((c) => (c.deadlineStatus ? [c.deadlineStatus] : [])));
  return { ...row, clocks, ...(next !== undefined ? { nextDueDate: next } : {}), ...(status !== undefined ? { deadlineStatus: status } : {}) };
}
