import { execFile, execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import jwt from 'jsonwebtoken';
import { hashPassword, TOKEN_SECRET_FILE, TokenService, UsersDirectory, UsersFileWriter } from '@kntc/auth';
import { assertBuilt, CLI_TEST_TIMEOUT_MS, REPO_ROOT } from '../cli/kntc-cli';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from '../e2e/support/api-test-app';
import { LogCapture } from './support/security-fixtures';

const E2E_USERS = path.join(__dirname, '..', 'e2e', 'support', 'users.yaml');
const PASSWORD = 'Mật khẩu của chánh thanh tra 2026';

function expectProblem(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

/** The e2e users, with a password for the head of so-tnmt, in a file of the test's own. */
async function usersFileWithPassword(dir: string): Promise<string> {
  const file = path.join(dir, 'users.yaml');
  fs.copyFileSync(E2E_USERS, file);
  new UsersFileWriter(file).setPasswordHash(USERS.head, await hashPassword(PASSWORD));
  return file;
}

interface LoginBody {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  expiresAt: string;
  user: Record<string, unknown>;
}

describe('signing in to the embedded issuer (KNTC_AUTH_MODE=local)', () => {
  const logs = new LogCapture();
  let dir: string;
  let api: ApiTestApp;
  const login = (body: unknown) => api.post('/api/auth/login', body) as unknown as Promise<ApiAnswer<LoginBody & { code?: string }>>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-login-'));
    api = await startApiTestApp({ env: { KNTC_USERS_FILE: await usersFileWithPassword(dir), KNTC_RATE_LIMIT_LOGIN: '1000/300' }, logDestination: logs, logLevel: 'trace' });
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a bearer token for the right password, not to be cached, that the API accepts', async () => {
    const answer = await login({ userId: USERS.head, password: PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 8 * 3600,
      expiresAt: expect.any(String),
      user: { id: USERS.head, name: 'Nguyễn Văn Hùng', role: 'head', department: 'so-tnmt' },
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const me = await api.get<{ user: Record<string, unknown>; permissions: string[] }>('/api/auth/me', { headers: { authorization: `Bearer ${answer.body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: USERS.head, role: 'head' });
    expect(me.body.permissions).toContain('identity.reveal');
  });

  it('accepts the password typed in NFD, and "username" for the user id', async () => {
    expect((await login({ username: USERS.head.toUpperCase(), password: PASSWORD.normalize('NFD') })).status).toBe(200);
  });

  it('answers a wrong password, an unknown user and a user without a password alike: 401 invalid-credentials', async () => {
    const answers = [
      await login({ userId: USERS.head, password: `${PASSWORD}x` }),
      await login({ userId: 'nobody-here', password: PASSWORD }),
      await login({ userId: USERS.intake, password: PASSWORD }),
    ];
    for (const answer of answers) expectProblem(answer, 401, 'invalid-credentials');
    expect(new Set(answers.map((a) => a.text))).toEqual(new Set([answers[0]!.text]));
  });

  it('answers a body without user id or password with 400', async () => {
    expectProblem(await login({ password: PASSWORD }), 400, 'validation-failed');
    expectProblem(await login({ userId: USERS.head }), 400, 'validation-failed');
    expectProblem(await login([USERS.head, PASSWORD]), 400, 'validation-failed');
  });

  it('logs neither the password nor the token it gave', async () => {
    const answer = await login({ userId: USERS.head, password: PASSWORD });
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain(PASSWORD);
    expect(logs.text).not.toContain(answer.body.accessToken);
    expect(logs.text).not.toContain('$scrypt$');
  });

  describe('a token the API did not issue as is', () => {
    const secret = () => fs.readFileSync(path.join(api.dataDir, TOKEN_SECRET_FILE), 'utf8').trim();
    const users = () => UsersDirectory.load(E2E_USERS);

    it('is refused expired: 401 token-expired', async () => {
      const expired = new TokenService({ secret: secret(), users: users(), now: () => Date.parse('2026-01-05T08:00:00Z') }).issue(USERS.head).token;
      expectProblem(await api.get('/api/auth/me', { headers: { authorization: `Bearer ${expired}` } }), 401, 'token-expired');
    });

    it('is refused forged with another secret, unsigned (alg none), or with its payload changed: 401 invalid-token', async () => {
      const forged = new TokenService({ secret: 'f'.repeat(64), users: users() }).issue(USERS.head).token;
      const unsigned = jwt.sign({ sub: USERS.director, iss: 'kntc', aud: 'kntc-api' }, '', { algorithm: 'none', expiresIn: 3600 });
      const [header, , signature] = api.token(USERS.inspector).split('.');
      const payload = Buffer.from(JSON.stringify({ sub: USERS.director, iss: 'kntc', aud: 'kntc-api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      for (const token of [forged, unsigned, `${header}.${payload}.${signature}`, `${unsigned.split('.')[0]}.${payload}.`, 'a.b.c', 'x'.repeat(10_000)]) {
        expectProblem(await api.get('/api/auth/me', { headers: { authorization: `Bearer ${token}` } }), 401, 'invalid-token');
      }
    });

    it('runs no command when refused, and stores nothing', async () => {
      const forged = new TokenService({ secret: 'f'.repeat(64), users: users() }).issue(USERS.intake).token;
      expectProblem(await api.post('/api/cases', filing('petition'), { headers: { authorization: `Bearer ${forged}` } }), 401, 'invalid-token');
    });
  });
});

describe('a user added with kntc users add --password-stdin', () => {
  let dir: string;
  let api: ApiTestApp | undefined;
  let configBefore: string;
  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-users-cli-'));
    // A users file of the test's own: whatever the CLI does, nothing in the checkout is written.
    fs.copyFileSync(E2E_USERS, path.join(dir, 'seed.yaml'));
    configBefore = execFileSync('git', ['status', '--porcelain', '--', 'config'], { cwd: REPO_ROOT, encoding: 'utf8' });
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `node bin/kntc.js <args>` with the password on standard input, on the data folder of the test. */
  function kntc(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [path.join(REPO_ROOT, 'bin', 'kntc.js'), ...args],
        { cwd: REPO_ROOT, env: { ...process.env, KNTC_DATA_DIR: dir, KNTC_USERS_FILE: path.join(dir, 'seed.yaml') }, timeout: CLI_TEST_TIMEOUT_MS },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
      child.stdin!.end(stdin);
    });
  }

  it('is stored in the data folder with a scrypt hash, never the password, leaves config/ untouched, and can sign in', async () => {
    const password = 'Mật khẩu của thanh tra viên mới';
    const added = await kntc(['users', 'add', 'tnmt-thanhtra-moi', '--name', 'Lê Thị Mới', '--role', 'inspector', '--department', 'so-tnmt', '--password-stdin'], `${password}\n`);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('added tnmt-thanhtra-moi') });
    const text = fs.readFileSync(path.join(dir, 'users.json'), 'utf8');
    expect(text).toMatch(/"passwordHash": "\$scrypt\$ln=15,r=8,p=1\$/);
    expect(text).not.toContain(password);
    expect(execFileSync('git', ['status', '--porcelain', '--', 'config'], { cwd: REPO_ROOT, encoding: 'utf8' })).toBe(configBefore);
    api = await startApiTestApp({ dataDir: dir });
    const login = await api.post('/api/auth/login', { userId: 'tnmt-thanhtra-moi', password });
    expect(login.status).toBe(200);
  }, CLI_TEST_TIMEOUT_MS);

  it('refuses a password shorter than 10 characters (exit 2), changing nothing', async () => {
    const before = fs.readFileSync(path.join(dir, 'users.json'), 'utf8');
    const refused = await kntc(['users', 'add', 'tnmt-ngan', '--name', 'Ngắn', '--role', 'intake', '--department', 'so-tnmt', '--password-stdin'], 'ngan\n');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('at least 10 characters') });
    expect(fs.readFileSync(path.join(dir, 'users.json'), 'utf8')).toBe(before);
  }, CLI_TEST_TIMEOUT_MS);
});

describe('too many sign-in attempts', () => {
  let dir: string;
  let api: ApiTestApp;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-login-limit-'));
    api = await startApiTestApp({ env: { KNTC_USERS_FILE: await usersFileWithPassword(dir), KNTC_RATE_LIMIT_LOGIN: '3/300' } });
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are answered 429 rate-limited with Retry-After, even with the right password, before any password is checked', async () => {
    for (let i = 0; i < 3; i++) expect((await api.post('/api/auth/login', { userId: USERS.head, password: 'wrong-password-1' })).status).toBe(401);
    const limited = await api.post('/api/auth/login', { userId: USERS.head, password: PASSWORD });
    expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(300);
  });
});

describe('production sign-in through an OIDC provider (KNTC_AUTH_MODE=oidc)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: http.Server;
  let jwksRequests = 0;
  let issuer: string;
  let api: ApiTestApp;

  const sign = (claims: Record<string, unknown>, options: jwt.SignOptions = {}, key: KeyObject = rsa.privateKey): string =>
    jwt.sign(claims, key, { algorithm: 'RS256', keyid: 'kntc-1', issuer, audience: 'kntc-api', expiresIn: 300, ...options });
  const officer = (role: string, sub = `oidc-${role}`) => ({ sub, kntc_role: role, kntc_department: 'so-tnmt', name: 'Cán bộ SSO' });
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    jwks = http.createServer((request, response) => {
      jwksRequests += 1;
      if (request.url !== '/realms/kntc/protocol/openid-connect/certs') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'kntc-1', alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    issuer = `${base}/realms/kntc`;
    api = await startApiTestApp({
      env: { KNTC_AUTH_MODE: 'oidc', KNTC_OIDC_ISSUER: issuer, KNTC_OIDC_AUDIENCE: 'kntc-api', KNTC_OIDC_JWKS_URL: `${issuer}/protocol/openid-connect/certs` },
    });
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it("accepts the provider's RS256 token, checked against its JWKS, and acts as the officer its claims name", async () => {
    const token = sign(officer('intake', 'sso-lan'));
    const me = await api.get<{ user: unknown }>('/api/auth/me', as(token));
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({ id: 'sso-lan', role: 'intake', department: 'so-tnmt', name: 'Cán bộ SSO' });
    const filed = await api.post('/api/cases', filing('petition'), as(token));
    expect(filed.status).toBe(201);
    const history = await api.get<{ events: Array<{ actor: unknown }> }>(`/api/cases/${filed.body.caseId}/history`, as(sign(officer('supervisor'))));
    expect(history.body.events[0]!.actor).toMatchObject({ id: 'sso-lan', role: 'intake' });
    expect(jwksRequests).toBe(1);
  });

  it.each([
    ['expired', () => sign(officer('head'), { expiresIn: -120 }), 'token-expired'],
    ['signed by a key the provider does not publish', () => sign(officer('head'), {}, stranger.privateKey), 'invalid-token'],
    ['unsigned (alg none)', () => jwt.sign({ ...officer('head'), iss: issuer, aud: 'kntc-api' }, '', { algorithm: 'none', expiresIn: 300 }), 'invalid-token'],
    ['for another audience', () => sign(officer('head'), { audience: 'other-api' }), 'invalid-token'],
    ['from another issuer', () => sign(officer('head'), { issuer: 'http://127.0.0.1:1/realms/evil' }), 'invalid-token'],
  ])('refuses a token %s: 401', async (_label, token, code) => {
    expectProblem(await api.get('/api/auth/me', as(token())), 401, code);
  });

  it("refuses the embedded issuer's tokens, and has no login route", async () => {
    expectProblem(await api.get('/api/auth/me', { as: USERS.head }), 401, 'invalid-token');
    expectProblem(await api.post('/api/auth/login', { userId: USERS.head, password: PASSWORD }), 404, 'not-found');
  });

  it('refuses (403) an account whose claims name no engine role', async () => {
    expectProblem(await api.get('/api/auth/me', as(sign({ sub: 'someone', kntc_department: 'so-tnmt' }))), 403, 'role-not-mapped');
  });

  it('keeps the supervisor of the provider read-only', async () => {
    expectProblem(await api.post('/api/cases', filing('petition'), as(sign(officer('supervisor')))), 403, 'permission-denied');
  });
});
