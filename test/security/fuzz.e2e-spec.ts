import { filing, startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { seededRandom, storedEventCount } from './support/security-fixtures';

/** Requests per endpoint; with ~30 endpoints about a thousand requests, a few seconds. */
const REQUESTS_PER_ENDPOINT = 30;
const SEED = Number(process.env['KNTC_FUZZ_SEED'] ?? 20260302);
// About a thousand requests: seconds alone, longer beside other suites on a 2-core machine.
jest.setTimeout(120_000);

interface Endpoint {
  method: string;
  path: string;
}

type Random = () => number;

/** encodeURIComponent that also takes lone surrogates (sent as U+FFFD, as a browser would). */
const encode = (text: string): string => encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const STRINGS = [
  '',
  ' ',
  'Nguyễn Thị Ánh',
  'Nguyễn Thị Ánh'.normalize('NFD'),
  '\u0000',
  '\uD800',
  '💥'.repeat(50),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  '9'.repeat(400),
  'x'.repeat(6000),
  '2026-02-30',
  '-1',
  'NaN',
  'true',
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'kind', 'parties', 'caseId', 'department', 'junk', '', '$where', 'a.b', 'password', 'userId'];

/** A JSON value of bounded size, mixing the shapes a client can send. */
function randomJson(random: Random, depth = 0): unknown {
  const roll = random();
  if (depth > 4 || roll < 0.3) return pick(random, [null, true, false, 0, -1, 1e308, -0, 3.5, 2 ** 53 + 1, pick(random, STRINGS)]);
  if (roll < 0.5) return Array.from({ length: Math.floor(random() * 5) }, () => randomJson(random, depth + 1));
  const object: Record<string, unknown> = { [`junk-${Math.floor(random() * 1000)}`]: 1 };
  for (let i = Math.floor(random() * 6); i > 0; i--) object[pick(random, KEYS)] = randomJson(random, depth + 1);
  return object;
}

/** A body that no command accepts: an unknown field, a wrong type, broken JSON, huge or deeply nested. */
function randomBody(random: Random): { raw: string; contentType: string } {
  const roll = random();
  const json = 'application/json';
  if (roll < 0.35) return { raw: JSON.stringify({ ...filing(pick(random, ['complaint-first', 'denunciation', 'petition', 'x'])), [pick(random, KEYS)]: randomJson(random), junk: 1 }), contentType: json };
  if (roll < 0.6) return { raw: JSON.stringify(randomJson(random)), contentType: json };
  if (roll < 0.65) return { raw: `${'['.repeat(50_000)}${']'.repeat(50_000)}`, contentType: json };
  if (roll < 0.7) return { raw: `{"parties":[{"name":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}]}`, contentType: json };
  if (roll < 0.75) return { raw: JSON.stringify({ junk: 'x'.repeat(300 * 1024) }), contentType: json };
  if (roll < 0.85) return { raw: Buffer.from(Array.from({ length: 200 }, () => Math.floor(random() * 256))).toString('latin1'), contentType: pick(random, [json, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x']) };
  return { raw: pick(random, ['{', '{"a":', 'null', '"text"', '[]', '{}x', '\u0000']), contentType: pick(random, [json, 'application/problem+json', 'application/merge-patch+json']) };
}

function randomHeaders(random: Random, token: (user: TestUser) => string): Record<string, string> {
  const headers: Record<string, string> = {};
  const auth = random();
  if (auth < 0.6) headers['authorization'] = `Bearer ${token(pick(random, Object.values(USERS)))}`;
  else if (auth < 0.8) headers['authorization'] = pick(random, ['Bearer', 'Bearer ', 'Basic YTpi', 'Bearer a.b.c', `Bearer ${'x'.repeat(5000)}`, 'bearer eyJhbGciOiJub25lIn0.e30.']);
  if (random() < 0.3) headers['if-match'] = pick(random, ['"0"', '*', 'W/"x"', '"99999999999999999999"', '-1', ' ']);
  if (random() < 0.3) headers['idempotency-key'] = pick(random, ['k', 'x'.repeat(300), Buffer.from('ключ', 'utf8').toString('latin1'), 'a b', 'fuzz-key']);
  if (random() < 0.2) headers['x-correlation-id'] = pick(random, ['c', 'x'.repeat(300), 'ä']);
  if (random() < 0.1) headers['x-forwarded-for'] = '1.2.3.4, 5.6.7.8';
  return headers;
}

/** The documented path with its parameters filled by a real case, a random UUID or garbage. */
function randomPath(random: Random, template: string, caseId: string): string {
  const filled = template.replace(/\{(\w+)\}/g, () =>
    encode(pick(random, [caseId, caseId.toUpperCase(), '0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90', 'so-tnmt', '..', '%2e%2e', pick(random, STRINGS).slice(0, 300)])),
  );
  const query = random() < 0.3 ? `?${pick(random, ['after=1', 'x=%ZZ', 'a[b][c]=1', 'reveal=maybe', 'reveal=true', 'reason=', 'period=2026-Q9', `q=${'y'.repeat(2000)}`])}` : '';
  return `${filled}${query}`;
}

describe('fuzzed and oversized requests against every endpoint', () => {
  let api: ApiTestApp;
  let endpoints: Endpoint[];
  let caseId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    const filed = await api.post('/api/cases', filing('denunciation'), { as: USERS.intake });
    caseId = filed.body.caseId;
    const document = await api.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
    endpoints = Object.entries(document.body.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(async () => {
    await api.close();
  });

  it('covers every documented endpoint, commands included', () => {
    expect(endpoints.length).toBeGreaterThan(25);
    expect(endpoints).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/cases' }, { method: 'POST', path: '/api/auth/login' }, { method: 'GET', path: '/api/cases/{id}/history' }]));
  });

  it(`answers every one without a 5xx and stores nothing (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const before = storedEventCount(api.dataDir);
    const failures: string[] = [];
    for (const endpoint of endpoints) {
      for (let i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
        const method = random() < 0.85 ? endpoint.method : pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
        const path = randomPath(random, endpoint.path, caseId);
        const headers = randomHeaders(random, api.token);
        const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(random);
        if (body) headers['content-type'] = body.contentType;
        const response = await fetch(`${api.baseUrl}${path}`, { method, headers, ...(body ? { body: body.raw } : {}) }).catch((error: unknown) => String(error));
        if (typeof response === 'string') {
          failures.push(`${method} ${path.slice(0, 120)}: ${response}`);
          continue;
        }
        const text = await response.text();
        // A dependency the test app runs without (the read models' Redis) answers a deliberate 503 `…-unavailable`.
        const deliberate = response.status === 503 && /"code":"[a-z-]+-unavailable"/.test(text);
        if (response.status >= 500 && !deliberate) failures.push(`${method} ${path.slice(0, 120)} -> ${response.status} ${text.slice(0, 200)}`);
        else if (response.status >= 400 && path.startsWith('/api') && !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '') && response.status !== 431) {
          failures.push(`${method} ${path.slice(0, 120)} -> ${response.status} without problem+json`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it('answers random paths and methods under /api with 4xx problem+json', async () => {
    const random = seededRandom(SEED + 1);
    for (let i = 0; i < 100; i++) {
      const segments = Array.from({ length: 1 + Math.floor(random() * 5) }, () => encode(pick(random, [...STRINGS, 'cases', caseId, 'history', 'auth']).slice(0, 100)));
      const response = await fetch(`${api.baseUrl}/api/${segments.join('/')}`, { method: pick(random, ['GET', 'POST', 'DELETE', 'PUT']), headers: randomHeaders(random, api.token) });
      const text = await response.text();
      const deliberate = response.status === 503 && /"code":"[a-z-]+-unavailable"/.test(text);
      expect({ path: segments.join('/'), status: response.status < 500 || deliberate }).toEqual({ path: segments.join('/'), status: true });
    }
  });
});
