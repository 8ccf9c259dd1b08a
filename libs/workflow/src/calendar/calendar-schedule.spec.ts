import { deriveStatutorySchedule, nationalDayAdjacentDay, type ScheduledDay } from './calendar-schedule';

const offDays = (days: ScheduledDay[], kind: ScheduledDay['kind']): string[] => days.filter((d) => d.kind === kind).map((d) => d.date);

describe('the day next to Quốc khánh (2/9), chosen for the longest break', () => {
  it.each([
    [2024, 'Monday', '2024-09-03'], // Sat 31/08 – Tue 03/09
    [2025, 'Tuesday', '2025-09-01'], // Sat 30/08 – Tue 02/09, as TB 6150 set it
    [2026, 'Wednesday', '2026-09-01'], // Tue 01/09 – Wed 02/09, as the VPCP letter of 13/10/2025 set it
    [2027, 'Thursday', '2027-09-03'], // Thu 02/09 – Sun 05/09
    [2028, 'Saturday', '2028-09-01'], // Fri 01/09 – Mon 04/09 with the compensatory day
    [2022, 'Friday', '2022-09-01'], // Thu 01/09 – Sun 04/09
    [2029, 'Sunday', '2029-09-01'], // Sat 01/09 – Tue 04/09 with two compensatory days
  ])('in %i (2/9 on a %s) is %s', (year, _weekday, date) => {
    expect(nationalDayAdjacentDay(year)).toBe(date);
  });
});

describe('a year with no official schedule (2027)', () => {
  const schedule = deriveStatutorySchedule(2027);

  it('is provisional and cites the statute', () => {
    expect(schedule.provisional).toBe(true);
    expect(schedule.source[0]).toMatch(/BLLĐ 2019/);
  });

  it('has the eleven statutory holidays', () => {
    // 1/1 (Fri); Tết Đinh Mùi = Sat 06/02, so 05/02 – 09/02; Giỗ Tổ 10/3 lunar = Fri 16/04; 30/4 Fri; 1/5 Sat; 2/9 Thu + Fri 3/9.
    expect(offDays(schedule.days, 'holiday')).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-09-02',
      '2027-09-03',
    ]);
  });

  it('gives a compensatory day on the next working day for each holiday on a weekend', () => {
    // Tết Sat 06/02 and Sun 07/02 → Wed 10/02 and Thu 11/02 (Mon 8 and Tue 9 are already Tết); 1/5 Sat → Mon 03/05.
    expect(offDays(schedule.days, 'compensatory')).toEqual(['2027-02-10', '2027-02-11', '2027-05-03']);
  });
});

describe('a derived year whose holidays pile onto weekends (2023)', () => {
  const schedule = deriveStatutorySchedule(2023);

  it('gives each compensatory day its own working day', () => {
    // 1/1 Sun → Mon 02/01. Tết Sun 22/01: eve Sat 21/01 and mùng 1 Sun → Thu 26/01, Fri 27/01 (23–25/01 are Tết).
    // Giỗ Tổ Sat 29/04 and 30/4 Sun → Tue 02/05, Wed 03/05 (Mon 01/05 is a holiday). 2/9 Sat → Mon 04/09.
    expect(offDays(schedule.days, 'compensatory')).toEqual([
      '2023-01-02',
      '2023-01-26',
      '2023-01-27',
      '2023-05-02',
      '2023-05-03',
      '2023-09-04',
    ]);
  });
});

describe('a derived year compared with its official schedule (2026)', () => {
  const schedule = deriveStatutorySchedule(2026);

  it('finds the same Giỗ Tổ compensatory day as the official one', () => {
    // Giỗ Tổ falls on Sun 26/04/2026 → Mon 27/04, as announced.
    expect(offDays(schedule.days, 'compensatory')).toEqual(['2026-04-27']);
  });

  it('takes Tết as the eve through mùng 4, which in 2026 are the announced weekdays', () => {
    // Tết Bính Ngọ is Tue 17/02: eve Mon 16/02 (29 tháng Chạp) through Fri 20/02 (mùng 4).
    expect(schedule.days.filter((d) => d.name === 'Tết Nguyên đán').map((d) => d.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });
});
