import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI_TEST_TIMEOUT_MS } from '../cli/kntc-cli';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from '../e2e/support/api-test-app';
import { LogCapture, REPO_ROOT, storedEventCount } from './support/security-fixtures';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const STACK_TRACE = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|node_modules|\/srv\/|\/work\//;

function expectSecurityHeaders(answer: ApiAnswer): void {
  expect({
    csp: answer.headers.get('content-security-policy'),
    nosniff: answer.headers.get('x-content-type-options'),
    frame: answer.headers.get('x-frame-options'),
    referrer: answer.headers.get('referrer-policy'),
    poweredBy: answer.headers.get('x-powered-by'),
  }).toEqual({
    csp: expect.stringContaining("frame-ancestors 'none'"),
    nosniff: 'nosniff',
    frame: 'DENY',
    referrer: 'no-referrer',
    poweredBy: null,
  });
  expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
}

describe('the answers of the API', () => {
  const logs = new LogCapture();
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ logDestination: logs, logLevel: 'trace' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('carry the security headers, on success, on errors and on the documentation page', async () => {
    const answers = [
      await api.get('/api/health'),
      await api.get('/api/auth/me'),
      await api.get('/api/no-such-route', { as: USERS.head }),
      await api.get('/api/docs'),
      await api.post('/api/cases', undefined, { as: USERS.intake, rawBody: '{"broken"' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200, 400]);
    for (const answer of answers) expectSecurityHeaders(answer);
  });

  it('keep case data out of caches, and send no HSTS over plain HTTP', async () => {
    const filed = await api.post('/api/cases', filing('petition'), { as: USERS.intake });
    expect(filed.headers.get('cache-control')).toBe('no-store');
    expect((await api.caseOf(filed.body.caseId, USERS.head)).headers.get('cache-control')).toBe('no-store');
    expect(filed.headers.get('strict-transport-security')).toBeNull();
  });

  it('believe no X-Forwarded-Proto without a trusted proxy: no HSTS', async () => {
    expect((await api.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
  });

  it('allow no other origin by default: CORS is off', async () => {
    const answer = await api.get('/api/health', { headers: { origin: 'https://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${api.baseUrl}/api/cases`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('refuse a body over 256 kB with 413, storing nothing', async () => {
    const before = storedEventCount(api.dataDir);
    const answer = await api.post('/api/cases', filing('petition', { content: 'x'.repeat(300 * 1024) }), { as: USERS.intake });
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 413, code: 'payload-too-large' });
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it('never hold a stack trace, a file path or a driver message', async () => {
    const answers = [
      await api.post('/api/cases', undefined, { as: USERS.intake, rawBody: '{"kind": ' }),
      await api.post('/api/cases', { kind: { $gt: '' }, __proto__: { admin: true } }, { as: USERS.intake }),
      await api.get('/api/cases/%E0%A4%A', { as: USERS.head }),
      await api.command('0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90', 'accept', [], USERS.head),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500);
      expect(answer.text).not.toMatch(STACK_TRACE);
    }
  });

  it('leave no bearer token or Authorization header in the logs', async () => {
    await api.get('/api/auth/me', { as: USERS.director });
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.text).not.toContain(api.token(USERS.director));
    expect(logs.text.toLowerCase()).not.toContain('bearer ');
  });
});

describe('an API behind a TLS proxy it trusts (KNTC_TRUST_PROXY=loopback) and with a CORS allow-list', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ env: { KNTC_TRUST_PROXY: 'loopback', KNTC_CORS_ORIGINS: 'https://kntc.example.gov.vn' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('sends HSTS for requests that reached the proxy over HTTPS', async () => {
    expect((await api.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await api.get('/api/health')).headers.get('strict-transport-security')).toBeNull();
  });

  it('lets the listed origin call it, and no other', async () => {
    expect((await api.get('/api/health', { headers: { origin: 'https://kntc.example.gov.vn' } })).headers.get('access-control-allow-origin')).toBe('https://kntc.example.gov.vn');
    expect((await api.get('/api/health', { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('writes above the rate limit (KNTC_RATE_LIMIT_WRITES=3/60)', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ env: { KNTC_RATE_LIMIT_WRITES: '3/60' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('are answered 429 rate-limited with Retry-After, per user, and store nothing; reads go on', async () => {
    for (let i = 0; i < 3; i++) expect((await api.post('/api/cases', filing('petition'), { as: USERS.intake })).status).toBe(201);
    const before = storedEventCount(api.dataDir);
    const limited = await api.post('/api/cases', filing('petition'), { as: USERS.intake });
    expect({ status: limited.status, code: limited.body.code, type: limited.headers.get('content-type') }).toEqual({
      status: 429,
      code: 'rate-limited',
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(storedEventCount(api.dataDir)).toBe(before);
    expect((await api.get('/api/auth/me', { as: USERS.intake })).status).toBe(200);
    const caseId = (await api.post('/api/cases', filing('petition'), { as: USERS.intake })).body.caseId;
    expect(caseId).toBeUndefined();
    expect((await api.get('/api/auth/me', { as: USERS.head })).status).toBe(200);
  });
});

describe('starting the API in production mode', () => {
  const main = path.join(REPO_ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  let dataDir: string;
  beforeAll(() => {
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-prod-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Runs the built API with only these variables (and PATH); resolves with its exit code and stderr. */
  function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', KNTC_DATA_DIR: dataDir, PORT: '0', ...env }, timeout: 30_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
      });
    });
  }

  it.each([
    ['NODE_ENV=production without KNTC_MASTER_KEY', { NODE_ENV: 'production', KNTC_TOKEN_SECRET: 's'.repeat(40) }, 'configuration: KNTC_MASTER_KEY: required in production'],
    ['KNTC_MODE=production without KNTC_TOKEN_SECRET', { KNTC_MODE: 'production', KNTC_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }, 'configuration: KNTC_TOKEN_SECRET: required in production'],
    [
      'production with OIDC but no issuer',
      { NODE_ENV: 'production', KNTC_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), KNTC_AUTH_MODE: 'oidc' },
      'configuration: KNTC_OIDC_ISSUER: required with KNTC_AUTH_MODE=oidc',
    ],
    ['a master key that is not 32 bytes', { KNTC_MASTER_KEY: 'dG9vLXNob3J0' }, 'configuration: KNTC_MASTER_KEY: must be 32 random bytes'],
  ])('stops with a message naming the variable: %s', async (_label, env, message) => {
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(path.join(dataDir, 'master-key'))).toBe(false);
  });
});
