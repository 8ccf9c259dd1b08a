import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { storedEventCount } from './support/security-fixtures';

jest.setTimeout(60_000);

function expectProblem(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

let api: ApiTestApp;
beforeAll(async () => {
  api = await startApiTestApp();
});
afterAll(async () => {
  await api.close();
});

/** A POST sent without the helper's default Idempotency-Key: `key` undefined sends no header at all. */
async function postWithKey(urlPath: string, body: unknown, as: TestUser, key: string | undefined): Promise<ApiAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${api.token(as)}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const response = await fetch(`${api.baseUrl}${urlPath}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as ApiAnswer['body'], text };
}

describe('a command without an Idempotency-Key', () => {
  // A retried filing without a key was a second case: the client cannot retry safely, so the key is required.
  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a blank header', '   '],
  ])('is a filing refused with 400 idempotency-key-required when it has %s, and files nothing', async (_label, key) => {
    const before = storedEventCount(api.dataDir);
    const answer = await postWithKey('/api/cases', filing('complaint-first'), USERS.intake, key);
    expectProblem(answer, 400, 'idempotency-key-required');
    expect(answer.body.detail).toContain('Idempotency-Key');
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it('is a command on a case refused the same way, appending nothing', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    expect(filed.status).toBe(201);
    const before = storedEventCount(api.dataDir);
    expectProblem(await postWithKey(`/api/cases/${filed.body.caseId}/accept`, { documentNo: '12/TB-TTr' }, USERS.head, undefined), 400, 'idempotency-key-required');
    expectProblem(await postWithKey(`/api/cases/${filed.body.caseId}/accept`, { documentNo: '12/TB-TTr' }, USERS.head, ''), 400, 'idempotency-key-required');
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it('is still 401 without a token: the header is checked after authentication', async () => {
    const response = await fetch(`${api.baseUrl}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(filing('petition')) });
    expect(response.status).toBe(401);
  });

  it('is documented as a required header on every command', async () => {
    const document = await api.get<{ paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean }> }>> }>('/api/docs-json');
    const commands = Object.entries(document.body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).filter(([method]) => method === 'post' && (path === '/api/cases' || /^\/api\/cases\/\{id\}\/[a-z-]+$/.test(path)) && !path.endsWith('/identity-reveal')).map(([, operation]) => ({ path, operation })),
    );
    expect(commands.length).toBeGreaterThan(15);
    for (const { path, operation } of commands) {
      expect({ path, key: operation.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')?.required }).toEqual({ path, key: true });
    }
  });
});

describe('the report period grammar', () => {
  it.each([
    ['period=0000-year', 'invalid-period', 'period'],
    ['period=0001-Q1', 'invalid-period', 'period'],
    ['period=0000-6M', 'invalid-period', 'period'],
    ['period=9999-9M', 'invalid-period', 'period'],
    ['from=0000-01-01&to=2026-01-31', 'invalid-date', 'from'],
    ['from=2026-01-01&to=9999-12-31', 'invalid-date', 'to'],
    ['period=2026-Q1&asOf=2200-01-01', 'invalid-date', 'asOf'],
  ])('refuses ?%s with 400 %s naming %s', async (query, code, field) => {
    const answer = await api.get(`/api/reports/departments/so-tnmt?${query}`, { as: USERS.supervisor });
    expectProblem(answer, 400, code);
    expect(answer.body).toMatchObject({ field });
  });
});

