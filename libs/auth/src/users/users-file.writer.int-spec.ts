import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsersDirectory } from './users-directory';
import { UsersFileWriter } from './users-file.writer';

const HASH = '$scrypt$ln=15,r=8,p=1$arWCaqt2O6EMnXqrQ3iYHw$tvmxcAz3/2UjVk4MUtsurGetzO31mOpS1n4upezH2iM';

describe('editing the users file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-users-'));
    file = path.join(dir, 'users.yaml');
    fs.writeFileSync(file, '# Người dùng\nusers:\n  # Sở TN&MT\n  - { id: tnmt-lan, name: Trần Thị Lan, role: intake, department: so-tnmt }\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds a user with a password hash, keeping the comments, readable by the owner only', () => {
    new UsersFileWriter(file).add({ id: 'tnmt-hung', name: 'Nguyễn Văn Hùng', role: 'head', department: 'so-tnmt', passwordHash: HASH });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('# Sở TN&MT');
    expect(UsersDirectory.parse(text, file).find('tnmt-hung')).toEqual({ id: 'tnmt-hung', name: 'Nguyễn Văn Hùng', role: 'head', department: 'so-tnmt', passwordHash: HASH });
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses an id that is already there unless asked to replace it', () => {
    const writer = new UsersFileWriter(file);
    expect(() => writer.add({ id: 'tnmt-lan', name: 'Lan', role: 'intake', department: 'so-tnmt' })).toThrow(/already in/);
    writer.add({ id: 'tnmt-lan', name: 'Lan', role: 'inspector', department: 'so-tnmt' }, { replace: true });
    expect(UsersDirectory.load(file).find('tnmt-lan')?.role).toBe('inspector');
  });

  it('sets the password of an existing user, and refuses an unknown one', () => {
    const writer = new UsersFileWriter(file);
    writer.setPasswordHash('tnmt-lan', HASH);
    expect(UsersDirectory.load(file).find('tnmt-lan')?.passwordHash).toBe(HASH);
    expect(() => writer.setPasswordHash('nobody', HASH)).toThrow('no user "nobody"');
  });

  it('never writes a file the API would refuse', () => {
    expect(() => new UsersFileWriter(file).add({ id: 'Bad Id', name: 'X', role: 'intake', department: 'so-tnmt' })).toThrow(/users\[1\]\.id/);
    expect(UsersDirectory.load(file).list()).toHaveLength(1);
  });

  it('creates the file when there is none', () => {
    const fresh = path.join(dir, 'new.yaml');
    new UsersFileWriter(fresh).add({ id: 'lan', name: 'Lan', role: 'intake', department: 'so-tnmt' });
    expect(UsersDirectory.load(fresh).list().map((u) => u.id)).toEqual(['lan']);
  });
});
