import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { EVENT_STORE } from '@kntc/cases';
import type { DonContent, ReceptionKind } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, openReadModelRedis, prefixPattern, type DepartmentReport } from '@kntc/read-models';
import type { LocalDate } from '@kntc/workflow';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { countDons, countReception, type DonEntry, type DonOutcome, type FrontDoorRecord, type QuarterWindow } from './support/front-door-record';

jest.setTimeout(180_000);

// Q1 2026 as TT 01/2024 cuts it: 15/12/2025 – 14/03/2026; the mid-quarter day falls between acts on both sides.
const QUARTER = { from: '2025-12-15', to: '2026-03-14' } as const;
const MID_QUARTER = '2026-02-05';
const DEPARTMENT = 'so-tnmt';
const REPORT = `/api/reports/departments/${DEPARTMENT}?from=${QUARTER.from}&to=${QUARTER.to}`;

/** 09:00 in Hà Nội on a civil date. */
const nineAm = (day: LocalDate) => new Date(`${day}T09:00:00+07:00`);

interface DonAnswer {
  donId: string;
  caseId?: string;
  don: { matterId: string; status: string; outcome?: { type: string } };
  code?: string;
  details?: Record<string, unknown>;
}
interface SessionAnswer {
  sessionId: string;
  revision: number;
  session: { status: string; visits: unknown[] };
}

const person = (name: string, role = 'complainant') => ({ role, name, address: 'Phường Phủ Lý, tỉnh Ninh Bình', confidential: false });

