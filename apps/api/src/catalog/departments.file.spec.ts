import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDepartments } from './departments.file';

describe('the departments file', () => {
  let dir: string;
  const file = (text: string): string => {
    const name = path.join(dir, 'departments.yaml');
    fs.writeFileSync(name, text);
    return name;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-departments-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the shipped file', () => {
    expect(loadDepartments(path.resolve(__dirname, '../../../../config/departments.yaml'))).toContainEqual({ code: 'so-xd', name: 'Sở Xây dựng' });
  });

  it("reads a department's fixed reception days", () => {
    expect(loadDepartments(path.resolve(__dirname, '../../../../config/departments.yaml'))).toContainEqual({
      code: 'so-tnmt',
      name: 'Sở Tài nguyên và Môi trường',
      reception: { weekly: ['thursday'], monthly: [{ day: 20, place: 'Ban Tiếp công dân tỉnh' }] },
    });
  });

  it('is an empty list when there is no file', () => {
    expect(loadDepartments(path.join(dir, 'missing.yaml'))).toEqual([]);
  });

  it.each([
    ['departments: so-tnmt\n', 'expected "departments:" with a list of { code, name }'],
    ['departments:\n  - { code: So TNMT, name: Sở }\n', 'departments[0].code must be lower-case words joined by hyphens'],
    ['departments:\n  - { code: so-xd, name: " " }\n', 'departments[0].name must not be empty'],
    ['departments:\n  - { code: so-xd, name: A }\n  - { code: so-xd, name: B }\n', 'departments[1]: "so-xd" is listed twice'],
    ['departments:\n  - { code: so-xd, name: A, reception: { weekly: [thurs] } }\n', 'departments[0].reception.weekly must list days among sunday, monday, tuesday, wednesday, thursday, friday, saturday'],
    ['departments:\n  - { code: so-xd, name: A, reception: { monthly: [{ day: 32 }] } }\n', 'departments[0].reception.monthly[0].day must be a day of the month (1–31)'],
  ])('refuses %j naming the problem', (text, problem) => {
    const name = file(text);
    expect(() => loadDepartments(name)).toThrow(`departments file ${name}: ${problem}`);
  });
});
