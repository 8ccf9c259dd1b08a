import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';

jest.setTimeout(60_000);

/** 09:00 in Hà Nội on a civil date. */
const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();

interface DonAnswer {
  donId: string;
  revision: number;
  caseId?: string;
  streams: Array<{ stream: string; events: Array<{ type: string }>; replayed: boolean }>;
  don: { status: string; matterId: string; caseIds: string[]; processing: { rule: string; dueOn?: string; doubt?: string; onTime?: boolean }; outcome?: { type: string } };
  code?: string;
  details?: Record<string, unknown>;
}

const citizen = { role: 'complainant', name: 'Nguyễn Thị Ánh', idNumber: '001190012345', address: 'Số 12 Lê Lợi', confidential: false };
const registration = (overrides: Record<string, unknown> = {}) => ({
  department: 'so-tnmt',
  source: { kind: 'post' },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  parties: [citizen],
  respondent: 'UBND phường Hòa Bình',
  subject: 'Khiếu nại quyết định thu hồi đất',
  content: 'Đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở.',
  ...overrides,
});

describe('a đơn over HTTP: registered, classified, guided once, forwarded once, accepted into a case', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
    api.clock.set(nineAm('2026-03-02'));
  });
  afterAll(async () => {
    await api.close();
  });

  const post = (path: string, body: unknown, as: TestUser = USERS.intake, headers: Record<string, string> = {}) =>
    api.post(path, body, { as, headers, contract: false }) as unknown as Promise<ApiAnswer<DonAnswer>>;
  const ok = async (answer: Promise<ApiAnswer<DonAnswer>>, status = 200) => {
    const settled = await answer;
    if (settled.status !== status) throw new Error(`${settled.status} ${settled.text}`);
    return settled.body;
  };
  /** Every stream's revision, to show a refusal appended nothing anywhere. */
  const store = async (donId: string, matterId: string) => {
    const history = await api.get<{ events: unknown[] }>(`/api/dons/${donId}/history`, { as: USERS.head, contract: false });
    const don = await api.get<DonAnswer['don'] & { revision: number }>(`/api/dons/${donId}`, { as: USERS.head, contract: false });
    const matter = await api.app.get<EventStore>(EVENT_STORE).readStream(`matter-${matterId}`);
    return { donEvents: history.body.events.length, donRevision: don.body.revision, matterEvents: matter.map((e) => e.type) };
  };

  it('runs register → classify → guide (a second guidance refused, nothing appended) → forward once → accept into a case, which lists the đơn', async () => {
    const registered = await ok(post('/api/dons', registration()), 201);
    expect(registered.don).toMatchObject({ status: 'open', processing: { rule: 'XLD.PROCESS.10D', dueOn: '2026-03-12' } });
    expect(registered.don.processing.doubt).toMatch(/unconfirmed/i);
    expect(registered.streams.map((s) => s.stream)).toEqual([`don-${registered.donId}`, `matter-${registered.don.matterId}`]);

    api.clock.set(nineAm('2026-03-03'));
    await ok(post(`/api/dons/${registered.donId}/classify`, { content: 'complaint', qualifying: true, competence: 'outside', competentBody: 'UBND tỉnh' }));
    const guided = await ok(post(`/api/dons/${registered.donId}/guide`, { documentNo: '12/HD-TTr', toBody: 'UBND tỉnh' }));
    expect(guided.don).toMatchObject({ status: 'processed', outcome: { type: 'CitizenGuided' }, processing: { onTime: true } });
    expect(guided.streams.map((s) => s.events.map((e) => e.type))).toEqual([['GuidanceRecorded'], ['CitizenGuided']]);

    // The same citizen writes again on the same content: a repeat of the first đơn, in its matter.
    const again = await ok(post('/api/dons', registration({ receivedOn: '2026-03-03', repeatOf: { donId: registered.donId } })), 201);
    expect(again.don.matterId).toBe(registered.don.matterId);
    await ok(post(`/api/dons/${again.donId}/classify`, { content: 'complaint', qualifying: true, competence: 'outside', competentBody: 'UBND tỉnh' }));
    const before = await store(again.donId, again.don.matterId);
    const refused = await post(`/api/dons/${again.donId}/guide`, { documentNo: '13/HD-TTr' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'already-guided', details: { donId: registered.donId } });
    expect(before.matterEvents).toEqual(['MatterOpened', 'DonLinkedToMatter', 'GuidanceRecorded', 'DonLinkedToMatter']);
    expect(await store(again.donId, again.don.matterId)).toEqual(before);

    // Forwarded once per content: a denunciation outside competence.
    const denunciation = await ok(post('/api/dons', registration({ parties: [{ ...citizen, role: 'denouncer' }], subject: 'Tố cáo cán bộ địa chính' })), 201);
    await ok(post(`/api/dons/${denunciation.donId}/classify`, { content: 'denunciation', qualifying: true, competence: 'outside', competentBody: 'Sở Nội vụ' }));
    await ok(post(`/api/dons/${denunciation.donId}/forward`, { toBody: 'Sở Nội vụ', documentNo: '20/CV-TTr' }));
    const repeat = await ok(post('/api/dons', registration({ parties: [{ ...citizen, role: 'denouncer' }], repeatOf: { donId: denunciation.donId } })), 201);
    await ok(post(`/api/dons/${repeat.donId}/classify`, { content: 'denunciation', qualifying: true, competence: 'outside', competentBody: 'Sở Nội vụ' }));
    const second = await post(`/api/dons/${repeat.donId}/forward`, { toBody: 'Sở Nội vụ', documentNo: '21/CV-TTr' });
    expect(second.body).toMatchObject({ code: 'already-forwarded' });
    expect(second.status).toBe(409);

    // A qualifying complaint within competence becomes a case; its own clocks start today.
    const complaint = await ok(post('/api/dons', registration({ receivedOn: '2026-03-03', subject: 'Khiếu nại quyết định xử phạt' })), 201);
    await ok(post(`/api/dons/${complaint.donId}/classify`, { content: 'complaint', qualifying: true, competence: 'within' }));
    api.clock.set(nineAm('2026-03-04'));
    const key = randomUUID();
    const accepted = await ok(post(`/api/dons/${complaint.donId}/accept-into-case`, { kind: 'complaint-first' }, USERS.intake, { 'idempotency-key': key }));
    expect(accepted.caseId).toBeDefined();
    expect(accepted.don).toMatchObject({ status: 'processed', caseIds: [accepted.caseId] });
    const caseView = await api.caseOf(accepted.caseId!, USERS.head);
    expect(caseView.status).toBe(200);
    expect(caseView.body).toMatchObject({ donIds: [complaint.donId], matterId: complaint.don.matterId, receivedOn: '2026-03-04' });

    // A retry with the same key files nothing new and answers as the first time did.
    const retried = await post(`/api/dons/${complaint.donId}/accept-into-case`, { kind: 'complaint-first' }, USERS.intake, { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.caseId).toBe(accepted.caseId);

    // A later đơn about the same matter is attached to the case, which then lists both.
    const later = await ok(post('/api/dons', registration({ receivedOn: '2026-03-04' })), 201);
    await ok(post(`/api/dons/${later.donId}/attach-to-case`, { caseId: accepted.caseId }));
    const after = await api.caseOf(accepted.caseId!, USERS.head);
    expect(after.body).toMatchObject({ donIds: [complaint.donId, later.donId] });
  });

  it('answers problem+json with a stable code for a bad body, an unknown đơn, and a role that may not register', async () => {
    const bad = await post('/api/dons', registration({ signers: -1 }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation-failed');
    const missing = await post(`/api/dons/${randomUUID()}/classify`, { content: 'complaint', qualifying: true, competence: 'within' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('don-not-found');
    const inspector = await post('/api/dons', registration(), USERS.inspector);
    expect(inspector.status).toBe(403);
  });

  it('keeps a denouncer sealed in the đơn view and its history, revealed to a cleared officer with a recorded reason', async () => {
    const denounced = await ok(post('/api/dons', registration({ parties: [{ ...citizen, role: 'denouncer' }] })), 201);
    const view = await api.get<{ parties: Array<{ name: string }> }>(`/api/dons/${denounced.donId}`, { as: USERS.head, contract: false });
    const history = await api.get(`/api/dons/${denounced.donId}/history`, { as: USERS.supervisor, contract: false });
    expect(history.body).toMatchObject({ chain: { valid: true } });
    for (const text of [JSON.stringify(view.body), history.text]) {
      expect(text).not.toContain(citizen.name);
      expect(text).not.toContain(citizen.idNumber);
    }
    const inspector = await api.post(`/api/dons/${denounced.donId}/identity-reveal`, { reason: 'Xác minh người tố cáo' }, { as: USERS.inspector, contract: false });
    expect(inspector.status).toBe(403);
    const revealed = await api.post(`/api/dons/${denounced.donId}/identity-reveal`, { reason: 'Liên hệ người tố cáo để bổ sung' }, { as: USERS.head, contract: false });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ parties: [{ role: 'denouncer', name: citizen.name, idNumber: citizen.idNumber }] });
    const log = await api.app.get<EventStore>(EVENT_STORE).readStream(`access-${denounced.donId}`);
    expect(log.map((e) => [e.type, e.data['reason']])).toEqual([['IdentityRevealed', 'Liên hệ người tố cáo để bổ sung']]);
  });

  it('answers the record of who revealed a đơn\'s identities to the roles that read a case\'s, and to another department as for an unknown đơn', async () => {
    const denounced = await ok(post('/api/dons', registration({ parties: [{ ...citizen, role: 'denouncer' }] })), 201);
    const path = `/api/dons/${denounced.donId}/identity-access`;
    expect((await api.get<{ entries: unknown[] }>(path, { as: USERS.head })).body).toMatchObject({ caseId: denounced.donId, entries: [], chain: { valid: true } });
    expect((await api.post(`/api/dons/${denounced.donId}/identity-reveal`, { reason: 'Liên hệ người tố cáo để bổ sung' }, { as: USERS.head, contract: false })).status).toBe(200);
    const log = await api.get<{ entries: Array<{ type: string; data: { reason: string; actor: { id: string } } }> }>(path, { as: USERS.supervisor });
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e) => [e.type, e.data.reason, e.data.actor.id])).toEqual([['IdentityRevealed', 'Liên hệ người tố cáo để bổ sung', USERS.head]]);
    expect(log.text).not.toContain(citizen.name);
    expect((await api.get(path, { as: USERS.intake, contract: false })).body).toMatchObject({ code: 'permission-denied' });
    const other = await api.get(path, { as: USERS.otherHead, contract: false });
    const unknown = await api.get(`/api/dons/${randomUUID()}/identity-access`, { as: USERS.otherHead, contract: false });
    expect([other.status, other.body.code]).toEqual([404, 'don-not-found']);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'don-not-found']);
  });
});