describe('a quarter of a department front door driven through the API, counted in its report', () => {
  const prefix = `kntc:test-front-door-${randomUUID()}:`;
  const record: FrontDoorRecord = { sessions: [], visits: [], dons: [] };
  let api: ApiTestApp;
  let today: LocalDate;
  let caseId: string;
  let refusedGuidance: ApiAnswer<DonAnswer>;
  let firstGuidedDonId: string;
  let headBeforeRefusal: unknown;
  let headAfterRefusal: unknown;

  const day = (date: LocalDate) => {
    today = date;
    api.clock.set(nineAm(date));
  };
  const send = async <T>(path: string, body: unknown, as: TestUser, status = 200): Promise<T> => {
    const answer = await api.post(path, body, { as });
    if (answer.status !== status) throw new Error(`POST ${path} as ${as} on ${today}: ${answer.status} ${answer.text}`);
    return answer.body as unknown as T;
  };

  // --- đơn: each act done through the API and written down in the record ---
  async function registerDon(source: Record<string, unknown>, parties: ReturnType<typeof person>[], extra: { signers?: number; anonymous?: boolean; repeatOf?: Record<string, string> } = {}): Promise<DonEntry & { matterId: string }> {
    const anonymous = extra.anonymous ?? false;
    const signers = extra.signers ?? (anonymous ? 0 : 1);
    const answer = await send<DonAnswer>(
      '/api/dons',
      {
        department: DEPARTMENT,
        source,
        receivedOn: today,
        signers,
        anonymous,
        parties,
        ...(extra.repeatOf ? { repeatOf: extra.repeatOf } : {}),
        respondent: 'UBND phường Phủ Lý',
        subject: 'Đơn của công dân',
        content: 'Nội dung đơn',
      },
      USERS.intake,
      201,
    );
    const entry: DonEntry = { donId: answer.donId, receivedOn: today, signers, anonymous, repeatOnRegistration: extra.repeatOf !== undefined, classifications: [] };
    record.dons.push(entry);
    return Object.assign(entry, { matterId: answer.don.matterId });
  }
  async function classify(don: DonEntry, content: DonContent, competence: 'within' | 'outside', qualifying = true): Promise<void> {
    await send(
      `/api/dons/${don.donId}/classify`,
      {
        content,
        qualifying,
        competence,
        ...(qualifying ? {} : { notQualifyingReason: 'Đơn không rõ nội dung, không ký tên' }),
        ...(competence === 'outside' ? { competentBody: 'UBND tỉnh' } : {}),
      },
      USERS.intake,
    );
    don.classifications.push({ on: today, content, qualifying, competence });
  }
  async function processDon(don: DonEntry, segment: string, body: Record<string, unknown>, outcome?: DonOutcome, as: TestUser = USERS.intake): Promise<DonAnswer> {
    const answer = await send<DonAnswer>(`/api/dons/${don.donId}/${segment}`, body, as);
    if (outcome !== undefined && don.outcome === undefined) don.outcome = { type: outcome, on: today };
    return answer;
  }

  // --- reception sessions and visits ---
  async function openSession(kind: ReceptionKind, extra: Record<string, unknown> = {}, as: TestUser = USERS.intake): Promise<string> {
    const answer = await send<SessionAnswer>('/api/reception-sessions', { action: 'open', department: DEPARTMENT, kind, place: 'Trụ sở tiếp công dân Sở TN&MT', ...extra }, as, 201);
    record.sessions.push({ kind, date: today });
    return answer.sessionId;
  }
  async function openPlanned(sessionId: string, kind: ReceptionKind): Promise<void> {
    await send(`/api/reception-sessions/${sessionId}/open`, {}, USERS.director);
    record.sessions.push({ kind, date: today });
  }
  async function recordVisit(
    sessionId: string,
    kind: ReceptionKind,
    visit: { citizens: number; representatives?: number; outcome: Record<string, unknown>; matterId?: string; repeated?: boolean; parties?: ReturnType<typeof person>[] },
  ): Promise<void> {
    const answer = await send<SessionAnswer>(
      `/api/reception-sessions/${sessionId}/record-visit`,
      {
        citizens: visit.citizens,
        ...(visit.representatives !== undefined ? { delegation: { size: visit.citizens, representatives: visit.representatives } } : {}),
        parties: visit.parties ?? [],
        summary: 'Công dân trình bày về bồi thường, hỗ trợ khi thu hồi đất',
        classification: 'complaint',
        outcome: visit.outcome,
        ...(visit.matterId !== undefined ? { matterId: visit.matterId } : {}),
        ...(visit.repeated !== undefined ? { repeated: visit.repeated } : {}),
      },
      USERS.intake,
    );
    record.visits.push({
      kind,
      on: today,
      no: answer.session.visits.length,
      citizens: visit.citizens,
      delegation: visit.representatives !== undefined,
      withDon: visit.outcome['kind'] === 'don-received',
      ...(visit.matterId !== undefined ? { matterId: visit.matterId } : {}),
      repeated: visit.repeated ?? false,
    });
  }
  /** A visit at which a đơn is handed in: the đơn registered from the visit, then the visit naming it. */
  async function visitWithDon(sessionId: string, kind: ReceptionKind, visitNo: number, citizens: number, parties: ReturnType<typeof person>[], representatives?: number) {
    // A delegation's đơn is signed by all who came; its representatives speak for it.
    const don = await registerDon({ kind: 'reception', receptionId: sessionId, visitNo }, parties, { signers: representatives !== undefined ? citizens : parties.length });
    await recordVisit(sessionId, kind, { citizens, ...(representatives !== undefined ? { representatives } : {}), parties, outcome: { kind: 'don-received', donId: don.donId }, matterId: don.matterId });
    return don;
  }
  const caseStep = async (action: string, body: Record<string, unknown>, as: TestUser) => send(`/api/cases/${caseId}/${action}`, body, as);
  const storeHead = () => api.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    const redisUrl = process.env['REDIS_URL'];
    if (!redisUrl) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    api = await startApiTestApp({ env: { REDIS_URL: redisUrl, KNTC_REDIS_PREFIX: prefix, KNTC_PROJECTION_BATCH_WINDOW_MS: '5' } });

    // Before the quarter: a đơn processed before it (not counted), one still open at its start (carried over),
    // and a session of the previous period.
    day('2025-12-01');
    const settledBefore = await registerDon({ kind: 'post' }, [person('Phan Văn Tài')]);
    day('2025-12-03');
    await classify(settledBefore, 'petition', 'within', false);
    await processDon(settledBefore, 'archive', { ground: 'not-qualifying' }, 'archived');
    day('2025-12-08');
    const carried = await registerDon({ kind: 'post' }, [person('Hoàng Thị Duyên'), person('Hoàng Văn Dũng'), person('Hoàng Thị Hạnh')], { signers: 3 });
    day('2025-12-11');
    const previous = await openSession('regular');
    await recordVisit(previous, 'regular', { citizens: 1, outcome: { kind: 'guided', toBody: 'UBND phường Phủ Lý' } });

    // The quarter. A carried-over đơn guided outside competence.
    day('2025-12-16');
    await classify(carried, 'complaint', 'outside');
    await processDon(carried, 'guide', { documentNo: '101/HD-TTr', toBody: 'UBND tỉnh' }, 'guided');

    // Thursday reception: guided on the spot, a đơn of two signers handed in, a visit refused (Luật TCD art. 9).
    day('2025-12-18');
    const thursday = await openSession('regular');
    await recordVisit(thursday, 'regular', { citizens: 1, outcome: { kind: 'guided', toBody: 'UBND phường Phủ Lý' } });
    const handedIn = await visitWithDon(thursday, 'regular', 2, 2, [person('Lê Thị Hồng Nhung'), person('Lê Văn Hòa')]);
    await recordVisit(thursday, 'regular', { citizens: 1, outcome: { kind: 'refused', refusalGround: 'TCD9.2' } });
    await send(`/api/reception-sessions/${thursday}/close`, {}, USERS.intake);

    // The lower level is overdue on the matter handed in: urged (đôn đốc).
    day('2025-12-22');
    await classify(handedIn, 'complaint', 'outside');
    await processDon(handedIn, 'urge-lower-level', { documentNo: '110/CV-TTr', body: 'UBND phường Phủ Lý' }, 'urged');

    // A complaint by post within competence, accepted into a case that runs to its decision.
    day('2026-01-05');
    const complaint = await registerDon({ kind: 'post' }, [person('Trịnh Văn Khánh')]);
    day('2026-01-06');
    await classify(complaint, 'complaint', 'within');
    day('2026-01-08');
    caseId = (await processDon(complaint, 'accept-into-case', { kind: 'complaint-first' }, 'accepted')).caseId!;
    day('2026-01-09');
    await caseStep('assign-inspector', { inspectorId: USERS.inspector, inspectorName: 'Lê Văn Minh' }, USERS.head);

    // The Director's monthly session, planned and posted 6 working days ahead.
    day('2026-01-12');
    const periodic = (await send<SessionAnswer>('/api/reception-sessions', { action: 'plan', department: DEPARTMENT, kind: 'leader-periodic', date: '2026-01-20', place: 'Trụ sở tiếp công dân Sở TN&MT', leader: 'Giám đốc Sở' }, USERS.head, 201)).sessionId;
    await send(`/api/reception-sessions/${periodic}/publish`, {}, USERS.head);
    await caseStep('accept', { documentNo: '12/TB-TTr' }, USERS.head);
    day('2026-01-13');
    await caseStep('start-verification', { documentNo: '15/QĐ-TTr' }, USERS.inspector);

    // A citizen guided once; the same citizen writes again on the same content: the second guidance is refused
    // and nothing is appended, then the repeat is archived.
    day('2026-01-14');
    const guided = await registerDon({ kind: 'post' }, [person('Vũ Thị Thanh')]);
    await classify(guided, 'complaint', 'outside');
    await processDon(guided, 'guide', { documentNo: '120/HD-TTr', toBody: 'UBND tỉnh' }, 'guided');
    firstGuidedDonId = guided.donId;
    day('2026-01-15');
    const again = await registerDon({ kind: 'post' }, [person('Vũ Thị Thanh')], { repeatOf: { donId: guided.donId } });
    await classify(again, 'complaint', 'outside');
    headBeforeRefusal = await storeHead();
    refusedGuidance = (await api.post(`/api/dons/${again.donId}/guide`, { documentNo: '121/HD-TTr', toBody: 'UBND tỉnh' }, { as: USERS.intake })) as unknown as ApiAnswer<DonAnswer>;
    headAfterRefusal = await storeHead();
    await processDon(again, 'archive', { ground: 'already-handled' }, 'archived');

    // The Director's session: a delegation of 7 on the matter already raised, and a new đơn.
    day('2026-01-20');
    await openPlanned(periodic, 'leader-periodic');
    await recordVisit(periodic, 'leader-periodic', {
      citizens: 7,
      representatives: 2,
      parties: [person('Trần Văn Quyết', 'representative'), person('Đỗ Thị Mến', 'representative')],
      outcome: { kind: 'forwarded', toBody: 'UBND tỉnh' },
      matterId: handedIn.matterId,
      repeated: true,
    });
    const atDirector = await visitWithDon(periodic, 'leader-periodic', 2, 1, [person('Lê Thị Hồng Nhung')]);
    await send(`/api/reception-sessions/${periodic}/issue-conclusion`, { documentNo: '5/TB-STNMT', documentDate: today, summary: 'Giao phòng chuyên môn kiểm tra, trả lời công dân' }, USERS.director);
    await send(`/api/reception-sessions/${periodic}/close`, {}, USERS.intake);

    // The đơn handed in to the Director repeats the earlier one: attached to it.
    day('2026-01-22');
    await classify(atDirector, 'complaint', 'outside');
    await processDon(atDirector, 'attach-to-don', { toDonId: handedIn.donId }, 'attached-to-don');

    // A referral of the National Assembly delegation, outside competence: forwarded, later answered to the referrer.
    day('2026-01-26');
    const referred = await registerDon({ kind: 'referral', referrer: { body: 'Đoàn ĐBQH tỉnh', documentNo: '45/ĐĐBQH', documentDate: '2026-01-23' } }, [person('Ngô Thị Lụa', 'petitioner')]);
    day('2026-01-27');
    await classify(referred, 'petition', 'outside');
    // The complainant writes online about the case already open.
    day('2026-02-02');
    const online = await registerDon({ kind: 'online' }, [person('Trịnh Văn Khánh')], { repeatOf: { caseId } });
    day('2026-02-03');
    await processDon(referred, 'forward', { documentNo: '130/CV-TTr', toBody: 'Sở Xây dựng' }, 'forwarded');
    // An anonymous letter from the box with several contents; an online đơn that does not qualify.
    day('2026-02-04');
    const boxed = await registerDon({ kind: 'box' }, [], { anonymous: true });
    await classify(boxed, 'several', 'within');
    day(MID_QUARTER);
    const unclear = await registerDon({ kind: 'online' }, [person('Đinh Văn Lộc', 'petitioner')]);
    await classify(unclear, 'petition', 'within', false);

    // After the mid-quarter day.
    day('2026-02-06');
    await processDon(boxed, 'request-split', { documentNo: '140/HD-TTr' }, 'split-requested');
    day('2026-02-09');
    await processDon(unclear, 'archive', { ground: 'not-qualifying' }, 'archived');
    day('2026-02-10');
    await classify(online, 'complaint', 'within');
    await processDon(online, 'attach-to-case', { caseId }, 'attached-to-case');
    await caseStep('report-verification', { summary: 'Mức bồi thường áp sai đơn giá', finding: 'partly-right' }, USERS.inspector);
    day('2026-02-12');
    await processDon(referred, 'answer-referrer', { documentNo: '150/TB-TTr' });
    day('2026-02-16');
    await caseStep('draft-decision', { summary: 'Chấp nhận một phần khiếu nại' }, USERS.inspector);
    day('2026-02-20');
    await caseStep('issue-decision', { decisionNo: '789/QĐ-UBND', finding: 'partly-right', summary: 'Điều chỉnh mức bồi thường' }, USERS.ubnd);

    // A Deputy Director's ad hoc session: an answer to a repeated matter, a delegation of 5 handing in a đơn.
    day('2026-02-24');
    const adhoc = await openSession('leader-adhoc', { leader: 'Phó Giám đốc Sở' }, USERS.director);
    await recordVisit(adhoc, 'leader-adhoc', { citizens: 1, outcome: { kind: 'answered' }, repeated: true });
    const delegation = await visitWithDon(adhoc, 'leader-adhoc', 2, 5, [person('Mai Văn Tuấn', 'representative')], 1);
    await send(`/api/reception-sessions/${adhoc}/close`, {}, USERS.intake);
    day('2026-02-26');
    await classify(delegation, 'petition', 'within');

    day('2026-03-12');
    const lastThursday = await openSession('regular');
    await recordVisit(lastThursday, 'regular', { citizens: 2, outcome: { kind: 'guided', toBody: 'Tòa án nhân dân tỉnh' } });
    day('2026-03-13');
    await registerDon({ kind: 'post' }, [person('Lý Thị Sen'), person('Lý Văn Bình')], { signers: 2 });

    // After the quarter: counted in none of its figures.
    day('2026-03-19');
    const next = await openSession('regular');
    await recordVisit(next, 'regular', { citizens: 1, outcome: { kind: 'guided', toBody: 'UBND tỉnh' } });
    await registerDon({ kind: 'post' }, [person('Tạ Văn Hiếu')]);
  });

  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    await deleteKeys(redis, prefixPattern(prefix));
    await redis.quit();
  });

  /** The report once its facts have reached the store head (503 read-model-behind until then). */
  async function report(query: string): Promise<ApiAnswer<DepartmentReport>> {
    const deadline = Date.now() + 60_000;
    let answer = await api.get<DepartmentReport>(`${REPORT}${query}`, { as: USERS.head });
    while (answer.status === 503 && Date.now() < deadline) answer = await api.get<DepartmentReport>(`${REPORT}${query}`, { as: USERS.head });
    if (answer.status !== 200) throw new Error(`report ${query}: ${answer.status} ${answer.text}`);
    return answer;
  }
  const expected = (window: QuarterWindow) => ({ reception: countReception(record, window), dons: countDons(record, window) });

  it('refuses the second guidance of the same citizen and content with its reason, appending nothing', () => {
    expect(refusedGuidance.status).toBe(409);
    expect(refusedGuidance.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refusedGuidance.body).toMatchObject({ code: 'already-guided', details: { donId: firstGuidedDonId } });
    expect(headAfterRefusal).toBe(headBeforeRefusal);
  });

  it('runs the đơn accepted into a case to its decision, the case listing both đơn of the matter', async () => {
    const view = await api.caseOf(caseId, USERS.head);
    expect(view.status).toBe(200);
    const accepted = record.dons.find((d) => d.outcome?.type === 'accepted')!;
    const attached = record.dons.find((d) => d.outcome?.type === 'attached-to-case')!;
    expect(view.body).toMatchObject({ kind: 'complaint-first', donIds: [accepted.donId, attached.donId] });
    const history = await api.historyOf(caseId, USERS.head);
    expect(history.body.events.map((e) => e.type)).toEqual(expect.arrayContaining(['CaseFiled', 'InspectorAssigned', 'CaseAccepted', 'VerificationStarted', 'VerificationReported', 'DecisionDrafted', 'DecisionIssued']));
  });

  it('holds every kind of session, source and outcome the quarter must show', () => {
    expect(new Set(record.sessions.map((s) => s.kind))).toEqual(new Set(['regular', 'leader-periodic', 'leader-adhoc']));
    expect(record.visits.some((v) => v.delegation) && record.visits.some((v) => v.withDon) && record.visits.some((v) => !v.withDon)).toBe(true);
    expect(new Set(record.dons.map((d) => d.outcome?.type).filter(Boolean))).toEqual(new Set(['accepted', 'attached-to-case', 'attached-to-don', 'guided', 'forwarded', 'urged', 'split-requested', 'archived']));
  });

  it('reports the reception and đơn-processing figures of the quarter cell by cell as the record counts them', async () => {
    const { body } = await report('');
    const wanted = expected({ ...QUARTER, asOf: QUARTER.to });
    expect(body.reception).toEqual(wanted.reception);
    expect(body.dons).toEqual(wanted.dons);
    // The same figures counted by hand from the script above, so a wrong derivation cannot hide behind a matching engine.
    const r = wanted.reception;
    expect(r.sessions.byKind).toEqual({ regular: 2, 'leader-periodic': 1, 'leader-adhoc': 1, online: 0 });
    expect([r.visits.total, r.citizens.total, r.delegations.total, r.visitsWithDon.total, r.visitsWithoutDon.total]).toEqual([8, 20, 2, 3, 5]);
    // The delegation raised the matter already raised on 18/12: counted there, once.
    expect([r.mattersNew.total, r.mattersRepeated.total]).toEqual([6, 1]);
    const d = wanted.dons;
    expect([d.carriedOver, d.received]).toEqual([
      { one: 0, several: 1, anonymous: 0, total: 1 },
      { one: 7, several: 3, anonymous: 1, total: 11 },
    ]);
    expect([d.processed, d.qualifying, d.withinCompetence, d.outsideCompetence.total, d.repeated, d.awaitingProcessing]).toEqual([10, 10, 4, 6, 3, 2]);
    expect(d.byContent).toEqual({ complaint: 7, denunciation: 0, petition: 2, several: 1 });
    expect(d.outcomes).toEqual({ acceptedIntoCase: 1, attached: 2, guided: 2, forwarded: 1, urged: 1, splitRequested: 1, archived: 2 });
  });

  it('as of the mid-quarter day, gives the same figures twice, as the record counted them by then', async () => {
    const first = await report(`&asOf=${MID_QUARTER}`);
    const second = await report(`&asOf=${MID_QUARTER}`);
    const wanted = expected({ ...QUARTER, asOf: MID_QUARTER });
    expect({ reception: first.body.reception, dons: first.body.dons }).toEqual(wanted);
    expect({ reception: second.body.reception, dons: second.body.dons }).toEqual(wanted);
    // By hand: two sessions, five visits; ten đơn, the online repeat, the box letter and the unclear đơn still open.
    expect([wanted.reception.sessions.total, wanted.reception.visits.total, wanted.reception.citizens.total]).toEqual([2, 5, 12]);
    expect([wanted.dons.total.total, wanted.dons.processed, wanted.dons.awaitingProcessing, wanted.dons.repeated]).toEqual([10, 7, 3, 3]);
  });

  it('lays rows VII (reception) and VIII (đơn processing) out in the CSV and the XLSX', async () => {
    const wanted = expected({ ...QUARTER, asOf: QUARTER.to });
    const csv = await fetch(`${api.baseUrl}${REPORT}&format=csv`, { headers: { authorization: `Bearer ${api.token(USERS.head)}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).split(/\r?\n/);
    expect(lines.some((l) => /^"?VII"?[,;]/.test(l) && l.includes('Tiếp công dân'))).toBe(true);
    expect(lines.some((l) => /^"?VIII"?[,;]/.test(l) && l.includes('Xử lý đơn'))).toBe(true);
    const visitsRow = lines.find((l) => /^"?28"?[,;]/.test(l))!;
    expect(visitsRow.split(/[,;]/).at(-1)).toBe(String(wanted.reception.visits.total));

    const xlsx = await fetch(`${api.baseUrl}${REPORT}&format=xlsx`, { headers: { authorization: `Bearer ${api.token(USERS.head)}` } });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const codes = new Map<string, unknown[]>();
    workbook.worksheets[0]!.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      codes.set(String(values[0]), values);
    });
    expect(String(codes.get('VII')?.[1])).toContain('Tiếp công dân');
    expect(String(codes.get('VIII')?.[1])).toContain('Xử lý đơn');
    expect(codes.get('36')?.at(-1)).toBe(wanted.dons.received.total);
  });
});
