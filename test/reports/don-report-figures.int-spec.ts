import type { DonContent, DonEvent, ReceptionEvent, ReceptionKind } from '@kntc/domain';
import { donAndReceptionFigures, donAndReceptionFiguresFromStore, DonFactsProjection, ProjectionRunner, ReceptionFactsProjection, toReportTable, type DepartmentReport, type DonReportWindow, type Projection } from '@kntc/read-models';
import { addDays, type LocalDate } from '@kntc/workflow';
import { randomUUID } from 'node:crypto';
import { openTestStore, TestRedis, type TestStore } from '../read-models/support/read-model-fixtures';

// A quarter of a department's reception and đơn processing (Q1 2026: 15/12/2025 – 14/03/2026), generated from a
// seed; the test keeps its own plain record of what it did and derives every figure from that record, not from
// the events or the read models.
const DEPARTMENT = 'so-tnmt';
const QUARTER = { from: '2025-12-15', to: '2026-03-14' } as const;
const TUNING = { batchSize: 25, batchWindowMs: 10, leaseTtlMs: 600, standbyRetryMs: 50, idleCheckMs: 20 };

type Outcome = 'DonAcceptedIntoCase' | 'DonAttachedToCase' | 'DonAttachedToDon' | 'CitizenGuided' | 'DonForwarded' | 'LowerLevelUrged' | 'DonSplitRequested' | 'DonArchived';
const OUTCOMES: Outcome[] = ['DonAcceptedIntoCase', 'DonAttachedToCase', 'DonAttachedToDon', 'CitizenGuided', 'DonForwarded', 'LowerLevelUrged', 'DonSplitRequested', 'DonArchived'];
const SOURCES = ['post', 'reception', 'online', 'referral', 'box'] as const;
const CONTENTS: DonContent[] = ['complaint', 'denunciation', 'petition', 'several'];

interface DonRecord {
  donId: string;
  receivedOn: LocalDate;
  signers: number;
  anonymous: boolean;
  /** Registered as a repeat (repeatOf); a đơn attached to another repeats from the day of the attachment too. */
  registeredAsRepeat: boolean;
  classifiedOn?: LocalDate;
  content?: DonContent;
  qualifying?: boolean;
  competence?: 'within' | 'outside';
  outcome?: Outcome;
  outcomeOn?: LocalDate;
}
interface VisitRecord {
  kind: ReceptionKind;
  on: LocalDate;
  citizens: number;
  delegation: boolean;
  withDon: boolean;
  matterId?: string;
  repeated: boolean;
}
interface SessionRecord {
  kind: ReceptionKind;
  date: LocalDate;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: LocalDate): string => `${day}T02:30:00.000Z`;

