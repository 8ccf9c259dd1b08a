import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OFFICIAL_SCHEDULE_2025, OFFICIAL_SCHEDULE_2026 } from '../calendar/testing/official-schedules';
import { CALENDAR_SCHEMA_FILE, CalendarFileError, createVietnamCalendar, loadCalendarSchedules } from './calendar.loader';

const CALENDARS_DIR = path.resolve(__dirname, '../../../../workflows/calendars');

describe('the calendars folder of the repository', () => {
  it('loads the official 2025 and 2026 schedules', () => {
    expect(loadCalendarSchedules(CALENDARS_DIR)).toEqual([OFFICIAL_SCHEDULE_2025, OFFICIAL_SCHEDULE_2026]);
  });

  it('makes a calendar that follows the 2026 swaps', () => {
    const calendar = createVietnamCalendar(CALENDARS_DIR);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    expect(calendar.day('2026-08-22').provisional).toBe(false);
  });

  it('passes the make-up Saturday switch to the calendar', () => {
    const calendar = createVietnamCalendar(CALENDARS_DIR, { makeUpSaturdaysAreWorkingDays: false });
    expect(calendar.isWorkingDay('2026-08-22')).toBe(false);
  });
});

describe('a calendars folder with a broken file', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-calendars-'));
    fs.copyFileSync(path.join(CALENDARS_DIR, CALENDAR_SCHEMA_FILE), path.join(dir, CALENDAR_SCHEMA_FILE));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  const loadError = (): CalendarFileError => {
    try {
      loadCalendarSchedules(dir);
    } catch (error) {
      if (error instanceof CalendarFileError) return error;
      throw error;
    }
    throw new Error('the folder loaded without error');
  };

  const header = 'year: 2026\nsource: [CV 12729/VPCP-KGVX (25/12/2025)]\ndays:\n';

  it('names the file, the path of an unknown kind and the allowed kinds', () => {
    const file = write('2026.yaml', `${header}  - { date: 2026-01-01, kind: holiday, name: Tết Dương lịch }\n  - { date: 2026-01-02, kind: day-off, name: Nghỉ }\n`);
    const error = loadError();
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      { path: '$.days[1].kind', message: 'must be one of: holiday, compensatory, swap-off, make-up-workday', line: 5, column: 31 },
    ]);
    expect(error.message).toContain(file);
    expect(error.message).toContain('$.days[1].kind (line 5, column 31): must be one of');
  });

  it('reports a date that does not exist', () => {
    write('2026.yaml', `${header}  - { date: 2026-02-30, kind: holiday, name: Tết }\n`);
    expect(loadError().problems).toEqual([expect.objectContaining({ path: '$.days[0].date', message: 'must match format "date"', line: 4 })]);
  });

  it('reports a missing name and an unknown property', () => {
    write('2026.yaml', `${header}  - { date: 2026-01-01, kind: holiday, note: x }\n`);
    expect(loadError().problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '$.days[0]', message: 'missing required property "name"' }),
        expect.objectContaining({ path: '$.days[0].note', message: 'unknown property' }),
      ]),
    );
  });

  it('reports a date of another year and a date listed twice', () => {
    write(
      '2026.yaml',
      `${header}  - { date: 2025-12-31, kind: holiday, name: A }\n  - { date: 2026-01-01, kind: holiday, name: B }\n  - { date: 2026-01-01, kind: holiday, name: C }\n`,
    );
    expect(loadError().problems).toEqual([
      expect.objectContaining({ path: '$.days[0].date', message: '2025-12-31 is not in 2026', line: 4 }),
      expect.objectContaining({ path: '$.days[2].date', message: '2026-01-01 is already listed at $.days[1]', line: 6 }),
    ]);
  });

  it('reports a make-up working day on a weekday and a swapped day off on a weekend', () => {
    write('2026.yaml', `${header}  - { date: 2026-08-21, kind: make-up-workday, name: A }\n  - { date: 2026-08-29, kind: swap-off, name: B }\n`);
    expect(loadError().problems.map((p) => p.path)).toEqual(['$.days[0].date', '$.days[1].date']);
  });

  it('reports a year that does not match the file name', () => {
    write('2027.yaml', `${header}  - { date: 2026-01-01, kind: holiday, name: A }\n`);
    expect(loadError().problems).toEqual([
      expect.objectContaining({ path: '$.year', message: 'year 2026 does not match the file name (expected 2026.yaml)', line: 1 }),
    ]);
  });

  it('reports invalid YAML with its line', () => {
    write('2026.yaml', `${header}  - { date: 2026-01-01, kind: holiday, name: A\n`);
    const problem = loadError().problems[0];
    expect(problem.path).toBe('$');
    expect(problem.message).toMatch(/^invalid YAML/);
    expect(problem.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadCalendarSchedules(path.join(dir, 'missing'))).toThrow(/calendar folder not found/);
  });
});
