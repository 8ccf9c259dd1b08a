import * as fs from 'node:fs';
import { parse } from 'yaml';

export interface Department {
  code: string;
  name: string;
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class DepartmentsFileError extends Error {
  constructor(file: string, problem: string) {
    super(`departments file ${file}: ${problem}`);
    this.name = 'DepartmentsFileError';
  }
}

/**
 * `departments: [{ code, name }]`: the departments' full names, for the UI. Optional: a missing file is an empty
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
    return { code, name: name.trim() };
  });
}