describe('free text in a command', () => {
  it.each([
    ['a name of zero-width characters only', { parties: [{ role: 'complainant', name: '\u200B\u200D\u2060', confidential: false }] }, 'parties.0.name'],
    ['a name with a right-to-left override', { parties: [{ role: 'complainant', name: 'Nguyễn \u202Ehnà ịhT', confidential: false }] }, 'parties.0.name'],
    ['a name with a NUL', { parties: [{ role: 'complainant', name: 'Nguyễn\u0000Ánh', confidential: false }] }, 'parties.0.name'],
    ['an address with an isolate', { parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', address: 'Số 12 \u2067Lê Lợi', confidential: false }] }, 'parties.0.address'],
    ['a subject with an escape sequence', { subject: 'Khiếu nại \u001B[31m' }, 'subject'],
    ['a content of a lone surrogate', { content: '\uDBFF' }, 'content'],
  ])('refuses a filing with %s: 400 validation-failed naming the field, nothing filed', async (_label, overrides, field) => {
    const before = storedEventCount(api.dataDir);
    const answer = await api.post('/api/cases', filing('denunciation', overrides), { as: USERS.intake });
    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it('refuses a reason of invisible characters on a command: 400, nothing appended', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    const before = storedEventCount(api.dataDir);
    const answer = await api.command(filed.body.caseId, 'withdraw', { reason: '\u200B \u3164 \u00AD' }, USERS.intake);
    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it.each(['NFC', 'NFD'] as const)('files Vietnamese names and text sent in %s, stored as NFC', async (form) => {
    const name = 'Trần Thị Thùy Dương'.normalize(form);
    const answer = await api.post(
      '/api/cases',
      filing('complaint-first', {
        subject: 'Khiếu nại việc thu hồi đất ở phường Hòa Bình'.normalize(form),
        content: 'Tôi đề nghị:\n\t1. Xem xét lại mức bồi thường;\r\n\t2. Trả lời bằng văn bản.'.normalize(form),
        parties: [{ role: 'complainant', name, address: 'Số 12 Lê Lợi, Quận Hoàn Kiếm'.normalize(form), confidential: false }],
      }),
      { as: USERS.intake },
    );
    expect(answer.status).toBe(201);
    const view = await api.caseOf(answer.body.caseId, USERS.head);
    expect(view.body).toMatchObject({ subject: 'Khiếu nại việc thu hồi đất ở phường Hòa Bình'.normalize('NFC'), content: 'Tôi đề nghị:\n\t1. Xem xét lại mức bồi thường;\n\t2. Trả lời bằng văn bản.'.normalize('NFC') });
    expect(JSON.stringify(view.body)).toContain('Trần Thị Thùy Dương'.normalize('NFC'));
  });
});

describe('If-Match', () => {
  // RFC 9110 §13.1.1: If-Match compares strongly, so a weak tag never matches: the precondition is false.
  it('refuses a weak entity tag, even of the current revision, with 412 weak-etag, appending nothing', async () => {
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    const revision = await api.revisionOf(filed.body.caseId);
    const before = storedEventCount(api.dataDir);
    expectProblem(await api.command(filed.body.caseId, 'accept', { documentNo: '12/TB-TTr' }, USERS.head, { 'If-Match': `W/"${revision}"` }), 412, 'weak-etag');
    expect(storedEventCount(api.dataDir)).toBe(before);
    expect((await api.command(filed.body.caseId, 'accept', { documentNo: '12/TB-TTr' }, USERS.head, { 'If-Match': `"${revision}"` })).status).toBe(200);
  });
});

describe('the reason of an identity reveal', () => {
  it.each([
    ['invisible characters', '\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B'],
    ['a right-to-left override', 'Giải quyết tố cáo \u202Eđã xong'],
    ['a NUL', 'Giải quyết tố cáo\u0000 số 12'],
  ])('is refused with %s: 400 naming reason, nothing recorded in the access log', async (_label, reason) => {
    const filed = await api.post('/api/cases', filing('denunciation'), { as: USERS.intake });
    const answer = await api.post(`/api/cases/${filed.body.caseId}/identity-reveal`, { reason }, { as: USERS.head });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('reason');
    const log = await api.get<{ entries: unknown[] }>(`/api/cases/${filed.body.caseId}/identity-access`, { as: USERS.supervisor });
    expect(log.status).toBe(200);
    expect(log.body.entries).toEqual([]);
  });
});
