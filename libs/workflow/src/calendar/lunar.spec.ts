import { addDays } from './local-date';
import { lunarNewYear, lunarToSolar, solarToLunar } from './lunar';

describe('Lunar New Year (mùng 1 Tết) in Vietnam', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2033, '2033-01-31'],
  ])('falls in %i on %s', (year, date) => {
    expect(lunarToSolar(year, 1, 1)).toBe(date);
    expect(lunarNewYear(year)).toBe(date);
  });

  // New moon 2030-02-02 16:07 UT: 23:07 in Hà Nội (UTC+7) but 00:07 on 03/02 in Beijing (UTC+8).
  it('falls in 2030 on 2030-02-02, a day before the Chinese New Year', () => {
    expect(lunarToSolar(2030, 1, 1)).toBe('2030-02-02');
  });

  // New moon 2007-02-17 16:14 UT, before midnight at UTC+7, after it at UTC+8.
  it('falls in 2007 on 2007-02-17, a day before the Chinese New Year', () => {
    expect(lunarToSolar(2007, 1, 1)).toBe('2007-02-17');
  });

  // The 1984 winter solstice fell on 21/12 at UTC+7 but on 22/12, a new-moon day, at UTC+8: month 11 and Tết shift by a month.
  it('falls in 1985 on 1985-01-21, a month before the Chinese New Year', () => {
    expect(lunarToSolar(1985, 1, 1)).toBe('1985-01-21');
  });

  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026])('is the day after the last day of the old lunar year (%i)', (year) => {
    const eve = solarToLunar(addDays(lunarToSolar(year, 1, 1), -1));
    expect(eve).toEqual(expect.objectContaining({ year: year - 1, month: 12, leap: false }));
    expect(eve.day === 29 || eve.day === 30).toBe(true);
  });
});

describe('Giỗ Tổ Hùng Vương (10/3 lunar)', () => {
  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('falls in %i on %s', (year, date) => {
    expect(lunarToSolar(year, 3, 10)).toBe(date);
  });
});

describe('a solar date converted to the lunar calendar', () => {
  it('gives mùng 1 Tết for the Lunar New Year', () => {
    expect(solarToLunar('2026-02-17')).toEqual({ year: 2026, month: 1, day: 1, leap: false });
  });

  it('keeps the old lunar year until Tết', () => {
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
  });

  // Ất Tỵ (2025) has a leap sixth month (nhuận tháng 6).
  it('marks a day of the leap month', () => {
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25');
  });

  it('round-trips every day from 2020 to 2040', () => {
    const mismatches: string[] = [];
    for (let date = '2020-01-01'; date <= '2040-12-31'; date = addDays(date, 1)) {
      const lunar = solarToLunar(date);
      const back = lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap);
      if (back !== date) mismatches.push(`${date} → ${JSON.stringify(lunar)} → ${back}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('a lunar date that does not exist', () => {
  it('is refused when the year has no such leap month', () => {
    expect(() => lunarToSolar(2026, 6, 1, true)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 5, 1, true)).toThrow(RangeError);
  });

  it('is refused when the month has only 29 days', () => {
    // The last month of Ất Tỵ ends on 29 tháng Chạp (2026-02-16).
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError);
  });

  it('is refused outside the years the algorithm covers', () => {
    expect(() => lunarToSolar(1700, 1, 1)).toThrow(RangeError);
    expect(() => solarToLunar('2300-01-01')).toThrow(RangeError);
  });
});
