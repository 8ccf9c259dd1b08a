import * as path from 'node:path';
import { UsersDirectory, UsersFileError } from './users-directory';

const SAMPLE = path.resolve(__dirname, '../../../../config/users.yaml');

function problemsOf(text: string): readonly string[] {
  try {
    UsersDirectory.parse(text, 'users.yaml');
  } catch (error) {
    if (error instanceof UsersFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsersFileError');
}

describe('the shipped users file, config/users.yaml', () => {
  const users = UsersDirectory.load(SAMPLE).list();

  it('loads, with every role a person can hold', () => {
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['intake', 'inspector', 'head', 'director', 'ubnd', 'supervisor', 'importer', 'admin']));
  });

  it('has the officers of two departments, so-tnmt and so-xd', () => {
    for (const department of ['so-tnmt', 'so-xd']) {
      expect(users.filter((u) => u.department === department).map((u) => u.role)).toEqual(expect.arrayContaining(['intake', 'inspector', 'head', 'director']));
    }
  });
});

describe('a users file with mistakes', () => {
  it('names every problem with its entry and field', () => {
    const problems = problemsOf(`
users:
  - { id: Tnmt Lan, name: Trần Thị Lan, role: intake, department: so-tnmt }
  - { id: tnmt-hung, name: "", role: chief, department: SO_TNMT }
  - { id: tnmt-hung, name: Hùng, role: head, department: so-tnmt, password: x }
`);
    expect(problems).toEqual([
      'users[0].id: must be lower-case letters, digits, ".", "_" or "-" (at most 64), got "Tnmt Lan"',
      'users[1].name: must be a non-empty text of at most 200 characters',
      'users[1].role: "chief" is not a role; expected one of: intake, inspector, head, director, ubnd, supervisor, importer, admin',
      'users[1].department: must be a kebab-case code such as so-tnmt, got "SO_TNMT"',
      'users[2]: unknown key "password"; allowed keys: id, name, role, department, passwordHash',
      'users[2].id: "tnmt-hung" is listed twice',
    ]);
  });

  it('refuses a person with the system role, which can never log in', () => {
    expect(problemsOf('users:\n  - { id: worker, name: Worker, role: system, department: so-tnmt }\n')).toEqual([
      `users[0].role: "system" is the deadline workers' role; no person can log in with it`,
    ]);
  });

  it('refuses a password hash that is not a scrypt hash of "kntc users add"', () => {
    expect(problemsOf('users:\n  - { id: lan, name: Lan, role: intake, department: so-tnmt, passwordHash: "md5:abc" }\n')).toEqual([
      'users[0].passwordHash: must be a scrypt hash written by "kntc users add" ($scrypt$ln=..,r=..,p=..$salt$hash)',
    ]);
  });

  it('refuses a file without a users list', () => {
    expect(problemsOf('people: []\n')).toEqual(['expected a top-level key "users" holding a list of { id, name, role, department }']);
  });

  it('says which file could not be read', () => {
    expect(() => UsersDirectory.load('/nonexistent/users.yaml')).toThrow(/\/nonexistent\/users\.yaml: invalid users file:\n {2}- cannot read the file/);
  });
});
