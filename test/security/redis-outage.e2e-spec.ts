import { randomUUID } from 'node:crypto';
import { filing, startApiTestApp, USERS, type ApiAnswer, type ApiTestApp } from '../e2e/support/api-test-app';
import { startTestRedisServer, type TestRedisServer } from './support/redis-server';

jest.setTimeout(60_000);

/** "Promptly": a load balancer or a user should not wait for an outage to be told about it. */
const PROMPT_MS = 2_500;

interface Timed<T> {
  answer: ApiAnswer<T>;
  ms: number;
}

async function timed<T>(request: () => Promise<ApiAnswer<T>>): Promise<Timed<T>> {
  const started = Date.now();
  const answer = await request();
  return { answer, ms: Date.now() - started };
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

describe('the API when its Redis is stopped or hung', () => {
  let redis: TestRedisServer;
  let api: ApiTestApp;
  let caseId: string;

  const queries = (): Array<[string, () => Promise<ApiAnswer>]> => [
    ['GET /api/cases', () => api.get('/api/cases', { as: USERS.head })],
    ['GET /api/cases?after=', () => api.get('/api/cases?after=1', { as: USERS.head })],
    ['GET /api/cases/:id/summary', () => api.get(`/api/cases/${caseId}/summary`, { as: USERS.head })],
    ['GET /api/departments/:id/summary', () => api.get('/api/departments/so-tnmt/summary', { as: USERS.head })],
    ['GET /api/deadline-board', () => api.get('/api/deadline-board', { as: USERS.head })],
    ['GET /api/me/inbox', () => api.get('/api/me/inbox', { as: USERS.head })],
    ['POST /api/me/inbox/:id/read', () => api.post('/api/me/inbox/some-item/read', undefined, { as: USERS.head })],
  ];
  const fileCase = () => api.post('/api/cases', filing('complaint-first'), { as: USERS.intake, headers: { 'idempotency-key': randomUUID() } });

  beforeAll(async () => {
    redis = await startTestRedisServer();
    api = await startApiTestApp({ env: { REDIS_URL: redis.url, KNTC_READ_MODEL_WAIT_MS: '5000' } });
    const filed = await fileCase();
    expect(filed.status).toBe(201);
    caseId = filed.body.caseId;
    expect((await api.get(`/api/cases?after=${filed.body.position}`, { as: USERS.head })).status).toBe(200);
  });
  afterAll(async () => {
    redis?.thaw();
    await api?.close();
    await redis?.close();
  });

  it('reports liveness and readiness apart, both up while Redis answers', async () => {
    expect((await api.get('/api/health/live')).status).toBe(200);
    const ready = await api.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' }, redis: { status: 'up' } } });
    expect((await api.get('/api/health')).body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });
  });

  const expectOutage = async (): Promise<void> => {
    for (const [route, query] of queries()) {
      const { answer, ms } = await timed(query);
      expect({ route, status: answer.status, code: answer.body.code }).toEqual({ route, status: 503, code: 'read-models-unavailable' });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect({ route, prompt: ms < PROMPT_MS }).toEqual({ route, prompt: true });
    }
    const ready = await timed(() => api.get('/api/health/ready'));
    expect(ready.answer.status).toBe(503);
    expect(ready.ms).toBeLessThan(PROMPT_MS);
    expect(ready.answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ready.answer.body).toMatchObject({ code: 'unhealthy', checks: { details: { eventStore: { status: 'up' }, redis: { status: 'down' } } } });
    expect(Number(ready.answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.get('/api/health')).status).toBe(503);
    const live = await timed(() => api.get('/api/health/live'));
    expect(live.answer.status).toBe(200);
    expect(live.ms).toBeLessThan(PROMPT_MS);
  };

  const expectRecovered = async (): Promise<void> => {
    await eventually('queries answer again', async () => (await api.get('/api/cases', { as: USERS.head })).status === 200);
    for (const [route, query] of queries()) {
      const answer = await query();
      const expected = route.startsWith('POST') ? 404 : 200;
      expect({ route, status: answer.status }).toEqual({ route, status: expected });
    }
    expect((await api.get('/api/health/ready')).status).toBe(200);
  };

  describe('stopped (connections refused)', () => {
    let filedDuringOutage: { caseId: string; position: string };

    beforeAll(async () => {
      await redis.stop();
    });

    it('answers every read-model query 503 read-models-unavailable with Retry-After, promptly; readiness is down, liveness up', async () => {
      await expectOutage();
    });

    it('still takes commands and reads cases from the event store', async () => {
      const filed = await fileCase();
      expect(filed.status).toBe(201);
      filedDuringOutage = { caseId: filed.body.caseId, position: filed.body.position };
      expect((await api.caseOf(filedDuringOutage.caseId, USERS.head)).status).toBe(200);
    });

    it('answers again once Redis is back, without a restart, and the read models catch up on what was written meanwhile', async () => {
      await redis.start();
      await expectRecovered();
      await eventually('the case filed during the outage is listed', async () => {
        const answer = await api.get<{ items: Array<{ caseId: string }> }>(`/api/cases?after=${filedDuringOutage.position}`, { as: USERS.head });
        return answer.status === 200 && answer.body.items.some((item) => item.caseId === filedDuringOutage.caseId);
      });
    });
  });

  describe('hung (SIGSTOP: connected, never answering)', () => {
    beforeAll(() => {
      redis.freeze();
    });

    it('answers every read-model query 503 read-models-unavailable with Retry-After, promptly; readiness is down, liveness up', async () => {
      await expectOutage();
    });

    it('answers again once Redis wakes up, without a restart', async () => {
      redis.thaw();
      await expectRecovered();
    });
  });
});
