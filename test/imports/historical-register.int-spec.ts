import { GetDonHandler, GetDonQuery, openEngine, systemClock } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { createEventStore, type RecordedEvent } from '@kntc/event-store';
import type { DonProcessingFigures, ReceptionFigures } from '@kntc/read-models';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { departmentReportFile } from '../../apps/cli/src/commands/report.command';
import { importRegister, type ImportSummary } from '../../apps/cli/src/import/import.command';
import { readConfig } from '../../apps/cli/src/shared/engine-files';

// test/fixtures/register-2014.jsonl: the Sở TN&MT register of 2014 — a denunciation received in March (Luật Tố cáo
// 2011), a kiến nghị received in May (before Luật Tiếp công dân 2013 set a reply period), one received in August
// (after it) and a first-instance complaint; then the đơn-level register of the year: four reception sessions (two
// before 01/07/2014 under Nghị định 89/2010/NĐ-CP, a Director's session planned and published ahead), visits with and
// without a đơn, two delegations, and twelve đơn from every source with every processing outcome, three of them
// accepted into cases that run on.
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

  it("reports the year's reception and đơn-processing figures as the register itself counts them", async () => {
    const file = await departmentReportFile({ department: 'so-tnmt', from: '2014-01-01', to: '2014-12-31', format: 'json' });
    const report = JSON.parse(Buffer.from(file.body).toString('utf8')) as { reception: ReceptionFigures; dons: DonProcessingFigures };
    const expected = countRegister(registerLines());
    expect(report.reception).toEqual(expected.reception);
    expect(report.dons).toEqual(expected.dons);
    // Not a comparison of two empty reports.
    expect([report.reception.sessions.total, report.reception.visits.total, report.reception.delegations.total, report.dons.received.total, report.dons.processed]).toEqual([4, 8, 2, 12, 11]);
  });

  it('shows each đơn received at a visit with that visit, read through the session its registration names', async () => {
    const visits = registerLines().filter((l) => l.command === 'RecordVisit' && (l.payload['outcome'] as { kind: string }).kind === 'don-received');
    expect(visits).toHaveLength(4);
    const engine = await openEngine(readConfig());
    try {
      const dons = new GetDonHandler(engine.store, engine.vault, systemClock);
      for (const line of visits) {
        const donId = (line.payload['outcome'] as { donId: string }).donId;
        const view = await dons.execute(new GetDonQuery(donId, line.actor as unknown as Actor));
        expect(view.source).toMatchObject({ kind: 'reception', receptionId: line.sessionId });
        expect(view.visit).toMatchObject({ sessionId: line.sessionId, summary: line.payload['summary'], citizens: line.payload['citizens'], outcome: { kind: 'don-received', donId } });
        expect(view.visit).not.toHaveProperty('parties');
      }
    } finally {
      await engine.store.close();
      await engine.vault.close();
    }
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

describe('a register with a reception session dated before any rule of reception', () => {
  const sessionId = '3a7e2c10-4b5d-4e6f-8a90-2010000000a1';
  const intake = { id: 'tnmt-tiepdan-lan', role: 'intake', department: 'so-tnmt' };
  let summary: ImportSummary;

  beforeAll(async () => {
    // Thu 13/05/2010: before Nghị định 89/2010/NĐ-CP (taken as in force from 01/10/2010).
    const lines = [
      {
        command: 'OpenReceptionSession',
        sessionId,
        actor: intake,
        occurredAt: '2010-05-13T07:30:00+07:00',
        idempotencyKey: 'so-tnmt/2010/TCD-01/open',
        payload: { department: 'so-tnmt', kind: 'regular', date: '2010-05-13', place: 'Trụ sở tiếp công dân' },
      },
      {
        command: 'RecordVisit',
        sessionId,
        actor: intake,
        occurredAt: '2010-05-13T08:00:00+07:00',
        idempotencyKey: 'so-tnmt/2010/TCD-01/visit-1',
        payload: { citizens: 1, parties: [], summary: 'Hỏi thủ tục', classification: 'petition', outcome: { kind: 'guided' } },
      },
    ];
    const file = path.join(dataDir, 'reception-gap.jsonl');
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    summary = await importRegister(file, false);
  });

  it('names the rule gap on the opening and refers the visit to it', () => {
    expect(summary.refused).toEqual([
      { lineNo: 1, code: 'no-rule-in-force', message: expect.stringMatching(/^no rule makes a "regular" reception session a legal form on 2010-05-13; /) },
      { lineNo: 2, code: 'session-not-imported', message: `session ${sessionId} was not imported: its planning or opening on line 1 was refused (no-rule-in-force)` },
    ]);
    expect(summary.executed).toBe(0);
  });
});

interface Line {
  command: string;
  caseId?: string;
  donId?: string;
  sessionId?: string;
  actor: Record<string, string>;
  occurredAt: string;
  payload: Record<string, unknown>;
}

function registerLines(): Line[] {
  return fs
    .readFileSync(REGISTER, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

const OUTCOME_OF: Record<string, keyof DonProcessingFigures['outcomes']> = {
  AcceptDonIntoCase: 'acceptedIntoCase',
  AttachDonToCase: 'attached',
  AttachDonToDon: 'attached',
  GuideCitizen: 'guided',
  ForwardDon: 'forwarded',
  UrgeLowerLevel: 'urged',
  RequestDonSplit: 'splitRequested',
  ArchiveDon: 'archived',
};

/**
 * The figures of a register that acts within one year, counted from its lines alone (the commands as written, not
 * the events): every session and visit is of the year, no đơn is carried over, each visit is a matter of its own.
 */
function countRegister(lines: Line[]): { reception: ReceptionFigures; dons: DonProcessingFigures } {
  const counts = () => ({ byKind: { regular: 0, 'leader-periodic': 0, 'leader-adhoc': 0, online: 0 } as Record<string, number>, total: 0 });
  const reception = { sessions: counts(), visits: counts(), citizens: counts(), delegations: counts(), visitsWithDon: counts(), visitsWithoutDon: counts(), mattersNew: counts(), mattersRepeated: counts() };
  const add = (cell: ReturnType<typeof counts>, kind: string, n = 1) => {
    cell.byKind[kind]! += n;
    cell.total += n;
  };
  const kinds = new Map<string, string>();
  for (const line of lines) {
    if (line.command === 'PlanReceptionSession' || (line.command === 'OpenReceptionSession' && line.payload['kind'] !== undefined)) kinds.set(line.sessionId!, line.payload['kind'] as string);
    if (line.command === 'OpenReceptionSession') add(reception.sessions, kinds.get(line.sessionId!)!);
    if (line.command !== 'RecordVisit') continue;
    const kind = kinds.get(line.sessionId!)!;
    const { citizens, delegation, outcome, repeated } = line.payload as { citizens: number; delegation?: object; outcome: { kind: string }; repeated?: boolean };
    add(reception.visits, kind);
    add(reception.citizens, kind, citizens);
    if (delegation) add(reception.delegations, kind);
    add(outcome.kind === 'don-received' ? reception.visitsWithDon : reception.visitsWithoutDon, kind);
    add(repeated ? reception.mattersRepeated : reception.mattersNew, kind);
  }

  const signers = () => ({ one: 0, several: 0, anonymous: 0, total: 0 });
  const dons: DonProcessingFigures = {
    carriedOver: signers(),
    received: signers(),
    total: signers(),
    processed: 0,
    qualifying: 0,
    byContent: { complaint: 0, denunciation: 0, petition: 0, several: 0 },
    withinCompetence: 0,
    outsideCompetence: { total: 0, guided: 0, forwarded: 0, urged: 0 },
    outcomes: { acceptedIntoCase: 0, attached: 0, guided: 0, forwarded: 0, urged: 0, splitRequested: 0, archived: 0 },
    repeated: 0,
    awaitingProcessing: 0,
  };
  const byDon = new Map<string, Line[]>();
  for (const line of lines) if (line.donId !== undefined) byDon.set(line.donId, [...(byDon.get(line.donId) ?? []), line]);
  for (const donLines of byDon.values()) {
    const registration = donLines.find((l) => l.command === 'RegisterDon')!.payload as { signers: number; anonymous: boolean; repeatOf?: object };
    for (const cell of [dons.received, dons.total]) {
      if (registration.anonymous) cell.anonymous++;
      else if (registration.signers > 1) cell.several++;
      else cell.one++;
      cell.total++;
    }
    const outcome = donLines.find((l) => OUTCOME_OF[l.command] !== undefined);
    if (registration.repeatOf !== undefined || outcome?.command === 'AttachDonToCase' || outcome?.command === 'AttachDonToDon') dons.repeated++;
    const classification = donLines.filter((l) => l.command === 'ClassifyDon').pop()?.payload as { content: keyof DonProcessingFigures['byContent']; qualifying: boolean; competence: string } | undefined;
    if (classification?.qualifying) {
      dons.qualifying++;
      dons.byContent[classification.content]++;
    }
    if (outcome === undefined) {
      dons.awaitingProcessing++;
      continue;
    }
    dons.processed++;
    dons.outcomes[OUTCOME_OF[outcome.command]!]++;
    if (classification?.competence === 'within') dons.withinCompetence++;
    if (classification?.competence === 'outside') {
      dons.outsideCompetence.total++;
      const cell = OUTCOME_OF[outcome.command];
      if (cell === 'guided' || cell === 'forwarded' || cell === 'urged') dons.outsideCompetence[cell]++;
    }
  }
  return { reception: reception as unknown as ReceptionFigures, dons };
}
