import * as fs from 'node:fs';
import { parse } from 'yaml';
import { WEEKDAYS, type RegularReceptionDays, type Weekday } from '@kntc/domain';

export interface Department {
  code: string;
  name: string;
  /** The department's fixed citizen-reception days, when the file states them. */
  reception?: RegularReceptionDays;
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class DepartmentsFileError extends Error {
  constructor(file: string, problem: string) {
    super(`departments file ${file}: ${problem}`);
    this.name = 'DepartmentsFileError';
  }
}

/**
 * `departments: [{ code, name, reception? }]`: the departments' full names, for the UI, and their fixed reception
 * days (`reception: { place?, weekly: [thursday], monthly: [{ day: 20, place }] }`). Optional: a missing file is an empty
 * list; an invalid one stops the start-up naming what is wrong.
 */
export function loadDepartments(file: string): Department[] {
  if (!fs.existsSync(file)) return [];
  const document = parse(fs.readFileSync(file, 'utf8')) as { departments?: unknown } | null;
  const list = document?.departments;
  if (!Array.isArray(list)) throw new DepartmentsFileError(file, 'expected "departments:" with a list of { code, name }');
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const { code, name } = (entry ?? {}) as { code?: unknown; name?: unknown };
    if (typeof code !== 'string' || !CODE.test(code)) throw new DepartmentsFileError(file, `departments[${index}].code must be lower-case words joined by hyphens`);
    if (typeof name !== 'string' || name.trim() === '') throw new DepartmentsFileError(file, `departments[${index}].name must not be empty`);
    if (seen.has(code)) throw new DepartmentsFileError(file, `departments[${index}]: "${code}" is listed twice`);
    seen.add(code);
    const reception = (entry as { reception?: unknown }).reception;
    return { code, name: name.trim(), ...(reception !== undefined ? { reception: receptionDaysOf(file, `departments[${index}].reception`, reception) } : {}) };
  });
}

function receptionDaysOf(file: string, at: string, value: unknown): RegularReceptionDays {
  const { place, weekly = [], monthly = [] } = (value ?? {}) as { place?: unknown; weekly?: unknown; monthly?: unknown };
  if (typeof value !== 'object' || value === null) throw new DepartmentsFileError(file, `${at} must be { place?, weekly: [...], monthly: [...] }`);
  if (place !== undefined && (typeof place !== 'string' || place.trim() === '')) throw new DepartmentsFileError(file, `${at}.place must not be empty`);
  if (!Array.isArray(weekly) || !weekly.every((day): day is Weekday => (WEEKDAYS as readonly unknown[]).includes(day))) {
    throw new DepartmentsFileError(file, `${at}.weekly must list days among ${WEEKDAYS.join(', ')}`);
  }
  if (!Array.isArray(monthly)) throw new DepartmentsFileError(file, `${at}.monthly must be a list of { day, place? }`);
  const days = monthly.map((entry: unknown, i) => {
    const { day, place: at2 } = (entry ?? {}) as { day?: unknown; place?: unknown };
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 31) throw new DepartmentsFileError(file, `${at}.monthly[${i}].day must be a day of the month (1–31)`);
    if (at2 !== undefined && (typeof at2 !== 'string' || at2.trim() === '')) throw new DepartmentsFileError(file, `${at}.monthly[${i}].place must not be empty`);
    return { day, ...(typeof at2 === 'string' ? { place: at2.trim() } : {}) };
  });
  return { ...(typeof place === 'string' ? { place: place.trim() } : {}), weekly, monthly: days };
}
