import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../shared/cli-errors';
import { formatDemo } from '../commands/demo.command';
import { loadDemo } from './load-demo';

jest.setTimeout(120_000);

describe('kntc demo on a new folder, then again on the same folder', () => {
  let parent: string;
  let dir: string;
  const now = new Date('2026-12-04T09:30:00+07:00');

  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-demo-load-'));
    dir = path.join(parent, 'data-demo');
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('loads the users with one password, shown in its own line, and imports every line of the quarter', async () => {
    const first = await loadDemo({ dir, seed: 3, now });
    expect(first.import.refused).toEqual([]);
    expect(first.import.executed).toBe(first.register.lines);
    expect(first.register.cases).toBeGreaterThan(100);
    expect(first.users?.count).toBeGreaterThanOrEqual(10);
    const password = first.users!.password;
    expect(formatDemo(first).split('\n')).toContain(`      ${password}`);
    // The users store keeps its hash, never the password itself.
    expect(fs.readFileSync(path.join(dir, 'users.json'), 'utf8')).not.toContain(password);
  });

  it('imports nothing the second time, says so, and shows no password', async () => {
    const again = await loadDemo({ dir, now: new Date() });
    expect(again.seed).toBe(3);
    expect(again.import).toMatchObject({ executed: 0, refused: [] });
    expect(again.import.alreadyImported).toBe(again.register.lines);
    expect(again.users).toBeUndefined();
    expect(formatDemo(again)).toMatch(/Nothing imported: this folder already holds the demo/);
  });

  it('refuses another seed on that folder, and a folder that holds something else', async () => {
    await expect(loadDemo({ dir, seed: 4, now })).rejects.toThrow(UsageError);
    const other = path.join(parent, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'events.sqlite'), '');
    await expect(loadDemo({ dir: other, now })).rejects.toThrow(/holds no demo/);
  });
});
