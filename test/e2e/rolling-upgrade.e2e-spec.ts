import { randomUUID } from 'node:crypto';
import { EVENT_STORE, caseStream } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, openReadModelRedis, prefixPattern } from '@kntc/read-models';
import { filing, startApiTestApp, USERS, type ApiTestApp } from './support/api-test-app';

jest.setTimeout(60_000);

/**
 * Issue 11, item 5: during a rolling upgrade a newer release writes an event version this one cannot read.
 * Projections skip it with an alert that health shows, no process crashes, and commands on that case wait for
 * the newer release (503) instead of deciding on a history with a fact left out.
 */
describe('an event written by a newer release', () => {
  const root = `kntc:test-${randomUUID()}:`;
  let api: ApiTestApp;
  let touched: string;
  let untouched: string;

  beforeAll(async () => {
    const redisUrl = process.env['REDIS_URL'];
    if (!redisUrl) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    api = await startApiTestApp({ env: { REDIS_URL: redisUrl, KNTC_REDIS_PREFIX: root, KNTC_PROJECTION_BATCH_WINDOW_MS: '5' } });
    touched = (await api.post('/api/cases', filing('complaint-first'), { as: USERS.intake })).body.caseId;
    const store = api.app.get<EventStore>(EVENT_STORE);
    const revision = await api.revisionOf(touched);
    await store.append(
      caseStream(touched),
      [{ id: randomUUID(), type: 'CaseAccepted', schemaVersion: 99, data: { caseId: touched, acceptedAt: '2026-03-02T03:00:00.000Z', shape: 'of a later release' }, metadata: { occurredAt: '2026-03-02T03:00:00.000Z' } }],
      revision,
    );
    untouched = (await api.post('/api/cases', filing('complaint-first', { subject: 'Đơn nộp sau sự kiện mới' }), { as: USERS.intake })).body.caseId;
  });

  afterAll(async () => {
    await api?.close();
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
  });

  it('is skipped by the projections, which go on with the events after it', async () => {
    const found = await eventually(async () => {
      const answer = await api.get(`/api/cases/${untouched}/summary`, { as: USERS.head });
      return answer.status === 200 ? answer : undefined;
    });
    expect(found.text).toContain(untouched);
  });

  it('shows in health, per projection, without taking the instance out of service', async () => {
    const health = await eventually(async () => {
      const answer = await api.get<{ status: string; info: Record<string, { skipped?: Record<string, Record<string, number>> }> }>('/api/health');
      return answer.body.info?.['newerEvents']?.skipped !== undefined ? answer : undefined;
    });
    expect(health.status).toBe(200);
    const skipped = health.body.info['newerEvents']!.skipped!;
    expect(Object.keys(skipped).length).toBeGreaterThan(0);
    for (const counts of Object.values(skipped)) expect(counts).toEqual({ 'CaseAccepted@v99': 1 });
  });

  it('makes a command on that case wait for the newer release (503, Retry-After), and appends nothing', async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const before = (await store.readStream(caseStream(touched))).length;
    const answer = await api.command(touched, 'accept', { documentNo: '15/QĐ-TTr' }, USERS.head);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('event-version-unsupported');
    expect(answer.headers.get('retry-after')).not.toBeNull();
    expect(await store.readStream(caseStream(touched))).toHaveLength(before);
  });

  it('leaves commands on other cases alone', async () => {
    expect((await api.command(untouched, 'accept', { documentNo: '16/QĐ-TTr' }, USERS.head)).status).toBe(200);
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
