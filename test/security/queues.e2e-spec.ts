import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { bullPrefix, DEADLINE_QUEUES, DEADLINE_TIMERS_QUEUE } from '@kntc/deadlines';
import { startApiTestApp, USERS, type ApiTestApp, type TestUser } from '../e2e/support/api-test-app';
import { startTestRedisServer, type TestRedisServer } from './support/redis-server';

jest.setTimeout(60_000);

/**
 * Bull Board (/admin/queues) holds every department's timers: only roles that span departments see it, only the
 * system administrator changes it, and no answer hangs on Redis or is kept by a cache.
 */
describe('the deadline queues (Bull Board) as an attacker and an unlucky operator see them', () => {
  const root = `kntc:test-${randomUUID()}:`;
  let redis: TestRedisServer;
  let api: ApiTestApp;
  let timers: Queue;
  const jobId = `deadline/${randomUUID()}/acceptance/2026-03-20/remind-3`;

  /** A call of Bull Board's API, with the bearer token of `user`. */
  const call = async (method: string, route: string, user?: TestUser, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${api.baseUrl}/admin/queues/api${route}`, {
      method,
      headers: { ...(user ? { authorization: `Bearer ${api.token(user)}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text.startsWith('{') ? JSON.parse(text) : text) as { code?: string } };
  };
  const job = (id = jobId) => `/queues/${DEADLINE_TIMERS_QUEUE}/${encodeURIComponent(id)}`;
  // Every kind of change the probe made, and reads: each must be refused to a director of one Sở.
  const changes: Array<[string, string, unknown?]> = [
    ['PUT', `${job()}/promote`],
    ['PATCH', `${job()}/update-data`, { caseId: 'x' }],
    ['PUT', `${job()}/clean`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/empty`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/obliterate`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/pause`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/promote`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/retry/failed`],
    ['PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/clean/completed`],
    ['POST', `/queues/${DEADLINE_TIMERS_QUEUE}/add`, { name: 'deadline-reminder', data: {} }],
  ];
  const reads = ['/queues', job()];

  beforeAll(async () => {
    redis = await startTestRedisServer();
    process.env['KNTC_REDIS_PREFIX'] = root;
    api = await startApiTestApp({ env: { REDIS_URL: redis.url, KNTC_REDIS_PREFIX: root } });
    timers = new Queue(DEADLINE_TIMERS_QUEUE, { connection: { url: redis.url }, prefix: bullPrefix(root) });
    const data = { caseId: randomUUID(), clock: 'acceptance', dueDate: '2026-03-20', workingDaysBefore: 3, fireAt: '2026-03-17T01:00:00.000Z' };
    await timers.add('deadline-reminder', data, { jobId, delay: 10 * 24 * 3_600_000 });
  });
  afterAll(async () => {
    redis?.thaw();
    await timers?.close();
    await api?.close();
    await redis?.close();
  });

  it("refuses a director of one Sở the board, its reads and every change: another Sở's timers are not theirs", async () => {
    for (const user of [USERS.director, USERS.otherDirector, USERS.head, USERS.inspector, USERS.intake, USERS.ubnd, USERS.importer]) {
      expect({ user, status: (await api.get('/admin/queues', { as: user })).status }).toEqual({ user, status: 403 });
      expect({ user, status: (await api.post('/api/auth/queues-session', undefined, { as: user })).status }).toEqual({ user, status: 403 });
      for (const route of reads) expect({ user, route, status: (await call('GET', route, user)).status }).toEqual({ user, route, status: 403 });
      for (const [method, route, body] of changes) {
        const answer = await call(method, route, user, {}, body);
        expect({ user, method, route, status: answer.status, code: answer.body.code }).toEqual({ user, method, route, status: 403, code: 'role-not-allowed' });
      }
    }
    expect(await (await timers.getJob(jobId))!.getState()).toBe('delayed');
    expect((await timers.getJob(jobId))!.data).toMatchObject({ clock: 'acceptance' });
    expect(await timers.isPaused()).toBe(false);
  });

  it('lets the supervisor read the board and change nothing', async () => {
    expect((await api.get('/admin/queues', { as: USERS.supervisor })).status).toBe(200);
    expect((await call('GET', '/queues', USERS.supervisor)).status).toBe(200);
    expect((await call('GET', job(), USERS.supervisor)).status).toBe(200);
    for (const [method, route, body] of changes) {
      expect({ method, route, status: (await call(method, route, USERS.supervisor, {}, body)).status }).toEqual({ method, route, status: 403 });
    }
    expect(await (await timers.getJob(jobId))!.getState()).toBe('delayed');
  });

  it('lets the system administrator read the board and act on it; it reads no case', async () => {
    expect((await api.get('/admin/queues', { as: USERS.admin })).status).toBe(200);
    const queues = await call('GET', '/queues', USERS.admin);
    expect(queues.status).toBe(200);
    expect(queues.text).toContain(DEADLINE_TIMERS_QUEUE);
    expect((await call('PUT', `${job()}/promote`, USERS.admin)).status).toBe(204);
    expect(await (await timers.getJob(jobId))!.getState()).toBe('waiting');
    // No case, no list, no identity: every case route answers 403, whatever the department.
    for (const route of ['/api/cases', `/api/cases/${randomUUID()}`, '/api/departments/so-tnmt/summary', '/api/deadline-board', '/api/me/inbox']) {
      expect({ route, status: (await api.get(route, { as: USERS.admin })).status }).toEqual({ route, status: 403 });
    }
    expect((await api.get<{ permissions: string[] }>('/api/auth/me', { as: USERS.admin })).body.permissions).toEqual(['profile.read', 'queues.read', 'queues.admin', 'users.manage']);
  });

  it('names no framework and lets no cache keep the page, its API or a refusal', async () => {
    const answers = [
      await api.get('/admin/queues', { as: USERS.admin }),
      await call('GET', '/queues', USERS.admin),
      await api.get('/admin/queues', { as: USERS.director }),
      await api.get('/admin/queues'),
    ];
    for (const answer of answers) {
      expect(answer.headers.get('x-powered-by')).toBeNull();
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('clears the queues cookie only for a page of this origin, not for a cross-site POST', async () => {
    const crossSite: Array<Record<string, string>> = [{}, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }];
    for (const headers of crossSite) {
      const answer = await api.post('/api/auth/queues-session/end', undefined, { headers });
      expect({ headers, status: answer.status, code: answer.body.code }).toEqual({ headers, status: 403, code: 'cross-site-request' });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    const sameOrigin: Array<Record<string, string>> = [{ 'sec-fetch-site': 'same-origin' }, { origin: api.baseUrl }];
    for (const headers of sameOrigin) {
      const answer = await api.post('/api/auth/queues-session/end', undefined, { headers });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 204 });
      expect(answer.headers.get('set-cookie')).toMatch(/^kntc_queues=; Path=\/admin\/queues; Max-Age=0;/);
    }
  });

  describe('while Redis is down or hung', () => {
    const PROMPT_MS = 3_000;
    const timed = async (request: () => Promise<{ status: number; headers: Headers; body: unknown }>) => {
      const started = Date.now();
      const answer = await request();
      return { ...answer, ms: Date.now() - started };
    };
    const expectUnavailable = async (): Promise<void> => {
      for (const [what, request] of [
        ['the page', () => api.get('/admin/queues', { as: USERS.admin })],
        ['the queues', () => call('GET', '/queues', USERS.admin)],
        ['a change', () => call('PUT', `/queues/${DEADLINE_TIMERS_QUEUE}/pause`, USERS.admin)],
      ] as const) {
        const answer = await timed(request);
        expect({ what, status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({ what, status: 503, code: 'queues-unavailable' });
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        expect({ what, prompt: answer.ms < PROMPT_MS }).toEqual({ what, prompt: true });
      }
      // Still refused before Redis is asked anything.
      expect((await api.get('/admin/queues')).status).toBe(401);
      expect((await api.get('/admin/queues', { as: USERS.director })).status).toBe(403);
    };

    it('answers 503 with Retry-After at once when Redis is hung (connected, never answering), and again once it wakes', async () => {
      redis.freeze();
      try {
        await expectUnavailable();
      } finally {
        redis.thaw();
      }
      await waitFor(async () => (await call('GET', '/queues', USERS.admin)).status === 200);
    });

    it('answers 503 with Retry-After at once when Redis is stopped, and again once it is back', async () => {
      await redis.stop();
      await expectUnavailable();
      await redis.start();
      await waitFor(async () => (await call('GET', '/queues', USERS.admin)).status === 200);
      for (const name of DEADLINE_QUEUES) expect((await call('GET', `/queues?activeQueue=${name}`, USERS.admin)).status).toBe(200);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}
