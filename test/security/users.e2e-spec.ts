import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FirstRunSetup } from '@kntc/auth';
import { filing, startApiTestApp, type ApiTestApp } from '../e2e/support/api-test-app';
import { assertKeepsContract } from '../e2e/support/openapi-contract';
import { LogCapture, REPO_ROOT } from './support/security-fixtures';

jest.setTimeout(60_000);

const ADMIN_PASSWORD = 'Quản trị viên 2026!';
const OFFICER_PASSWORD = 'Cán bộ tiếp dân 01';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { code?: string; user?: Record<string, unknown> };
  text: string;
}

/** The git status of the shipped configuration (the users seed among it): no account change may touch it. */
function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--', 'config'], { cwd: REPO_ROOT, encoding: 'utf8' });
}

describe('accounts as data: first run, then an administrator who manages users without a restart', () => {
  let api: ApiTestApp;
  let statusBefore: string;
  const logs = new LogCapture();

  const call = async (method: 'GET' | 'POST', urlPath: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${api.baseUrl}${urlPath}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await response.text();
    assertKeepsContract(method, urlPath, response.status, response.headers.get('content-type'), text);
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']), text };
  };
  const signIn = async (userId: string, password: string): Promise<Answer> => call('POST', '/api/auth/login', { body: { userId, password } });
  const tokenOf = async (userId: string, password: string): Promise<string> => {
    const answer = await signIn(userId, password);
    expect(answer.status).toBe(200);
    return answer.body['accessToken'] as string;
  };

  beforeAll(async () => {
    statusBefore = gitStatus();
    api = await startApiTestApp({ env: { KNTC_USERS_SEED: 'none', KNTC_RATE_LIMIT_LOGIN: '1000/300' }, logDestination: logs, logLevel: 'trace' });
  });
  afterAll(async () => {
    await api?.close();
  });

  let adminToken: string;
  let officerToken: string;

  it('starts with no account: nobody signs in, the set-up link is needed', async () => {
    expect((await call('GET', '/api/setup')).body).toEqual({ setUpNeeded: true });
    expect((await signIn('quan-tri', ADMIN_PASSWORD)).status).toBe(401);
  });

  it('creates the first administrator with the one-time token, once; a wrong token changes nothing', async () => {
    const setup = api.app.get(FirstRunSetup);
    const { token } = setup.issue();
    const body = { token, userId: 'quan-tri', name: 'Trịnh Minh Quân', password: ADMIN_PASSWORD };
    const wrong = await call('POST', '/api/setup', { body: { ...body, token: `${token}x` } });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 403, code: 'setup-token-invalid' });
    expect((await call('GET', '/api/setup')).body).toEqual({ setUpNeeded: true });

    const created = await call('POST', '/api/setup', { body });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ id: 'quan-tri', role: 'admin', disabled: false, hasPassword: true });
    expect(created.text).not.toContain('$scrypt$');

    const again = await call('POST', '/api/setup', { body: { ...body, userId: 'ke-khac' } });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 403, code: 'setup-token-invalid' });
    expect((await call('GET', '/api/setup')).body).toEqual({ setUpNeeded: false });
    adminToken = await tokenOf('quan-tri', ADMIN_PASSWORD);
  });

  it('lets the administrator create an intake officer who signs in and files a case at once', async () => {
    const key = randomUUID();
    const body = { userId: 'tnmt-tiepdan-an', name: 'Phan Văn An', role: 'intake', department: 'so-tnmt', password: OFFICER_PASSWORD };
    const created = await call('POST', '/api/users', { body, token: adminToken, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ id: 'tnmt-tiepdan-an', role: 'intake', department: 'so-tnmt', hasPassword: true, revision: 1 });
    expect(created.headers.get('etag')).toBe('"1"');

    const retried = await call('POST', '/api/users', { body, token: adminToken, headers: { 'idempotency-key': key } });
    expect({ status: retried.status, replayed: retried.headers.get('idempotent-replayed'), revision: retried.body.user?.['revision'] }).toEqual({ status: 201, replayed: 'true', revision: 1 });
    const duplicate = await call('POST', '/api/users', { body, token: adminToken, headers: { 'idempotency-key': randomUUID() } });
    expect({ status: duplicate.status, code: duplicate.body.code }).toEqual({ status: 409, code: 'user-exists' });

    officerToken = await tokenOf('tnmt-tiepdan-an', OFFICER_PASSWORD);
    const filed = await call('POST', '/api/cases', { body: filing('complaint-first'), token: officerToken, headers: { 'idempotency-key': randomUUID() } });
    expect(filed.status).toBe(201);
  });

  it('refuses the officer the administration of users, and bad input with named fields', async () => {
    const refused = await call('GET', '/api/users', { token: officerToken });
    expect(refused.status).toBe(403);
    const bad = await call('POST', '/api/users', {
      body: { userId: 'Bad Id', name: '', role: 'chief', department: 'nowhere', password: 'short' },
      token: adminToken,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(bad.status).toBe(400);
    expect((bad.body['errors'] as Array<{ field: string }>).map((e) => e.field)).toEqual(['userId', 'name', 'role', 'department', 'password']);
  });

  it('applies a change of role at once, checks the revision seen, and refuses an administrator their own', async () => {
    const stale = await call('POST', '/api/users/tnmt-tiepdan-an/role', { body: { role: 'inspector', department: 'so-tnmt' }, token: adminToken, headers: { 'idempotency-key': randomUUID(), 'if-match': '"0"' } });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'revision-conflict' });
    const changed = await call('POST', '/api/users/tnmt-tiepdan-an/role', { body: { role: 'inspector', department: 'so-tnmt' }, token: adminToken, headers: { 'idempotency-key': randomUUID(), 'if-match': '"1"' } });
    expect(changed.status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token: officerToken })).body['user']).toMatchObject({ id: 'tnmt-tiepdan-an', role: 'inspector' });
    const own = await call('POST', '/api/users/quan-tri/role', { body: { role: 'head', department: 'so-tnmt' }, token: adminToken, headers: { 'idempotency-key': randomUUID() } });
    expect({ status: own.status, code: own.body.code }).toEqual({ status: 422, code: 'own-account' });
  });

  it('resets a password and disables an account: the old password and the issued token stop working at once', async () => {
    const reset = await call('POST', '/api/users/tnmt-tiepdan-an/password', { body: { password: 'Mật khẩu mới 2026' }, token: adminToken, headers: { 'idempotency-key': randomUUID() } });
    expect(reset.status).toBe(200);
    expect((await signIn('tnmt-tiepdan-an', OFFICER_PASSWORD)).status).toBe(401);
    await tokenOf('tnmt-tiepdan-an', 'Mật khẩu mới 2026');

    const disabled = await call('POST', '/api/users/tnmt-tiepdan-an/disable', { token: adminToken, headers: { 'idempotency-key': randomUUID() } });
    expect(disabled.body.user).toMatchObject({ disabled: true });
    expect((await call('GET', '/api/auth/me', { token: officerToken })).status).toBe(401);
    expect((await signIn('tnmt-tiepdan-an', 'Mật khẩu mới 2026')).status).toBe(401);
    const enabled = await call('POST', '/api/users/tnmt-tiepdan-an/enable', { token: adminToken, headers: { 'idempotency-key': randomUUID() } });
    expect(enabled.body.user).toMatchObject({ disabled: false });
    expect((await call('GET', '/api/auth/me', { token: officerToken })).status).toBe(200);
  });

  it('records who changed what, when, with no password hash in the events or the log', async () => {
    const history = await call('GET', '/api/users/tnmt-tiepdan-an/history', { token: adminToken });
    const changes = history.body['changes'] as Array<{ type: string; actorId: string; data: Record<string, unknown> }>;
    expect(changes.map((c) => [c.type, c.actorId])).toEqual([
      ['UserCreated', 'quan-tri'],
      ['UserPasswordSet', 'quan-tri'],
      ['UserRoleChanged', 'quan-tri'],
      ['UserPasswordSet', 'quan-tri'],
      ['UserDisabled', 'quan-tri'],
      ['UserEnabled', 'quan-tri'],
    ]);
    expect(changes[2]!.data).toMatchObject({ role: 'inspector', previousRole: 'intake' });
    expect(history.text).not.toContain('$scrypt$');
    expect(logs.text).not.toContain('$scrypt$');
    for (const secret of [ADMIN_PASSWORD, OFFICER_PASSWORD]) expect(logs.text).not.toContain(secret);
    expect((await call('GET', '/api/users/nobody/history', { token: adminToken })).status).toBe(404);
  });

  it('keeps the accounts in the data folder, owner-only, and leaves the checkout as it was', () => {
    const file = path.join(api.dataDir, 'users.json');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('$scrypt$');
    expect(gitStatus()).toBe(statusBefore);
  });
});
