import { createHmac, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import jwt from 'jsonwebtoken';
import { hashPassword, TOKEN_SECRET_FILE, UsersFileWriter } from '@kntc/auth';
import { startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from '../e2e/support/api-test-app';

jest.setTimeout(60_000);

const E2E_USERS = path.join(__dirname, '..', 'e2e', 'support', 'users.yaml');
const PASSWORD = 'Mật khẩu của chánh thanh tra 2026';
const ATTACKER = '203.0.113.5';
const OFFICE = '198.51.100.7';

function expectProblem(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

describe('sign-in limits (KNTC_RATE_LIMIT_LOGIN=2/300, behind a trusted proxy)', () => {
  let dir: string;
  let api: ApiTestApp;
  const login = (from: string, password: string) => api.post('/api/auth/login', { userId: USERS.head, password }, { headers: { 'x-forwarded-for': from } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-login-lockout-'));
    const usersFile = path.join(dir, 'users.yaml');
    fs.copyFileSync(E2E_USERS, usersFile);
    new UsersFileWriter(usersFile).setPasswordHash(USERS.head, await hashPassword(PASSWORD));
    api = await startApiTestApp({ env: { KNTC_USERS_FILE: usersFile, KNTC_RATE_LIMIT_LOGIN: '2/300', KNTC_TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("limit an anonymous client failing for a known user, and still let the user in from the office's address", async () => {
    const attacker = [];
    for (let i = 0; i < 8; i++) attacker.push((await login(ATTACKER, `sai-mat-khau-${i}`)).status);
    expect(attacker).toEqual([401, 401, 429, 429, 429, 429, 429, 429]);
    const limited = await login(ATTACKER, PASSWORD);
    expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const real = await login(OFFICE, PASSWORD);
    expect(real.status).toBe(200);
  });

  it('refuse a guess spread over many addresses once the per-user limit of wrong passwords is reached', async () => {
    const statuses: number[] = [];
    for (let address = 1; address <= 12; address++) {
      for (let i = 0; i < 2; i++) statuses.push((await login(`10.9.0.${address}`, `sai-${address}-${i}`)).status);
    }
    // 24 wrong passwords a half hour (12 x 2 per 6 x 5 minutes), 2 of them the first test's attacker's.
    expect(statuses.filter((s) => s === 401)).toHaveLength(22);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expectProblem(await login(OFFICE, PASSWORD), 429, 'rate-limited');
  });
});

describe('local tokens', () => {
  let api: ApiTestApp;
  let secret: string;
  /** A token signed with the API's own secret, with exactly these claims. */
  const minted = (claims: Record<string, unknown>): string => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: USERS.director, iss: 'kntc', aud: 'kntc-api', ...claims })}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    api = await startApiTestApp();
    secret = fs.readFileSync(path.join(api.dataDir, TOKEN_SECRET_FILE), 'utf8').trim();
  });
  afterAll(async () => {
    await api.close();
  });

  it('are accepted with exp and iat and a lifetime of one working day at most', async () => {
    expect((await api.get('/api/auth/me', { headers: { authorization: `Bearer ${minted({ iat: now(), exp: now() + 8 * 3600 })}` } })).status).toBe(200);
  });

  it.each([
    ['without exp', () => ({ iat: now() })],
    ['without iat', () => ({ exp: now() + 3600 })],
    ['living a year', () => ({ iat: now(), exp: now() + 366 * 86_400 })],
    ['issued in the future', () => ({ iat: now() + 7 * 86_400, exp: now() + 7 * 86_400 + 3600 })],
  ])('are refused %s: 401 invalid-token', async (_label, claims) => {
    expectProblem(await api.get('/api/auth/me', { headers: { authorization: `Bearer ${minted(claims())}` } }), 401, 'invalid-token');
  });
});

describe('an OIDC token naming a department the engine does not know', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: http.Server;
  let issuer: string;
  let api: ApiTestApp;
  const sign = (department: string) =>
    jwt.sign({ sub: 'sso-lan', kntc_role: 'intake', kntc_department: department, name: 'Cán bộ SSO' }, rsa.privateKey, {
      algorithm: 'RS256',
      keyid: 'k1',
      issuer,
      audience: 'kntc-api',
      expiresIn: 300,
    });

  beforeAll(async () => {
    jwks = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/kntc`;
    api = await startApiTestApp({ env: { KNTC_AUTH_MODE: 'oidc', KNTC_OIDC_ISSUER: issuer, KNTC_OIDC_AUDIENCE: 'kntc-api', KNTC_OIDC_JWKS_URL: `${issuer}/certs` } });
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('is refused with 403 department-not-mapped; one of config/departments.yaml is accepted', async () => {
    expectProblem(await api.get('/api/auth/me', { headers: { authorization: `Bearer ${sign('so-khong-ton-tai')}` } }), 403, 'department-not-mapped');
    expect((await api.get('/api/auth/me', { headers: { authorization: `Bearer ${sign('so-xd')}` } })).status).toBe(200);
  });
});
