import { randomUUID } from 'node:crypto';
import { deleteKeys, openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { filing, startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { requireRedisUrl } from '../read-models/support/read-model-fixtures';
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

/** Hostile values for every request header the API reads; `undefined` leaves the header out. */
const HEADER_VALUES: Record<string, ReadonlyArray<string | undefined>> = {
  authorization: [undefined, '', 'Bearer', 'Bearer ', 'Basic YTpi', 'Bearer a.b.c', 'Bearer ..', `Bearer ${'x'.repeat(4000)}`, 'bearer eyJhbGciOiJub25lIn0.e30.', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0bm10LWhlYWQifQ.', 'Bearer \u00ff\u00fe', 'Bearer  Bearer x'],
  'idempotency-key': [undefined, '', ' ', 'k', 'x'.repeat(201), 'x'.repeat(4000), 'a b', '\u00e9', '"quoted"', '../../', '%00', 'fuzz-key', '*'],
  'if-match': [undefined, '', '*', '"0"', 'W/"0"', 'W/"x"', '"1", "2"', '"99999999999999999999"', '-1', '1e309', 'NaN', '""', '"', 'W/', ' "0" '],
  'content-type': [undefined, '', 'application/json', 'application/json; charset=utf-16', 'application/json;;;', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=', 'application/problem+json', 'application/merge-patch+json', '*/*', 'application/json; charset=\u00ff'],
  accept: [undefined, '', '*/*', 'text/csv', 'application/xml', 'text/html', 'application/json;q=0', 'image/*', ','.repeat(500)],
  'x-correlation-id': [undefined, '', 'c', 'x'.repeat(300), '\u00e4', 'a b', '<script>'],
  'x-request-id': [undefined, '', 'r', 'x'.repeat(300), '\u00e4'],
  origin: [undefined, '', 'null', 'https://evil.example', 'http://127.0.0.1', 'not a url', 'http://[::1', 'http://127.0.0.1:1'],
  'sec-fetch-site': [undefined, '', 'cross-site', 'same-site', 'same-origin', 'none', 'x'.repeat(100)],
  cookie: [undefined, '', 'kntc_queues=', 'kntc_queues=a.b.c', `kntc_queues=${'x'.repeat(4000)}`, 'kntc_queues=1; kntc_queues=2', 'a=b; kntc_queues', '=;=;=', 'kntc_queues=%00%ff'],
  'x-forwarded-for': [undefined, '', '1.2.3.4, 5.6.7.8', 'not-an-ip', '::ffff:127.0.0.1', 'x'.repeat(500)],
  'x-forwarded-proto': [undefined, 'https', 'gopher', ''],
};

/** A random value for each header the API reads, with a real token for some of the requests. */
function hostileHeaders(random: Random, token: (user: TestUser) => string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(HEADER_VALUES)) {
    const value = pick(random, values);
    if (value !== undefined) headers[name] = value;
  }
  if (random() < 0.5) headers['authorization'] = `Bearer ${token(pick(random, Object.values(USERS)))}`;
  if (random() < 0.3) headers['idempotency-key'] = `fuzz-${Math.floor(random() * 1e9)}`;
  return headers;
}

/** A report query: a period name of any year and part, dates far out of range, or both forms at once. */
function randomReportQuery(random: Random): string {
  const year = pick(random, ['0000', '0001', '0099', '0100', '1799', '1800', '1801', '2026', '2199', '2200', '9999', String(Math.floor(random() * 10_000)).padStart(4, '0'), '20266', '-202', '+2026', '２０２６']);
  const part = pick(random, ['Q1', 'Q2', 'Q3', 'Q4', 'Q0', 'Q5', 'q1', '6M', '9M', '12M', 'year', 'YEAR', 'Year', 'H1', '']);
  const date = () =>
    pick(random, ['0000-01-01', '0001-01-01', '1799-12-31', '1800-01-01', '2026-02-29', '2028-02-29', '2026-13-01', '2199-12-31', '2200-01-01', '9999-12-31', '+002026-01-01', '2026-1-1', '2026-03-02T00:00:00Z', '']);
  const params: string[] = [];
  if (random() < 0.7) params.push(`period=${encode(`${year}-${part}`)}`);
  if (random() < 0.4) params.push(`from=${encode(date())}`, `to=${encode(date())}`);
  if (random() < 0.4) params.push(`asOf=${encode(date())}`);
  if (random() < 0.2) params.push(`format=${pick(random, ['json', 'csv', 'xlsx', 'pdf', ''])}`);
  if (random() < 0.1) params.push(`period=${encode(`${year}-${part}`)}`);
  return params.join('&');
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
        // fetch resolves dot segments (`/api/x/../..` is `/`): judge the address the request reached, not the one written.
        // A dependency the test app runs without (the read models' Redis) answers a deliberate 503 `…-unavailable`.
        const deliberate = response.status === 503 && /"code":"[a-z-]+-unavailable"/.test(text);
        if (response.status >= 500 && !deliberate) failures.push(`${method} ${path.slice(0, 120)} -> ${response.status} ${text.slice(0, 200)}`);
        else if (response.status >= 400 && new URL(response.url).pathname.startsWith('/api') && !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '') && response.status !== 431) {
          failures.push(`${method} ${path.slice(0, 120)} -> ${response.status} without problem+json`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(storedEventCount(api.dataDir)).toBe(before);
  });

  it(`answers the report period grammar, any year and part, with a report or a 400 naming the parameter (seed ${SEED})`, async () => {
    const random = seededRandom(SEED + 2);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const query = randomReportQuery(random);
      const response = await fetch(`${api.baseUrl}/api/reports/departments/so-tnmt?${query}`, { headers: { authorization: `Bearer ${api.token(USERS.supervisor)}` } });
      const text = await response.text();
      if (response.status === 200) continue;
      const body = (() => {
        try {
          return JSON.parse(text) as { code?: string; field?: string };
        } catch {
          return {};
        }
      })();
      const named = ['invalid-period', 'invalid-date', 'invalid-format', 'unknown-parameter'].includes(body.code ?? '') && (body.code === 'unknown-parameter' || typeof body.field === 'string');
      if (response.status !== 400 || !named || !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '')) failures.push(`?${query} -> ${response.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it(`answers hostile values of every header the API reads with a success or a 4xx problem+json, and a refusal changes nothing (seed ${SEED})`, async () => {
    const random = seededRandom(SEED + 3);
    const failures: string[] = [];
    const targets = [
      { method: 'POST', path: '/api/cases', body: () => JSON.stringify(filing(pick(random, ['complaint-first', 'denunciation', 'petition']))) },
      { method: 'POST', path: `/api/cases/${caseId}/accept`, body: () => JSON.stringify({ documentNo: '12/TB-TTr' }) },
      { method: 'POST', path: `/api/cases/${caseId}/withdraw`, body: () => JSON.stringify({ reason: 'Người tố cáo rút đơn' }) },
      { method: 'POST', path: `/api/cases/${caseId}/identity-reveal`, body: () => JSON.stringify({ reason: 'Kiểm tra hồ sơ' }) },
      { method: 'GET', path: `/api/cases/${caseId}` },
      { method: 'GET', path: `/api/cases/${caseId}/history` },
      { method: 'GET', path: `/api/reports/departments/so-tnmt?period=2026-Q1` },
      { method: 'GET', path: '/api/auth/me' },
      { method: 'POST', path: '/api/auth/login', body: () => JSON.stringify({ userId: USERS.head, password: 'sai-mat-khau-fuzz' }) },
      { method: 'POST', path: '/api/auth/queues-session' },
      { method: 'POST', path: '/api/auth/queues-session/end' },
      { method: 'GET', path: '/api/health' },
    ];
    for (let i = 0; i < 400; i++) {
      const target = pick(random, targets);
      const headers = hostileHeaders(random, api.token);
      const before = storedEventCount(api.dataDir);
      const body = target.body?.();
      const response = await fetch(`${api.baseUrl}${target.path}`, { method: target.method, headers, ...(body !== undefined ? { body } : {}) }).catch((error: unknown) => String(error));
      if (typeof response === 'string') {
        failures.push(`${target.method} ${target.path} ${JSON.stringify(headers).slice(0, 300)}: ${response}`);
        continue;
      }
      const text = await response.text();
      const deliberate = response.status === 503 && /"code":"[a-z-]+-unavailable"/.test(text);
      const shown = `${target.method} ${target.path} ${JSON.stringify(headers).slice(0, 400)} -> ${response.status} ${text.slice(0, 200)}`;
      if (response.status >= 500 && !deliberate) failures.push(shown);
      else if (response.status >= 400 && response.status !== 431 && !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '')) failures.push(`${shown} without problem+json`);
      else if (response.status >= 400 && storedEventCount(api.dataDir) !== before) failures.push(`${shown} and appended events`);
    }
    expect(failures).toEqual([]);
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

describe('hostile headers on Bull Board (/admin/queues, with the queues Redis)', () => {
  const root = `kntc:test-${randomUUID()}:`;
  let api: ApiTestApp;

  beforeAll(async () => {
    // Read by the read-model settings (Jest gives each test file its own process.env).
    process.env['KNTC_REDIS_PREFIX'] = root;
    api = await startApiTestApp({ env: { REDIS_URL: requireRedisUrl() } });
  });
  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(requireRedisUrl());
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
  });

  it(`answers a cookie, token, origin or method of any kind with a page, a success or a 4xx problem+json, and a refusal changes nothing (seed ${SEED})`, async () => {
    const random = seededRandom(SEED + 4);
    const failures: string[] = [];
    const paths = ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/api/queues/deadline-timers/clean/delayed', '/admin/queues/api/queues/deadline-timers/pause', '/admin/queues/api/queues/x/y/z'];
    for (let i = 0; i < 150; i++) {
      const path = pick(random, paths);
      const method = pick(random, ['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
      const headers = hostileHeaders(random, api.token);
      if (random() < 0.4) headers['cookie'] = `kntc_queues=${api.token(pick(random, Object.values(USERS)))}`;
      const before = storedEventCount(api.dataDir);
      const response = await fetch(`${api.baseUrl}${path}`, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) }).catch((error: unknown) => String(error));
      if (typeof response === 'string') {
        failures.push(`${method} ${path}: ${response}`);
        continue;
      }
      const text = await response.text();
      const shown = `${method} ${path} ${JSON.stringify(headers).slice(0, 400)} -> ${response.status} ${text.slice(0, 200)}`;
      const deliberate = response.status === 503 && /"code":"[a-z-]+-unavailable"/.test(text);
      if (response.status >= 500 && !deliberate) failures.push(shown);
      else if ([401, 403].includes(response.status) && !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '')) failures.push(`${shown} without problem+json`);
      else if (response.status >= 400 && storedEventCount(api.dataDir) !== before) failures.push(`${shown} and appended events`);
    }
    expect(failures).toEqual([]);
  });
});