describe('reception and đơn-processing figures of a quarter', () => {
  let test: TestRedis;
  let sqlite: TestStore;
  const rnd = random(20260314);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const dons: DonRecord[] = [];
  const sessions: SessionRecord[] = [];
  const visits: VisitRecord[] = [];

  async function append(stream: string, events: Array<DonEvent | ReceptionEvent>, recordedOn: LocalDate[]): Promise<void> {
    const existing = await sqlite.store.readStream(stream);
    await sqlite.store.append(
      stream,
      events.map((event, i) => ({ id: randomUUID(), type: event.type, schemaVersion: 1, data: event.data as unknown as Record<string, unknown>, metadata: { occurredAt: at(recordedOn[i]!), occurredOn: recordedOn[i] } })),
      existing.length - 1,
    );
  }

  async function registerDon(receivedOn: LocalDate, source: (typeof SOURCES)[number], extra: { repeated?: boolean; processIt?: boolean; outcome?: Outcome } = {}): Promise<DonRecord> {
    const donId = randomUUID();
    const anonymous = rnd() < 0.1;
    const record: DonRecord = { donId, receivedOn, signers: anonymous ? 0 : rnd() < 0.25 ? 2 + Math.floor(rnd() * 4) : 1, anonymous, registeredAsRepeat: extra.repeated ?? false };
    const events: DonEvent[] = [
      {
        type: 'DonRegistered',
        data: {
          donId,
          department: DEPARTMENT,
          matterId: randomUUID(),
          ...(record.registeredAsRepeat ? { repeatOf: { donId: dons[0]?.donId ?? randomUUID() } } : {}),
          source: { kind: source, ...(source === 'referral' ? { referrer: { body: 'Đoàn ĐBQH tỉnh', documentNo: '12/ĐĐBQH', documentDate: receivedOn } } : {}) },
          receivedOn,
          registeredAt: at(receivedOn),
          signers: record.signers,
          anonymous,
          parties: [],
          subject: 'Đơn',
          content: 'Nội dung',
          processingRule: 'DON.PROCESS.10D',
        },
      },
    ];
    const days = [receivedOn];
    if (extra.processIt !== false && rnd() < 0.85) {
      record.classifiedOn = addDays(receivedOn, 1 + Math.floor(rnd() * 3));
      record.content = pick(CONTENTS);
      record.qualifying = rnd() < 0.8;
      record.outcome = extra.outcome ?? pick(OUTCOMES);
      record.competence = ['DonAcceptedIntoCase', 'DonAttachedToCase'].includes(record.outcome) ? 'within' : ['CitizenGuided', 'DonForwarded', 'LowerLevelUrged'].includes(record.outcome) ? 'outside' : pick(['within', 'outside'] as const);
      events.push({ type: 'DonClassified', data: { donId, at: at(record.classifiedOn), content: record.content, qualifying: record.qualifying, competence: record.competence } });
      days.push(record.classifiedOn);
      if (rnd() < 0.9) {
        record.outcomeOn = addDays(record.classifiedOn, Math.floor(rnd() * 12));
        events.push(outcomeEvent(donId, record.outcome, record.outcomeOn));
        days.push(record.outcomeOn);
      } else {
        delete record.outcome;
      }
    }
    await append(`don-${donId}`, events, days);
    dons.push(record);
    return record;
  }

  function outcomeEvent(donId: string, outcome: Outcome, on: LocalDate): DonEvent {
    const act = { donId, at: at(on) };
    const doc = { documentNo: `${Math.floor(rnd() * 900) + 1}/TTr`, documentDate: on };
    switch (outcome) {
      case 'DonAcceptedIntoCase':
        return { type: outcome, data: { ...act, caseId: randomUUID(), kind: 'complaint-first', acceptedAt: at(on), matterId: randomUUID() } };
      case 'DonAttachedToCase':
        return { type: outcome, data: { ...act, caseId: randomUUID(), matterId: randomUUID() } };
      case 'DonAttachedToDon':
        return { type: outcome, data: { ...act, toDonId: randomUUID(), matterId: randomUUID() } };
      case 'CitizenGuided':
        return { type: outcome, data: { ...act, ...doc, toBody: 'UBND xã', content: 'complaint' } };
      case 'DonForwarded':
        return { type: outcome, data: { ...act, ...doc, toBody: 'UBND xã', content: 'petition' } };
      case 'LowerLevelUrged':
        return { type: outcome, data: { ...act, ...doc, body: 'UBND xã' } };
      case 'DonSplitRequested':
        return { type: outcome, data: { ...act, documentDate: on } };
      case 'DonArchived':
        return { type: outcome, data: { ...act, ground: 'không đủ điều kiện', documentDate: on } };
    }
  }

  beforeAll(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    // Đơn received before the quarter: some still open at its start (carried over), some processed before it.
    for (let i = 0; i < 12; i++) await registerDon(addDays('2025-11-20', i * 2), pick(SOURCES));
    // Reception sessions every Thursday, the Director's monthly session and one ad hoc session.
    const days: Array<[LocalDate, ReceptionKind]> = [];
    for (let day = '2025-12-18'; day <= QUARTER.to; day = addDays(day, 7)) days.push([day, 'regular']);
    days.push(['2026-01-20', 'leader-periodic'], ['2026-02-20', 'leader-periodic'], ['2026-03-10', 'leader-adhoc'], ['2026-03-20', 'regular']);
    const sharedMatter = randomUUID();
    for (const [date, kind] of days) {
      const sessionId = randomUUID();
      const events: ReceptionEvent[] = [
        { type: 'ReceptionSessionOpened', data: { sessionId, department: DEPARTMENT, kind, date, place: 'Trụ sở tiếp công dân', receivedBy: 'tnmt-tiepdan-lan', planned: kind !== 'regular', openedAt: at(date) } },
      ];
      const count = 1 + Math.floor(rnd() * 4);
      for (let visitNo = 1; visitNo <= count; visitNo++) {
        const delegation = rnd() < 0.15;
        const citizens = delegation ? 5 + Math.floor(rnd() * 20) : 1 + Math.floor(rnd() * 2);
        const withDon = rnd() < 0.5;
        const repeated = rnd() < 0.3;
        // A matter raised at several sessions counts once in the period.
        const matterId = rnd() < 0.2 ? sharedMatter : rnd() < 0.6 ? randomUUID() : undefined;
        let donId: string | undefined;
        if (withDon) donId = (await registerDon(date, 'reception', { repeated })).donId;
        events.push({
          type: 'VisitRecorded',
          data: {
            sessionId,
            visitNo,
            at: at(date),
            receivedBy: 'tnmt-tiepdan-lan',
            citizens,
            ...(delegation ? { delegation: { size: citizens, representatives: 2 } } : {}),
            parties: [],
            summary: 'Nội dung',
            classification: pick(['complaint', 'denunciation', 'petition', 'several'] as const),
            outcome: withDon ? { kind: 'don-received', donId: donId! } : { kind: pick(['guided', 'forwarded', 'refused', 'answered'] as const) },
            ...(matterId !== undefined ? { matterId } : {}),
            repeated,
          },
        });
        visits.push({ kind, on: date, citizens, delegation, withDon, ...(matterId !== undefined ? { matterId } : {}), repeated });
      }
      await append(`reception-${sessionId}`, events, events.map(() => date));
      sessions.push({ kind, date });
    }
    // Đơn by post, online, referral and box through the quarter; every outcome appears.
    for (let i = 0; i < 40; i++) await registerDon(addDays(QUARTER.from, Math.floor(rnd() * 95)), pick(['post', 'online', 'referral', 'box'] as const), { repeated: rnd() < 0.15, outcome: OUTCOMES[i % OUTCOMES.length]! });
    for (const projection of [new DonFactsProjection(), new ReceptionFactsProjection()] as Projection[]) {
      const runner = new ProjectionRunner({ store: sqlite.store, redis: test.redis, keys: test.keys, projection, tuning: TUNING });
      await runner.catchUp();
      await runner.stop();
    }
  });

  afterAll(async () => {
    await test.cleanup();
    await sqlite.cleanup();
  });

  const figures = async (window: DonReportWindow) =>
    donAndReceptionFigures({ store: sqlite.store, redis: test.redis, keys: test.keys, behind: () => new Error('behind') }, DEPARTMENT, window, await sqlite.store.headPosition());

  /** Every figure, derived from the test's own record of the quarter. */
  function expected(window: DonReportWindow) {
    const end = window.asOf < window.to ? window.asOf : window.to;
    const inPeriod = (day: LocalDate) => day >= window.from && day <= end;
    const known = (day: LocalDate | undefined): day is LocalDate => day !== undefined && day <= window.asOf;
    const kinds = ['regular', 'leader-periodic', 'leader-adhoc', 'online'] as const;
    const byKind = (items: Array<{ kind: ReceptionKind; n: number }>) => ({
      byKind: Object.fromEntries(kinds.map((k) => [k, items.filter((i) => i.kind === k).reduce((s, i) => s + i.n, 0)])),
      total: items.reduce((s, i) => s + i.n, 0),
    });
    const periodVisits = visits.filter((v) => inPeriod(v.on));
    const firstOfMatter = periodVisits.filter((v, i) => v.matterId === undefined || periodVisits.findIndex((w) => w.matterId === v.matterId) === i);
    const reception = {
      sessions: byKind(sessions.filter((s) => inPeriod(s.date)).map((s) => ({ kind: s.kind, n: 1 }))),
      visits: byKind(periodVisits.map((v) => ({ kind: v.kind, n: 1 }))),
      citizens: byKind(periodVisits.map((v) => ({ kind: v.kind, n: v.citizens }))),
      delegations: byKind(periodVisits.filter((v) => v.delegation).map((v) => ({ kind: v.kind, n: 1 }))),
      visitsWithDon: byKind(periodVisits.filter((v) => v.withDon).map((v) => ({ kind: v.kind, n: 1 }))),
      visitsWithoutDon: byKind(periodVisits.filter((v) => !v.withDon).map((v) => ({ kind: v.kind, n: 1 }))),
      mattersNew: byKind(firstOfMatter.filter((v) => !v.repeated).map((v) => ({ kind: v.kind, n: 1 }))),
      mattersRepeated: byKind(firstOfMatter.filter((v) => v.repeated).map((v) => ({ kind: v.kind, n: 1 }))),
    };
    const inEnd = (day: LocalDate | undefined): day is LocalDate => known(day) && day <= end;
    const outcomeOn = (d: DonRecord) => (inEnd(d.outcomeOn) ? d.outcomeOn : undefined);
    const counted = dons.filter((d) => d.receivedOn <= end && (d.receivedOn >= window.from || outcomeOn(d) === undefined || outcomeOn(d)! >= window.from));
    const signers = (list: DonRecord[]) => ({
      one: list.filter((d) => !d.anonymous && d.signers === 1).length,
      several: list.filter((d) => !d.anonymous && d.signers > 1).length,
      anonymous: list.filter((d) => d.anonymous).length,
      total: list.length,
    });
    const classified = (d: DonRecord) => inEnd(d.classifiedOn);
    const processed = counted.filter((d) => outcomeOn(d) !== undefined);
    const qualifying = counted.filter((d) => classified(d) && d.qualifying);
    const outcome = (o: Outcome | Outcome[]) => processed.filter((d) => ([] as Outcome[]).concat(o).includes(d.outcome!)).length;
    const outside = processed.filter((d) => d.competence === 'outside');
    const withinCompetence = processed.filter((d) => d.competence === 'within').length;
    const dons_ = {
      carriedOver: signers(counted.filter((d) => d.receivedOn < window.from)),
      received: signers(counted.filter((d) => d.receivedOn >= window.from)),
      total: signers(counted),
      processed: processed.length,
      qualifying: qualifying.length,
      byContent: Object.fromEntries(CONTENTS.map((c) => [c, qualifying.filter((d) => d.content === c).length])),
      withinCompetence,
      outsideCompetence: {
        total: outside.length,
        guided: outside.filter((d) => d.outcome === 'CitizenGuided').length,
        forwarded: outside.filter((d) => d.outcome === 'DonForwarded').length,
        urged: outside.filter((d) => d.outcome === 'LowerLevelUrged').length,
      },
      outcomes: {
        acceptedIntoCase: outcome('DonAcceptedIntoCase'),
        attached: outcome(['DonAttachedToCase', 'DonAttachedToDon']),
        guided: outcome('CitizenGuided'),
        forwarded: outcome('DonForwarded'),
        urged: outcome('LowerLevelUrged'),
        splitRequested: outcome('DonSplitRequested'),
        archived: outcome('DonArchived'),
      },
      repeated: counted.filter((d) => d.registeredAsRepeat || ((d.outcome === 'DonAttachedToCase' || d.outcome === 'DonAttachedToDon') && inEnd(outcomeOn(d)))).length,
      awaitingProcessing: counted.length - processed.length,
    };
    return { reception, dons: dons_ };
  }

  it('counts every figure of the quarter as the test derives it', async () => {
    const window = { ...QUARTER, asOf: '2026-03-31' };
    expect(await figures(window)).toEqual(expected(window));
  });

  it('holds every kind of session, outcome and source the quarter should show', async () => {
    const { reception, dons: d } = await figures({ ...QUARTER, asOf: '2026-03-31' });
    expect(reception.sessions.byKind).toMatchObject({ regular: expect.any(Number), 'leader-periodic': 2, 'leader-adhoc': 1 });
    expect(reception.delegations.total).toBeGreaterThan(0);
    expect(reception.visitsWithDon.total).toBeGreaterThan(0);
    expect(reception.visitsWithoutDon.total).toBeGreaterThan(0);
    expect(Object.values(d.outcomes).every((n) => n > 0)).toBe(true);
    expect(d.carriedOver.total).toBeGreaterThan(0);
    expect(d.repeated).toBeGreaterThan(0);
  });

  it('as of a mid-quarter day, counts what was recorded by then, the same twice', async () => {
    const window = { ...QUARTER, asOf: '2026-02-05' };
    const first = await figures(window);
    expect(first).toEqual(expected(window));
    expect(await figures(window)).toEqual(first);
  });

  it('gives the same figures from a scan of the store, without Redis', async () => {
    for (const asOf of ['2026-02-05', '2026-03-31']) {
      const window = { ...QUARTER, asOf };
      expect(await donAndReceptionFiguresFromStore(sqlite.store, DEPARTMENT, window, await sqlite.store.headPosition())).toEqual(await figures(window));
    }
  });

  it('lays the figures out in the report table, in Tổng số', async () => {
    const { reception, dons: d } = await figures({ ...QUARTER, asOf: '2026-03-31' });
    const report = { department: DEPARTMENT, period: { name: '2026-Q1', ...QUARTER }, asOf: '2026-03-31', kinds: [], stages: {}, reception, dons: d } as unknown as DepartmentReport;
    const rows = toReportTable({ ...report, ...emptyCaseFigures() }).rows;
    expect(rows.find((r) => r.code === '28')).toMatchObject({ label: 'Số lượt tiếp', total: reception.visits.total });
    expect(rows.find((r) => r.code === '36')).toMatchObject({ total: d.received.total });
    expect(rows.find((r) => r.code === '41.2')).toMatchObject({ total: d.outsideCompetence.forwarded });
  });
});

function emptyCaseFigures(): Pick<DepartmentReport, 'caseload' | 'intake' | 'competence' | 'outcomes' | 'deadlines'> {
  const c = { byKind: {}, total: 0 };
  return {
    caseload: { carriedOver: c, received: c, total: c, ended: c, open: c },
    intake: { receivedByChannel: { 'in-person': c, post: c, online: c, referral: c }, processed: { accepted: c, rejected: c, forwarded: c, answered: c, withdrawn: c, total: c }, awaitingProcessing: c },
    competence: { carriedOver: c, accepted: c, total: c, settled: { decided: c, answered: c, forwarded: c, withdrawn: c, terminated: c, total: c }, unsettled: c },
    outcomes: { decisions: { right: c, partlyRight: c, wrong: c, total: c }, answered: c, withdrawn: c, terminated: c, reviewed: c },
    deadlines: { resolvedOnTime: c, resolvedLate: c, withdrawnOrTerminated: c, forwardedOrReturned: c, notYetDue: c, overdue: c, paused: c },
  };
}
