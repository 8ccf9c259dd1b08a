import { createEventStore, type RecordedEvent } from '@kntc/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importRegister, type ImportSummary } from '../../apps/cli/src/import/import.command';

// test/fixtures/register-2014.jsonl: the Sở TN&MT register of 2014 — a denunciation received in March (Luật Tố cáo
// 2011), a kiến nghị received in May (before Luật Tiếp công dân 2013 set a reply period), one received in August
// (after it) and a first-instance complaint.
const REGISTER = path.join(__dirname, '..', 'fixtures', 'register-2014.jsonl');
const DENUNCIATION = 'case-3a7e2c10-4b5d-4e6f-8a90-2014000000c1';
const EARLY_PETITION = 'case-3a7e2c10-4b5d-4e6f-8a90-2014000000c2';
const LATER_PETITION = 'case-3a7e2c10-4b5d-4e6f-8a90-2014000000c3';

jest.setTimeout(60_000);

const ENV_KEYS = ['KNTC_EVENT_STORE', 'KNTC_DATA_DIR', 'KNTC_SQLITE_FILE', 'KURRENTDB_CONNECTION_STRING'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-import-'));
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, { KNTC_EVENT_STORE: 'sqlite', KNTC_DATA_DIR: dataDir });
});

afterAll(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function readStream(stream: string): Promise<RecordedEvent[]> {
  const store = await createEventStore({ kind: 'sqlite', file: path.join(dataDir, 'events.sqlite') });
  try {
    return await store.readStream(stream);
  } finally {
    await store.close();
  }
}

function deadlines(events: RecordedEvent[]): Record<string, unknown>[] {
  return events.filter((e) => e.type === 'DeadlineSet').map((e) => e.data);
}

describe('a register of 2014 imported under the law of its time', () => {
  let first: ImportSummary;
  let second: ImportSummary;

  beforeAll(async () => {
    first = await importRegister(REGISTER, false);
    second = await importRegister(REGISTER, false);
  });

  it('imports every line with no refusal, and a second run imports nothing', () => {
    expect(first.refused).toEqual([]);
    expect(first.executed).toBe(first.linesRead);
    expect(second.refused).toEqual([]);
    expect(second).toMatchObject({ executed: 0, alreadyImported: first.linesRead });
  });

  it('sets a denunciation received in 2014 the limits of Luật Tố cáo 2011: 10 days to screen, 60 to resolve', async () => {
    const set = deadlines(await readStream(DENUNCIATION));
    // Received Mon 10/03/2014 + 10 days = Thu 20/03/2014; accepted Tue 18/03/2014 + 60 days = Sat 17/05/2014,
    // rolled to Mon 19/05/2014 (BLDS 2015 art. 148(5)).
    expect(set).toEqual([
      expect.objectContaining({ clock: 'screening', dueDate: '2014-03-20', basis: expect.objectContaining({ ruleId: 'TC2011.SCREEN', unit: 'calendar-days' }) }),
      expect.objectContaining({ clock: 'resolution', dueDate: '2014-05-19', basis: expect.objectContaining({ ruleId: 'TC2011.RESOLVE', length: 60 }) }),
    ]);
  });

  it('sets no handling or publication clock for a conclusion of 2014, where none could be confirmed', async () => {
    const events = await readStream(DENUNCIATION);
    expect(events.map((e) => e.type)).toContain('DecisionIssued');
    expect(deadlines(events).map((d) => d['clock'])).not.toEqual(expect.arrayContaining(['handling']));
    expect(deadlines(events).map((d) => d['clock'])).not.toEqual(expect.arrayContaining(['publication']));
  });

  it('runs no reply clock for a kiến nghị received before 01/07/2014, and 10 working days for one received after', async () => {
    const early = await readStream(EARLY_PETITION);
    expect(early.map((e) => e.type)).toEqual(expect.arrayContaining(['CaseFiled', 'CitizenAnswered']));
    expect(deadlines(early)).toEqual([]);
    expect(deadlines(await readStream(LATER_PETITION))).toEqual([
      // Mon 04/08/2014 + 10 working days = Mon 18/08/2014.
      expect.objectContaining({ clock: 'reply', dueDate: '2014-08-18', basis: expect.objectContaining({ ruleId: 'TCD.NOTIFY' }) }),
    ]);
  });
});

describe('a register with an act dated where the workflow has no rule', () => {
  const caseId = '3a7e2c10-4b5d-4e6f-8a90-2012000000d1';
  const intake = { id: 'tnmt-tiepdan-lan', role: 'intake', department: 'so-tnmt' };
  const head = { id: 'tnmt-chanhtt-hung', role: 'head', department: 'so-tnmt' };
  let summary: ImportSummary;

  beforeAll(async () => {
    // Received 10/05/2012, before Luật Tố cáo 2011 took effect (01/07/2012): no screening rule covers it.
    const lines = [
      {
        command: 'FileCase',
        caseId,
        actor: intake,
        occurredAt: '2012-05-10T09:00:00+07:00',
        idempotencyKey: 'so-tnmt/2012/TC-001/file',
        payload: {
          kind: 'denunciation',
          department: 'so-tnmt',
          channel: 'post',
          receivedOn: '2012-05-10',
          subject: 'Tố cáo cán bộ thu tiền',
          content: 'Tố cáo cán bộ thu tiền trái quy định.',
          parties: [{ role: 'denouncer', name: 'Mai Văn Lộc', confidential: true }],
          remoteArea: false,
        },
      },
      { command: 'AcceptCase', caseId, actor: head, occurredAt: '2012-05-15T09:00:00+07:00', idempotencyKey: 'so-tnmt/2012/TC-001/accept', payload: { documentDate: '2012-05-15' } },
    ];
    const file = path.join(dataDir, 'gap.jsonl');
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    summary = await importRegister(file, false);
  });

  it('names the rule gap on the filing, with the kind, the clock and the date', () => {
    expect(summary.refused[0]).toEqual({
      lineNo: 1,
      code: 'no-rule-in-force',
      message: expect.stringMatching(/^no rule of the denunciation clock "screening" is in force on 2012-05-10; /),
    });
  });

  it("refers the case's later lines to that refusal instead of reporting case-not-found", () => {
    expect(summary.refused[1]).toEqual({
      lineNo: 2,
      code: 'case-not-imported',
      message: `case ${caseId} was not imported: its filing on line 1 was refused (no-rule-in-force)`,
    });
    expect(summary.executed).toBe(0);
  });
});
