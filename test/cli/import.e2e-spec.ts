import { createEventStore, type RecordedEvent } from '@kntc/event-store';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_TEST_TIMEOUT_MS, assertBuilt, runKntc, tempDataDir, type CliResult } from './kntc-cli';

// test/cli/fixtures/register-2026.jsonl: three cases of the Sở TN&MT register, January to April 2026 — a
// first-instance complaint (filed, accepted, assigned, verification started), a petition (filed, answered) and a
// denunciation (filed, accepted). Line 6 is bad: its documentDate 2026-02-30 does not exist.
const REGISTER = path.join(__dirname, 'fixtures', 'register-2026.jsonl');
const COMPLAINT = 'case-6f1c2a3e-0b4d-4c5e-8f70-1a2b3c4d5e01';
const PETITION = 'case-6f1c2a3e-0b4d-4c5e-8f70-1a2b3c4d5e02';

// Each test starts the CLI in a new Node process (about 1 s of CPU), several at once on a 2-core machine.
jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function newDataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

async function readStream(dataDir: string, stream: string): Promise<RecordedEvent[]> {
  const store = await createEventStore({ kind: 'sqlite', file: path.join(dataDir, 'events.sqlite') });
  try {
    return await store.readStream(stream);
  } finally {
    await store.close();
  }
}

describe('kntc import of a register with one bad line, run twice', () => {
  const dataDir = newDataDir();
  let dryRun: CliResult;
  let first: CliResult;
  let afterFirst: RecordedEvent[];
  let second: CliResult;
  let afterSecond: RecordedEvent[];

  beforeAll(async () => {
    assertBuilt();
    dryRun = await runKntc(['import', REGISTER, '--dry-run'], dataDir);
    const storeAfterDryRun = fs.existsSync(path.join(dataDir, 'events.sqlite'));
    expect(storeAfterDryRun).toBe(false);
    first = await runKntc(['import', REGISTER], dataDir);
    afterFirst = await readStream(dataDir, COMPLAINT);
    second = await runKntc(['import', REGISTER], dataDir);
    afterSecond = await readStream(dataDir, COMPLAINT);
  }, 4 * CLI_TEST_TIMEOUT_MS);

  it('checks every line on a dry run, writes nothing, and names the bad line', () => {
    expect(dryRun.code).toBe(1);
    expect(dryRun.stdout).toMatch(/lines read: +9\n/);
    expect(dryRun.stdout).toMatch(/valid: +8\n/);
    expect(dryRun.stdout).toMatch(/refused: +1\n/);
    expect(dryRun.stdout).toMatch(/line 6: validation-failed: payload\.documentDate: /);
    expect(dryRun.stdout).toContain('Nothing was written');
  });

  it('executes the good lines, refuses line 6 by number with its code, and exits 1', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/lines read: +9\n/);
    expect(first.stdout).toMatch(/executed: +8\n/);
    expect(first.stdout).toMatch(/already imported: +0\n/);
    expect(first.stdout).toMatch(/refused: +1\n/);
    expect(first.stdout).toMatch(/ {2}line 6: validation-failed: payload\.documentDate: .+\n/);
  });

  it('imports nothing twice: the second run finds every good line already imported', () => {
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/executed: +0\n/);
    expect(second.stdout).toMatch(/already imported: +8\n/);
    expect(second.stdout).toMatch(/line 6: validation-failed/);
    expect(afterSecond.map((e) => e.id)).toEqual(afterFirst.map((e) => e.id));
  });

  it("records each act at the register's business time, for the officer named, by the importer", () => {
    const filed = afterFirst.find((e) => e.type === 'CaseFiled')!;
    expect(filed.metadata).toMatchObject({
      actor: { id: 'tnmt-tiepdan-lan', role: 'intake', department: 'so-tnmt', name: 'Trần Thị Lan' },
      principal: { id: 'importer', role: 'importer' },
      occurredAt: '2026-01-05T02:00:00.000Z',
      idempotencyKey: 'so-tnmt/2026/KN-001/file',
    });
    expect(afterFirst.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CaseFiled', 'CaseAccepted', 'InspectorAssigned', 'VerificationStarted']),
    );
    expect(afterFirst.map((e) => e.type)).not.toContain('VerificationReported');
  });

  it('sets the resolution clock from the imported acceptance date, as the engine does for a live command', () => {
    // Accepted Mon 12/01/2026 + 30 days = Wed 11/02/2026, a working day (before Tết, which starts 14/02).
    const resolution = afterFirst.find((e) => e.type === 'DeadlineSet' && e.data['clock'] === 'resolution');
    expect(resolution?.data).toMatchObject({ startedOn: '2026-01-12', dueDate: '2026-02-11' });
  });

  it('imports the other cases of the register too', async () => {
    const petition = await readStream(dataDir, PETITION);
    expect(petition.map((e) => e.type)).toEqual(expect.arrayContaining(['CaseFiled', 'CitizenAnswered']));
  });
});

