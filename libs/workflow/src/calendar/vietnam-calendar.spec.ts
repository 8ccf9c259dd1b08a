import { addDays } from './local-date';
import { OFFICIAL_SCHEDULE_2025, OFFICIAL_SCHEDULE_2026 } from './testing/official-schedules';
import { VietnamCalendar } from './vietnam-calendar';

const calendar = new VietnamCalendar([OFFICIAL_SCHEDULE_2025, OFFICIAL_SCHEDULE_2026]);
const makeUpSaturdaysOff = new VietnamCalendar([OFFICIAL_SCHEDULE_2025, OFFICIAL_SCHEDULE_2026], {
  makeUpSaturdaysAreWorkingDays: false,
});

describe('days of the official 2026 schedule', () => {
  it.each([
    ['2026-01-01', false, 'holiday'],
    ['2026-01-02', false, 'swap-off'],
    ['2026-01-10', true, 'make-up-workday'],
    ['2026-02-16', false, 'holiday'],
    ['2026-02-21', false, 'weekend'],
    ['2026-04-27', false, 'compensatory'],
    ['2026-08-22', true, 'make-up-workday'],
    ['2026-08-31', false, 'swap-off'],
    ['2026-09-03', true, 'workday'],
    ['2026-11-24', true, 'workday'], // "Ngày Văn hóa Việt Nam" is not a confirmed day off
  ])('%s is working=%s (%s)', (date, working, kind) => {
    expect(calendar.day(date)).toEqual(expect.objectContaining({ date, working, kind, provisional: false }));
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('names the occasion', () => {
    expect(calendar.day('2026-02-17').name).toBe('Tết Nguyên đán');
  });
});

describe('complaint acceptance, 10 working days, across Tết 2026', () => {
  it('ends on Tue 03/03/2026 for a complaint received Tue 10/02/2026', () => {
    // 11, 12, 13/02 (3); Tết 16–20/02 skipped; 23–27/02 (8); Mon 02/03 (9), Tue 03/03 (10).
    expect(calendar.dueDate('2026-02-10', 10, 'working-days')).toEqual({
      dueDate: '2026-03-03',
      unrolledDueDate: '2026-03-03',
      rolledForward: false,
      provisional: false,
    });
  });

  it('counts back to 10 working days between receipt and the due date', () => {
    expect(calendar.countBetween('2026-02-10', '2026-03-03', 'working-days')).toBe(10);
  });
});

describe('complaint acceptance, 10 working days, across the 30/4 swap of 2025', () => {
  it('counts the make-up Saturday 26/04/2025 as a working day', () => {
    // 24, 25, Sat 26 (3); 28, 29 (5); 30/04, 01/05, swap-off 02/05 skipped; 05–09/05 (10).
    expect(calendar.dueDate('2025-04-23', 10, 'working-days').dueDate).toBe('2025-05-09');
  });

  it('ends a working day later when make-up Saturdays are not counted', () => {
    // 24, 25 (2); 28, 29 (4); 30/04–04/05 off; 05–09/05 (9); Mon 12/05 (10).
    expect(makeUpSaturdaysOff.dueDate('2025-04-23', 10, 'working-days').dueDate).toBe('2025-05-12');
  });

  it('reports the make-up Saturday as not working when the switch is off', () => {
    expect(makeUpSaturdaysOff.day('2025-04-26')).toEqual(expect.objectContaining({ working: false, kind: 'make-up-workday' }));
  });

  it("follows the schedule's own setting over the calendar's", () => {
    const yearSaysNo = new VietnamCalendar([{ ...OFFICIAL_SCHEDULE_2025, makeUpSaturdaysAreWorkingDays: false }, OFFICIAL_SCHEDULE_2026]);
    expect(yearSaysNo.isWorkingDay('2025-04-26')).toBe(false);
    expect(yearSaysNo.isWorkingDay('2026-08-22')).toBe(true);
  });
});

describe('complaint acceptance, 7 working days (from 01/07/2026), across the 2/9 swap of 2026', () => {
  it('ends on Fri 28/08/2026 for a complaint received Thu 20/08/2026', () => {
    // Fri 21 (1), make-up Sat 22 (2), Mon 24 – Fri 28 (7).
    expect(calendar.dueDate('2026-08-20', 7, 'working-days').dueDate).toBe('2026-08-28');
  });

  it('ends on Thu 03/09/2026 when make-up Saturdays are not counted', () => {
    // Fri 21 (1), Mon 24 – Fri 28 (6); swap-off Mon 31/08, Tue 01/09 and Wed 02/09 skipped; Thu 03/09 (7).
    expect(makeUpSaturdaysOff.dueDate('2026-08-20', 7, 'working-days').dueDate).toBe('2026-09-03');
  });
});

describe('first-instance decision sending, 3 working days, across 30/4 – 1/5/2026', () => {
  it('ends on Wed 06/05/2026 for a decision issued Wed 29/04/2026', () => {
    // Thu 30/04 and Fri 01/05 are holidays, 02–03/05 weekend; Mon 4 (1), Tue 5 (2), Wed 6 (3).
    expect(calendar.dueDate('2026-04-29', 3, 'working-days').dueDate).toBe('2026-05-06');
  });

  it('also skips the Giỗ Tổ compensatory day for a decision issued Fri 24/04/2026', () => {
    // Sat 25, Sun 26 (Giỗ Tổ), Mon 27 (compensatory) off; Tue 28 (1), Wed 29 (2); 30/04–03/05 off; Mon 04/05 (3).
    expect(calendar.dueDate('2026-04-24', 3, 'working-days').dueDate).toBe('2026-05-04');
  });
});

describe('denunciation screening, 7 working days extendable to 10, across Tết Dương lịch 2026', () => {
  it('ends on Mon 12/01/2026 for a denunciation received Wed 31/12/2025', () => {
    // 01/01 holiday, 02/01 swap-off, 03–04/01 weekend; Mon 5 – Fri 9 (5), make-up Sat 10 (6), Mon 12 (7).
    expect(calendar.dueDate('2025-12-31', 7, 'working-days').dueDate).toBe('2026-01-12');
  });

  it('ends on Thu 15/01/2026 once extended to 10 working days', () => {
    // Tue 13 (8), Wed 14 (9), Thu 15 (10).
    expect(calendar.dueDate('2025-12-31', 10, 'working-days').dueDate).toBe('2026-01-15');
  });

  it('ends on Tue 13/01/2026 when make-up Saturdays are not counted', () => {
    // Mon 5 – Fri 9 (5), Mon 12 (6), Tue 13 (7).
    expect(makeUpSaturdaysOff.dueDate('2025-12-31', 7, 'working-days').dueDate).toBe('2026-01-13');
  });
});

describe('first-instance resolution, 30 days', () => {
  it('ends on its 30th day when that is a working day', () => {
    // Mon 02/03/2026 + 30 days = Wed 01/04/2026, a working day.
    expect(calendar.dueDate('2026-03-02', 30, 'calendar-days')).toEqual({
      dueDate: '2026-04-01',
      unrolledDueDate: '2026-04-01',
      rolledForward: false,
      provisional: false,
    });
  });

  it('rolls a last day on a Saturday to the Monday', () => {
    // Thu 01/10/2026 + 30 days = Sat 31/10/2026 → Mon 02/11/2026 (BLDS art. 148(5)).
    expect(calendar.dueDate('2026-10-01', 30, 'calendar-days')).toEqual({
      dueDate: '2026-11-02',
      unrolledDueDate: '2026-10-31',
      rolledForward: true,
      provisional: false,
    });
  });

  it('rolls a last day on 30/04/2026 past the holidays and the weekend', () => {
    // Tue 31/03/2026 + 30 days = Thu 30/04 (holiday); Fri 01/05 holiday, 02–03/05 weekend → Mon 04/05/2026.
    expect(calendar.dueDate('2026-03-31', 30, 'calendar-days')).toEqual({
      dueDate: '2026-05-04',
      unrolledDueDate: '2026-04-30',
      rolledForward: true,
      provisional: false,
    });
  });

  it('rolls a last day on the swapped Mon 31/08/2026 past Quốc khánh', () => {
    // Sat 01/08/2026 + 30 days = Mon 31/08 (swap-off); Tue 01/09 and Wed 02/09 holidays → Thu 03/09/2026.
    expect(calendar.dueDate('2026-08-01', 30, 'calendar-days').dueDate).toBe('2026-09-03');
  });

  it('does not roll a last day on the make-up Sat 22/08/2026, a working day', () => {
    // Thu 23/07/2026 + 30 days = Sat 22/08, worked in exchange for Mon 31/08.
    expect(calendar.dueDate('2026-07-23', 30, 'calendar-days')).toEqual(
      expect.objectContaining({ dueDate: '2026-08-22', rolledForward: false }),
    );
  });

  it('rolls a last day on the make-up Saturday to Monday when make-up Saturdays are not counted', () => {
    // Sat 22/08 is then a day off, Sun 23/08 too → Mon 24/08/2026.
    expect(makeUpSaturdaysOff.dueDate('2026-07-23', 30, 'calendar-days').dueDate).toBe('2026-08-24');
  });
});

describe('resolution periods of 45, 60 and 70 days', () => {
  it('rolls a 45-day last day inside Tết 2026 past the whole break', () => {
    // Sun 04/01/2026 + 45 days = Wed 18/02 (mùng 2); 19–20/02 Tết, 21–22/02 weekend → Mon 23/02/2026.
    expect(calendar.dueDate('2026-01-04', 45, 'calendar-days')).toEqual({
      dueDate: '2026-02-23',
      unrolledDueDate: '2026-02-18',
      rolledForward: true,
      provisional: false,
    });
  });

  it('rolls a 60-day last day on the Quốc khánh adjacent day of 2026', () => {
    // Fri 03/07/2026 + 60 days = Tue 01/09 (holiday); Wed 02/09 holiday → Thu 03/09/2026.
    expect(calendar.dueDate('2026-07-03', 60, 'calendar-days').dueDate).toBe('2026-09-03');
  });

  it('rolls a 60-day last day on Quốc khánh 2025 to Wed 03/09/2025', () => {
    // Fri 04/07/2025 + 60 days = Tue 02/09/2025 (holiday) → Wed 03/09/2025.
    expect(calendar.dueDate('2025-07-04', 60, 'calendar-days').dueDate).toBe('2025-09-03');
  });

  it('runs a 70-day period from 2025 into Tết 2026 and rolls it past the break', () => {
    // Wed 10/12/2025 + 70 days = Wed 18/02/2026 (mùng 2) → Mon 23/02/2026.
    expect(calendar.dueDate('2025-12-10', 70, 'calendar-days')).toEqual({
      dueDate: '2026-02-23',
      unrolledDueDate: '2026-02-18',
      rolledForward: true,
      provisional: false,
    });
  });

  it('ends a 70-day period on its last day when that is a working day', () => {
    // Mon 02/03/2026 + 70 days = Mon 11/05/2026.
    expect(calendar.dueDate('2026-03-02', 70, 'calendar-days').dueDate).toBe('2026-05-11');
  });
});

describe('second-instance decision sending, 7 days', () => {
  it('rolls a last day on 01/05/2026 to Mon 04/05/2026', () => {
    // Fri 24/04/2026 + 7 days = Fri 01/05 (holiday); 02–03/05 weekend → Mon 04/05/2026.
    expect(calendar.dueDate('2026-04-24', 7, 'calendar-days')).toEqual(
      expect.objectContaining({ dueDate: '2026-05-04', unrolledDueDate: '2026-05-01', rolledForward: true }),
    );
  });

  it('rolls a last day on the 2025 Quốc khánh adjacent day to Wed 03/09/2025', () => {
    // Mon 25/08/2025 + 7 days = Mon 01/09 (holiday); Tue 02/09 holiday → Wed 03/09/2025.
    expect(calendar.dueDate('2025-08-25', 7, 'calendar-days').dueDate).toBe('2025-09-03');
  });
});

describe('a year with no official schedule', () => {
  it('derives Tết 2027 and marks the day provisional', () => {
    // Tết Đinh Mùi is Sat 06/02/2027; derived days off 05–09/02, compensatory 10–11/02.
    expect(calendar.day('2027-02-08')).toEqual({
      date: '2027-02-08',
      working: false,
      kind: 'holiday',
      name: 'Tết Nguyên đán',
      provisional: true,
    });
    expect(calendar.day('2027-02-10')).toEqual(expect.objectContaining({ working: false, kind: 'compensatory', provisional: true }));
  });

  it('marks an ordinary working day of 2030 provisional too', () => {
    expect(calendar.day('2030-02-12')).toEqual({ date: '2030-02-12', working: true, kind: 'workday', provisional: true });
  });

  it('derives Tết 2030 from the Vietnamese lunar date, Sat 02/02/2030', () => {
    // Eve Fri 01/02 through mùng 4 Tue 05/02; Sat 02 and Sun 03 give compensatory Wed 06 and Thu 07/02.
    expect(['2030-02-01', '2030-02-04', '2030-02-05'].map((d) => calendar.day(d).kind)).toEqual(['holiday', 'holiday', 'holiday']);
    expect(['2030-02-06', '2030-02-07'].map((d) => calendar.day(d).kind)).toEqual(['compensatory', 'compensatory']);
    expect(calendar.isWorkingDay('2030-02-08')).toBe(true);
  });

  it('computes a due date inside 2030 as provisional', () => {
    // Thu 31/01/2030: Fri 01/02 – Thu 07/02 off; Fri 08/02 (1), Mon 11/02 (2).
    expect(calendar.dueDate('2030-01-31', 2, 'working-days')).toEqual({
      dueDate: '2030-02-11',
      unrolledDueDate: '2030-02-11',
      rolledForward: false,
      provisional: true,
    });
  });

  it('says which years are official', () => {
    expect(calendar.hasOfficialSchedule(2026)).toBe(true);
    expect(calendar.hasOfficialSchedule(2027)).toBe(false);
    expect(calendar.schedule(2027).provisional).toBe(true);
  });
});

describe('a period started in 2026 that ends in 2027', () => {
  it('marks a 30-day due date in January 2027 provisional', () => {
    // Tue 15/12/2026 + 30 days = Thu 14/01/2027, a working day, but 2027 has no official schedule.
    expect(calendar.dueDate('2026-12-15', 30, 'calendar-days')).toEqual({
      dueDate: '2027-01-14',
      unrolledDueDate: '2027-01-14',
      rolledForward: false,
      provisional: true,
    });
  });

  it('marks a 10-working-day due date in January 2027 provisional, skipping the statutory 01/01/2027', () => {
    // Wed 23 – Fri 25/12 (3), Mon 28 – Thu 31/12 (7), Fri 01/01/2027 holiday, Mon 4 – Wed 6/01 (10).
    expect(calendar.dueDate('2026-12-22', 10, 'working-days')).toEqual({
      dueDate: '2027-01-06',
      unrolledDueDate: '2027-01-06',
      rolledForward: false,
      provisional: true,
    });
  });

  it('stays official when the period ends on 31/12/2026', () => {
    // Mon 28/12/2026: Tue 29 (1), Wed 30 (2), Thu 31 (3); no day of 2027 is examined.
    expect(calendar.dueDate('2026-12-28', 3, 'working-days')).toEqual(
      expect.objectContaining({ dueDate: '2026-12-31', provisional: false }),
    );
  });
});

describe('a period of length 0', () => {
  it('ends on its start day, even a day off', () => {
    expect(calendar.dueDate('2026-02-17', 0, 'working-days')).toEqual({
      dueDate: '2026-02-17',
      unrolledDueDate: '2026-02-17',
      rolledForward: false,
      provisional: false,
    });
    expect(calendar.dueDate('2026-02-17', 0, 'calendar-days').dueDate).toBe('2026-02-17');
  });
});

describe('an invalid request', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a length of %p', (length) => {
    expect(() => calendar.dueDate('2026-02-10', length, 'working-days')).toThrow(RangeError);
    expect(() => calendar.dueDate('2026-02-10', length, 'calendar-days')).toThrow(RangeError);
  });

  it('refuses a date that does not exist', () => {
    expect(() => calendar.day('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.dueDate('2026-13-01', 3, 'working-days')).toThrow(RangeError);
  });

  it('refuses two official schedules for one year', () => {
    expect(() => new VietnamCalendar([OFFICIAL_SCHEDULE_2026, OFFICIAL_SCHEDULE_2026])).toThrow(/2026/);
  });
});

describe('counting between two dates', () => {
  it('counts calendar days in (from, to]', () => {
    expect(calendar.countBetween('2026-03-31', '2026-05-04', 'calendar-days')).toBe(34);
  });

  it('counts the working days in (from, to], the start day excluded', () => {
    // 29/04/2026 → 06/05/2026: Mon 4, Tue 5, Wed 6.
    expect(calendar.countBetween('2026-04-29', '2026-05-06', 'working-days')).toBe(3);
  });

  it('is 0 when to is not after from', () => {
    expect(calendar.countBetween('2026-05-06', '2026-05-06', 'working-days')).toBe(0);
    expect(calendar.countBetween('2026-05-06', '2026-04-29', 'calendar-days')).toBe(0);
  });

  it('agrees with dueDate for every working-day period started in 2025 and 2026', () => {
    const disagreements: string[] = [];
    for (let start = '2025-01-01'; start <= '2026-12-31'; start = addDays(start, 1)) {
      for (const length of [1, 3, 7, 10]) {
        const { dueDate } = calendar.dueDate(start, length, 'working-days');
        const counted = calendar.countBetween(start, dueDate, 'working-days');
        if (counted !== length || !calendar.isWorkingDay(dueDate)) disagreements.push(`${start} + ${length} → ${dueDate} (${counted})`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
