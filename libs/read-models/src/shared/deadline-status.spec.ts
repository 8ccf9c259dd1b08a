import { ManualClock } from '@kntc/cases';
import type { DueDateResult, LocalDate, WorkingCalendar } from '@kntc/workflow';
import { addDays, dayOfWeek } from '@kntc/workflow';
import { DeadlineStatusPolicy, worstStatus } from './deadline-status';

/** Monday to Friday, no holidays: enough to read the policy's arithmetic. */
const weekdays: WorkingCalendar = {
  day: (date) => ({ date, working: weekdays.isWorkingDay(date), kind: 'workday', provisional: false }),
  isWorkingDay: (date) => dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6,
  dueDate: (start: LocalDate, length: number): DueDateResult => {
    let date = start;
    for (let left = length; left > 0; ) {
      date = addDays(date, 1);
      if (weekdays.isWorkingDay(date)) left -= 1;
    }
    return { dueDate: date, unrolledDueDate: date, rolledForward: false, provisional: false };
  },
  countBetween: () => 0,
};

describe('the deadline status of a running clock on Wednesday 04/03/2026, 09:00 in Hà Nội', () => {
  const policy = new DeadlineStatusPolicy(weekdays, new ManualClock(new Date('2026-03-04T02:00:00Z')), 3);
  const window = policy.window();

  it('counts as due soon up to the day before the 4th working day ahead (Thu, Fri, Mon left: 3)', () => {
    expect(window).toEqual({ today: '2026-03-04', dueSoonUntil: '2026-03-09' });
  });

  it.each([
    ['2026-03-03', 'overdue'],
    ['2026-03-04', 'due-soon'],
    ['2026-03-07', 'due-soon'],
    ['2026-03-09', 'due-soon'],
    ['2026-03-10', 'on-time'],
  ])('a clock due %s is %s', (due, status) => {
    expect(DeadlineStatusPolicy.classify(due, window)).toBe(status);
  });

  it('uses the Vietnamese date, not the UTC one: 23:30 on 04/03 in Hà Nội is already 05/03', () => {
    const late = new DeadlineStatusPolicy(weekdays, new ManualClock(new Date('2026-03-04T17:30:00Z')), 3).window();
    expect(late.today).toBe('2026-03-05');
  });

  it('gives a case the status of its most urgent clock', () => {
    expect(worstStatus(['on-time', 'overdue', 'due-soon'])).toBe('overdue');
    expect(worstStatus(['on-time', 'due-soon'])).toBe('due-soon');
    expect(worstStatus([])).toBeUndefined();
  });
});
