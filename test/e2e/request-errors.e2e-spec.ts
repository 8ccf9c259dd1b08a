import * as fs from 'node:fs';
import * as path from 'node:path';
import { TokenService, UsersDirectory, TOKEN_SECRET_FILE } from '@kntc/auth';
import { caseIdOfFiling } from '@kntc/cases';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from './support/api-test-app';

/** A problem+json answer with this status and code, Vietnamese title and detail included. */
function expectProblem(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ type: `urn:kntc:problem:${code}`, status, title: expect.any(String), detail: expect.any(String) });
}

describe('requests the API refuses', () => {
  let api: ApiTestApp;
  let caseId: string;
  let revision: number;

  beforeAll(async () => {
    api = await startApiTestApp();
    const filed = await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake });
    caseId = filed.body.caseId;
    revision = filed.body.revision;
  });
  afterAll(async () => {
    await api.close();
  });
  afterEach(async () => {
    expect(await api.revisionOf(caseId)).toBe(revision);
  });

  describe('a body that is not a valid command', () => {
    it('answers malformed JSON with 400 malformed-json', async () => {
      expectProblem(await api.post(`/api/cases/${caseId}/accept`, undefined, { as: USERS.head, rawBody: '{"documentNo": "12/TB' }), 400, 'malformed-json');
    });

    it('answers an unknown field with 400 validation-failed naming the field', async () => {
      const answer = await api.command(caseId, 'accept', { documentNo: '12/TB-TTr', approvedBy: 'x' }, USERS.head);
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors).toEqual([{ field: 'approvedBy', message: 'Trường này không được phép.' }]);
    });

    it('answers a date that does not exist (30/02/2026) with 400 validation-failed', async () => {
      const answer = await api.command(caseId, 'accept', { documentDate: '2026-02-30' }, USERS.head);
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors).toEqual([{ field: 'documentDate', message: 'Phải là một ngày có thật, dạng YYYY-MM-DD.' }]);
    });

    it('answers a too long text with 400 naming the field and the limit', async () => {
      const answer = await api.command(caseId, 'reject', { groundCode: 'KN11.6', reason: 'x'.repeat(5001) }, USERS.head);
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors).toEqual([{ field: 'reason', message: 'Tối đa 5000 ký tự.' }]);
    });

    it('answers a body that is not JSON with 415 unsupported-media-type, rather than ignoring it', async () => {
      const answer = await api.post(`/api/cases/${caseId}/close`, undefined, {
        as: USERS.head,
        rawBody: 'reason=Đã giải quyết',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(answer, 415, 'unsupported-media-type');
    });

    it('answers a body over the size limit with 413 payload-too-large', async () => {
      expectProblem(await api.command(caseId, 'accept', { note: 'x'.repeat(300_000) }, USERS.head), 413, 'payload-too-large');
    });
  });

  describe('a filing that is not valid', () => {
    it('answers a receipt date that does not exist with 400 and files nothing', async () => {
      const key = 'invalid-date-filing';
      const answer = await api.post('/api/cases', filing('complaint-first', { receivedOn: '2026-02-30' }), { as: USERS.intake, headers: { 'Idempotency-Key': key } });
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors).toEqual([{ field: 'receivedOn', message: 'Phải là một ngày có thật, dạng YYYY-MM-DD.' }]);
      expect(await api.revisionOf(caseIdOfFiling(USERS.intake, key))).toBe(-1);
    });

    it('answers a receipt date after today with 422 invalid-date and files nothing', async () => {
      const key = 'future-filing';
      const answer = await api.post('/api/cases', filing('complaint-first', { receivedOn: '2026-03-03' }), { as: USERS.intake, headers: { 'Idempotency-Key': key } });
      expectProblem(answer, 422, 'invalid-date');
      expect(answer.body.details).toEqual({ field: 'receivedOn' });
      expect(await api.revisionOf(caseIdOfFiling(USERS.intake, key))).toBe(-1);
    });

    it('answers invalid parties with 400 naming each field by its path', async () => {
      const answer = await api.post(
        '/api/cases',
        filing('complaint-first', { parties: [{ role: 'complainant', name: '', confidential: false }, { role: 'witness', name: 'A', confidential: 'no' }] }),
        { as: USERS.intake },
      );
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors).toEqual([
        { field: 'parties.0.name', message: 'Không được để trống.' },
        { field: 'parties.1.role', message: expect.stringContaining('Phải là một trong: complainant, denouncer') },
        { field: 'parties.1.confidential', message: 'Phải là true hoặc false.' },
      ]);
    });

    it('answers a case kind without a workflow with 422 unknown-case-kind', async () => {
      expectProblem(await api.post('/api/cases', filing('complaint-third'), { as: USERS.intake }), 422, 'unknown-case-kind');
    });

    it('answers a filing into another department with 403 department-not-allowed', async () => {
      expectProblem(await api.post('/api/cases', filing('complaint-first'), { as: USERS.otherIntake }), 403, 'department-not-allowed');
    });
  });

  describe('a command the case does not allow now', () => {
    it('answers an unknown action with 404 unknown-command listing the valid actions', async () => {
      const answer = await api.command(caseId, 'approve', {}, USERS.head);
      expectProblem(answer, 404, 'unknown-command');
      expect(answer.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'assign-inspector', 'extend-deadline', 'close']));
    });

    it('answers a command of a later stage with 422 and the commands allowed now', async () => {
      const answer = await api.command(caseId, 'close', {}, USERS.head);
      expectProblem(answer, 422, 'command-not-allowed-in-stage');
      expect(answer.body.allowedCommands).toEqual(['AcceptCase', 'RejectCase', 'ForwardCase', 'AssignInspector', 'WithdrawCase']);
      expect(answer.body.details).toEqual({ stage: 'filed' });
    });

    it('answers a command of another role with 403 role-not-allowed', async () => {
      const answer = await api.command(caseId, 'accept', {}, USERS.inspector);
      expectProblem(answer, 403, 'role-not-allowed');
      expect(answer.body.details).toEqual({ roles: ['head', 'director'] });
      expect(answer.body.allowedCommands).toEqual([]);
    });

    it('answers a stale If-Match with 409 revision-conflict and the current revision', async () => {
      const answer = await api.command(caseId, 'accept', {}, USERS.head, { 'If-Match': `"${revision - 1}"` });
      expectProblem(answer, 409, 'revision-conflict');
      expect(answer.body.currentRevision).toBe(revision);
    });

    it('answers an If-Match that is not a revision with 400 invalid-if-match', async () => {
      expectProblem(await api.command(caseId, 'accept', {}, USERS.head, { 'If-Match': 'W/"abc"' }), 400, 'invalid-if-match');
    });

    it('answers a too long Idempotency-Key with 400 invalid-idempotency-key', async () => {
      expectProblem(await api.command(caseId, 'accept', {}, USERS.head, { 'Idempotency-Key': 'k'.repeat(201) }), 400, 'invalid-idempotency-key');
    });
  });

  describe('a request without a valid token', () => {
    it('answers a missing token with 401 missing-token and a Bearer challenge', async () => {
      const answer = await api.post(`/api/cases/${caseId}/accept`, {});
      expectProblem(answer, 401, 'missing-token');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="kntc"');
    });

    it('answers a token signed with another secret with 401 invalid-token', async () => {
      const users = UsersDirectory.load(path.join(__dirname, 'support', 'users.yaml'));
      const forged = new TokenService({ secret: 'f'.repeat(64), users }).issue(USERS.head).token;
      const answer = await api.post(`/api/cases/${caseId}/accept`, {}, { headers: { authorization: `Bearer ${forged}` } });
      expectProblem(answer, 401, 'invalid-token');
    });

    it('answers an expired token with 401 token-expired', async () => {
      const users = UsersDirectory.load(path.join(__dirname, 'support', 'users.yaml'));
      const secret = fs.readFileSync(path.join(api.dataDir, TOKEN_SECRET_FILE), 'utf8').trim();
      const expired = new TokenService({ secret, users, now: () => Date.parse('2026-01-05T08:00:00Z') }).issue(USERS.head).token;
      expectProblem(await api.get(`/api/cases/${caseId}`, { headers: { authorization: `Bearer ${expired}` } }), 401, 'token-expired');
    });

    it('answers a malformed Authorization header with 401 invalid-token', async () => {
      expectProblem(await api.get(`/api/cases/${caseId}`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'invalid-token');
    });
  });

  describe("a case of another department", () => {
    it('answers its reading with 404 case-not-found, as if it did not exist', async () => {
      expectProblem(await api.caseOf(caseId, USERS.otherHead), 404, 'case-not-found');
      expectProblem(await api.historyOf(caseId, USERS.otherHead), 404, 'case-not-found');
    });

    it('answers a command on it with 404 case-not-found', async () => {
      expectProblem(await api.command(caseId, 'accept', {}, USERS.otherHead), 404, 'case-not-found');
    });
  });

  describe('an address that names nothing', () => {
    it('answers an unknown case with 404 case-not-found, whatever If-Match says', async () => {
      const unknown = '0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90';
      expectProblem(await api.get(`/api/cases/${unknown}`, { as: USERS.head }), 404, 'case-not-found');
      expectProblem(await api.command(unknown, 'accept', {}, USERS.head, { 'If-Match': '"3"' }), 404, 'case-not-found');
    });

    it('answers a case id that is not a UUID with 400 invalid-case-id', async () => {
      expectProblem(await api.get('/api/cases/12345', { as: USERS.head }), 400, 'invalid-case-id');
    });

    it('answers an unknown route under /api with 404 not-found', async () => {
      expectProblem(await api.get('/api/reports/monthly', { as: USERS.head }), 404, 'not-found');
    });
  });
});
