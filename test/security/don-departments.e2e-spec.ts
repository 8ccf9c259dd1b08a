import { randomUUID } from 'node:crypto';
import { DON_COMMAND_ROUTES } from '@kntc/cases';
import { filing, startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { requireRedisUrl } from '../read-models/support/read-model-fixtures';

jest.setTimeout(120_000);

/**
 * Another department's đơn reads, and is refused, as an unknown one on every đơn route: the same status, code and
 * text, so nobody learns that it exists, let alone who sent it. Officers of so-xd probe a so-tnmt đơn.
 */
const OUTSIDERS: TestUser[] = [USERS.otherIntake, USERS.otherHead, USERS.otherDirector];
const nineAm = (date: string) => new Date(`${date}T09:00:00+07:00`).toISOString();
const registration = (department: string, overrides: Record<string, unknown> = {}) => ({
  department,
  source: { kind: 'post' },
  receivedOn: '2026-03-02',
  signers: 1,
  anonymous: false,
  parties: [{ role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', confidential: true }],
  respondent: 'Chủ tịch UBND phường Hòa Bình',
  subject: 'Tố cáo cán bộ địa chính',
  content: 'Cán bộ địa chính nhận tiền.',
  ...overrides,
});
/** A valid body per command, so only the đơn's department decides the answer. */
const BODIES: Record<string, (ids: { caseId: string; donId: string }) => Record<string, unknown>> = {
  classify: () => ({ content: 'denunciation', qualifying: true, competence: 'within' }),
  'accept-into-case': () => ({ kind: 'denunciation' }),
  'attach-to-case': ({ caseId }) => ({ caseId }),
  'attach-to-don': ({ donId }) => ({ toDonId: donId }),
  guide: () => ({ documentNo: '1/HD' }),
  forward: () => ({ toBody: 'Sở Nội vụ', documentNo: '2/CV' }),
  'urge-lower-level': () => ({ body: 'UBND phường', documentNo: '3/CV' }),
  'request-split': () => ({}),
  archive: () => ({ ground: 'not-qualifying' }),
  'answer-referrer': () => ({ documentNo: '4/TB' }),
};

describe("another department's đơn, probed by so-xd's officers", () => {
  let api: ApiTestApp;
  let tnmtDon: string;
  let tnmtCase: string;
  let xdDon: string;

  /** Status, code and text with the probed id replaced, and the request id left out. */
  const answerOf = async (method: 'GET' | 'POST', path: string, body: unknown, as: TestUser, id: string) => {
    const answer = method === 'GET' ? await api.get(path, { as, contract: false }) : await api.post(path, body, { as, contract: false });
    const text = answer.text.split(id).join('<id>');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    delete parsed['requestId'];
    delete parsed['instance'];
    return { status: answer.status, body: parsed };
  };

  beforeAll(async () => {
    api = await startApiTestApp({ env: { REDIS_URL: requireRedisUrl() } });
    api.clock.set(nineAm('2026-03-02'));
    tnmtDon = ((await api.post('/api/dons', registration('so-tnmt'), { as: USERS.intake, contract: false })).body as unknown as { donId: string }).donId;
    tnmtCase = (await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake })).body.caseId;
    xdDon = ((await api.post('/api/dons', registration('so-xd'), { as: USERS.otherIntake, contract: false })).body as unknown as { donId: string }).donId;
    expect([tnmtDon, tnmtCase, xdDon].every((id) => typeof id === 'string')).toBe(true);
  });
  afterAll(() => api?.close());

  it.each(OUTSIDERS)('answers %s about it as about an unknown đơn on every read', async (user) => {
    const unknown = randomUUID();
    for (const suffix of ['', '/history', '/candidates']) {
      const theirs = await answerOf('GET', `/api/dons/${tnmtDon}${suffix}`, undefined, user, tnmtDon);
      expect({ suffix, ...theirs }).toEqual({ suffix, ...(await answerOf('GET', `/api/dons/${unknown}${suffix}`, undefined, user, unknown)) });
      expect(theirs.status).toBe(404);
    }
    const list = await api.get<{ items: unknown[]; total: number; counts: Record<string, number> }>('/api/dons?department=so-tnmt', { as: user, contract: false });
    expect(list.body).toMatchObject({ items: [], total: 0, counts: {} });
  });

  it.each(OUTSIDERS)('answers %s every command and a reveal on it as on an unknown đơn, and appends nothing', async (user) => {
    const unknown = randomUUID();
    const before = (await api.get<{ revision: number }>(`/api/dons/${tnmtDon}`, { as: USERS.head, contract: false })).body.revision;
    for (const segment of [...Object.keys(DON_COMMAND_ROUTES), 'identity-reveal']) {
      const body = segment === 'identity-reveal' ? { reason: 'Kiểm tra' } : BODIES[segment]!({ caseId: tnmtCase, donId: xdDon });
      const theirs = await answerOf('POST', `/api/dons/${tnmtDon}/${segment}`, body, user, tnmtDon);
      expect({ segment, ...theirs }).toEqual({ segment, ...(await answerOf('POST', `/api/dons/${unknown}/${segment}`, body, user, unknown)) });
      expect(theirs.status).toBeGreaterThanOrEqual(400);
    }
    expect((await api.get<{ revision: number }>(`/api/dons/${tnmtDon}`, { as: USERS.head, contract: false })).body.revision).toBe(before);
  });

  it.each([USERS.otherIntake, USERS.otherHead])('answers %s naming it, or its case, from a đơn of its own as naming an unknown one', async (user) => {
    const unknown = randomUUID();
    const probes: Array<[string, (id: string) => [string, Record<string, unknown>], string]> = [
      ['a repeat of it', (id) => ['/api/dons', registration('so-xd', { repeatOf: { donId: id } })], tnmtDon],
      ['a repeat of its case', (id) => ['/api/dons', registration('so-xd', { repeatOf: { caseId: id } })], tnmtCase],
      ['an attachment to it', (id) => [`/api/dons/${xdDon}/attach-to-don`, { toDonId: id }], tnmtDon],
      ['an attachment to its case', (id) => [`/api/dons/${xdDon}/attach-to-case`, { caseId: id }], tnmtCase],
    ];
    for (const [what, probe, id] of probes) {
      const [path, body] = probe(id);
      const theirs = await answerOf('POST', path, body, user, id);
      const [unknownPath, unknownBody] = probe(unknown);
      expect({ what, ...theirs }).toEqual({ what, ...(await answerOf('POST', unknownPath, unknownBody, user, unknown)) });
      expect(theirs.status).toBe(404);
    }
  });

  it.each([
    [USERS.otherIntake, 'so-xd'],
    [USERS.intake, 'so-tnmt'],
  ])('refuses %s a registration naming its donId, an existing one or a fresh one, with 400, and registers nothing', async (user, department) => {
    const fresh = randomUUID();
    const before = (await api.get<{ revision: number }>(`/api/dons/${tnmtDon}`, { as: USERS.head, contract: false })).body.revision;
    for (const id of [tnmtDon, fresh]) {
      const answer = await answerOf('POST', '/api/dons', registration(department, { donId: id }), user, id);
      expect(answer).toMatchObject({ status: 400, body: { code: 'validation-failed', errors: [expect.objectContaining({ field: 'donId' })] } });
      expect(answer).toEqual(await answerOf('POST', '/api/dons', registration(department, { donId: fresh }), user, fresh));
    }
    expect((await api.get(`/api/dons/${fresh}`, { as: user, contract: false })).status).toBe(404);
    expect((await api.get<{ revision: number }>(`/api/dons/${tnmtDon}`, { as: USERS.head, contract: false })).body.revision).toBe(before);
  });
});