describe('kntc import of lines the engine refuses', () => {
  const dataDir = newDataDir();
  const caseId = '0c4a9f0e-5d0b-4e59-9a53-6f0a7b8c9d01';
  const head = { id: 'xd-chanhtt-son', role: 'head', department: 'so-xd' };
  const intake = { id: 'xd-tiepdan-mai', role: 'intake', department: 'so-xd' };
  const lines = [
    {
      command: 'FileCase',
      caseId,
      actor: intake,
      occurredAt: '2026-05-04T09:00:00+07:00',
      idempotencyKey: 'so-xd/2026/PA-010/file',
      payload: {
        kind: 'petition',
        department: 'so-xd',
        channel: 'online',
        receivedOn: '2026-05-04',
        subject: 'Phản ánh công trình lấn chiếm vỉa hè',
        content: 'Công trình số 8 lấn chiếm vỉa hè.',
        parties: [{ role: 'petitioner', name: 'Ngô Văn Đức', confidential: false }],
        remoteArea: false,
      },
    },
    'not json',
    { command: 'AcceptCase', caseId, actor: intake, occurredAt: '2026-05-05T09:00:00+07:00', idempotencyKey: 'so-xd/2026/PA-010/accept', payload: {} },
    { command: 'AcceptCase', caseId, actor: head, occurredAt: '2026-05-05T09:00:00+07:00', payload: {} },
    {
      command: 'AcceptCase',
      caseId: '0c4a9f0e-5d0b-4e59-9a53-6f0a7b8c9d99',
      actor: head,
      occurredAt: '2026-05-05T09:00:00+07:00',
      idempotencyKey: 'so-xd/2026/PA-011/accept',
      payload: {},
    },
  ];
  let result: CliResult;

  beforeAll(async () => {
    assertBuilt();
    const file = path.join(dataDir, 'refused.jsonl');
    // A blank line is skipped but still counted in the line numbers an operator sees in an editor.
    fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n\n'));
    result = await runKntc(['import', file], dataDir);
  }, CLI_TEST_TIMEOUT_MS);

  it('reports each refused line by its number in the file, with the code and reason', () => {
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/lines read: +5\n/);
    expect(result.stdout).toMatch(/executed: +1\n/);
    expect(result.stdout).toMatch(/refused: +4\n/);
    expect(result.stdout).toMatch(/line 3: invalid-json: /);
    expect(result.stdout).toMatch(/line 5: role-not-allowed: /);
    expect(result.stdout).toMatch(/line 7: invalid-line: idempotencyKey: /);
    expect(result.stdout).toMatch(/line 9: case-not-found: /);
  });
});

describe('kntc import of a file that cannot be read', () => {
  it('exits 2 and names the file', async () => {
    assertBuilt();
    const dataDir = newDataDir();
    const result = await runKntc(['import', path.join(dataDir, 'missing.jsonl')], dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.jsonl');
  });
});
