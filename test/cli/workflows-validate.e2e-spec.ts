import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, assertBuilt, runKntc, tempDataDir } from './kntc-cli';

// Each test starts the CLI in a new Node process (about 1 s of CPU), several at once on a 2-core machine.
jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const dataDir = tempDataDir();
beforeAll(assertBuilt);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('kntc workflows validate on the shipped workflows', () => {
  it('prints OK with every workflow and official calendar year', async () => {
    const result = await runKntc(['workflows', 'validate'], dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK /);
    for (const kind of ['complaint-first', 'complaint-second', 'denunciation', 'petition']) expect(result.stdout).toContain(`${kind} v`);
    expect(result.stdout).toMatch(/official calendars: 2025, 2026/);
  });
});

describe('kntc workflows validate on a folder with a broken workflow and a broken calendar', () => {
  it('lists the problems of both files and exits 1', async () => {
    const dir = path.join(dataDir, 'workflows');
    fs.cpSync(path.join(REPO_ROOT, 'workflows'), dir, { recursive: true });
    const petition = path.join(dir, 'petition.yaml');
    fs.writeFileSync(petition, fs.readFileSync(petition, 'utf8').replace('initialStage: filed', 'initialStage: nowhere'));
    const calendar = path.join(dir, 'calendars', '2026.yaml');
    fs.writeFileSync(calendar, fs.readFileSync(calendar, 'utf8').replace('date: 2026-01-10, kind: make-up-workday', 'date: 2026-01-12, kind: make-up-workday'));

    const result = await runKntc(['workflows', 'validate', dir], dataDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/petition\.yaml: \/initialStage: unknown stage "nowhere"/);
    // Mon 12/01/2026 cannot be a make-up working day: those are Saturdays.
    expect(result.stdout).toMatch(/2026\.yaml: .*2026-01-12 is a weekday/);
  });

  it('exits 2 for a folder that does not exist', async () => {
    const result = await runKntc(['workflows', 'validate', path.join(dataDir, 'nowhere')], dataDir);
    expect(result.code).toBe(2);
  });
});
