import { randomUUID } from 'node:crypto';
import { RECEPTION_COMMAND_ROUTES } from '@kntc/cases';
import { startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';

jest.setTimeout(60_000);

/**
 * Another department's reception session (its visits, their sealed visitors) reads, and is refused, as an unknown
 * one: the same status, code and text for so-xd's officers on every route, and nothing appended.
 */
const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();
const visitor = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', confidential: true };
/** A valid body per command, so only the session's department decides the answer. */
const BODIES: Record<string, Record<string, unknown>> = {
  publish: {},
  postpone: { newDate: '2026-03-20', reason: 'Lãnh đạo đi công tác' },
  cancel: { reason: 'Lãnh đạo đi công tác' },
  open: {},
  'record-visit': { citizens: 1, parties: [visitor], summary: 'Tố cáo cán bộ địa chính', classification: 'denunciation', outcome: { kind: 'guided', toBody: 'Thanh tra tỉnh' } },
  'issue-conclusion': { documentNo: '05/TB-STNMT', documentDate: '2026-03-02', summary: 'Thông báo kết luận' },
  close: {},
};

describe("another department's reception session, probed by so-xd's officers", () => {
  let api: ApiTestApp;
  let sessionId: string;

  const answerOf = async (method: 'GET' | 'POST', path: string, body: unknown, as: TestUser, id: string) => {
    const answer = method === 'GET' ? await api.get(path, { as, contract: false }) : await api.post(path, body, { as, contract: false });
    const parsed = JSON.parse(answer.text.split(id).join('<id>')) as Record<string, unknown>;
    delete parsed['requestId'];
    delete parsed['instance'];
    return { status: answer.status, body: parsed };
  };
  const revision = async () => (await api.get<{ revision: number }>(`/api/reception-sessions/${sessionId}`, { as: USERS.head, contract: false })).body.revision;

  beforeAll(async () => {
    api = await startApiTestApp();
    api.clock.set(nineAm('2026-03-02'));
    const opened = await api.post('/api/reception-sessions', { action: 'open', department: 'so-tnmt', kind: 'regular', place: 'Trụ sở tiếp công dân' }, { as: USERS.intake, contract: false });
    expect(opened.status).toBe(201);
    sessionId = (opened.body as unknown as { sessionId: string }).sessionId;
    expect((await api.post(`/api/reception-sessions/${sessionId}/record-visit`, BODIES['record-visit'], { as: USERS.intake, contract: false })).status).toBe(200);
  });
  afterAll(() => api?.close());

  it.each([USERS.otherIntake, USERS.otherHead, USERS.otherDirector, USERS.supervisor])('answers %s reading it as it would for its own department or an unknown session', async (user) => {
    const unknown = randomUUID();
    const theirs = await answerOf('GET', `/api/reception-sessions/${sessionId}`, undefined, user, sessionId);
    if (user === USERS.supervisor) {
      // The supervisor spans departments: it reads the session, its visitors never.
      expect(theirs.status).toBe(200);
      expect(JSON.stringify(theirs.body)).not.toContain(visitor.name);
      return;
    }
    expect(theirs).toEqual(await answerOf('GET', `/api/reception-sessions/${unknown}`, undefined, user, unknown));
    expect(theirs.status).toBe(404);
  });

  it.each([USERS.otherIntake, USERS.otherHead, USERS.otherDirector])('answers %s every command on it as on an unknown session, and appends nothing', async (user) => {
    const unknown = randomUUID();
    const before = await revision();
    for (const segment of Object.keys(RECEPTION_COMMAND_ROUTES)) {
      const theirs = await answerOf('POST', `/api/reception-sessions/${sessionId}/${segment}`, BODIES[segment], user, sessionId);
      expect({ segment, ...theirs }).toEqual({ segment, ...(await answerOf('POST', `/api/reception-sessions/${unknown}/${segment}`, BODIES[segment], user, unknown)) });
      expect(theirs.status).toBeGreaterThanOrEqual(400);
    }
    expect(await revision()).toBe(before);
  });

  it.each([
    [USERS.otherDirector, 'so-xd'],
    [USERS.director, 'so-tnmt'],
  ])('refuses %s planning or opening a session under a sessionId it names, existing or fresh, with 400, and appends nothing', async (user, department) => {
    const fresh = randomUUID();
    const before = await revision();
    const bodies = {
      plan: { action: 'plan', department, kind: 'leader-adhoc', date: '2026-03-12', place: 'Trụ sở' },
      open: { action: 'open', department, kind: 'regular', place: 'Trụ sở tiếp công dân' },
    };
    for (const [action, body] of Object.entries(bodies)) {
      for (const id of [sessionId, fresh]) {
        const answer = await answerOf('POST', '/api/reception-sessions', { ...body, sessionId: id }, user, id);
        expect({ action, ...answer }).toMatchObject({ action, status: 400, body: { code: 'validation-failed', errors: [expect.objectContaining({ field: 'sessionId' })] } });
        expect(answer).toEqual(await answerOf('POST', '/api/reception-sessions', { ...body, sessionId: fresh }, user, fresh));
      }
    }
    expect((await api.get(`/api/reception-sessions/${fresh}`, { as: user, contract: false })).status).toBe(404);
    expect(await revision()).toBe(before);
  });
});
