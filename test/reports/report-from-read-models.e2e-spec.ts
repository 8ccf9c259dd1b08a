import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, DepartmentReportService, openReadModelRedis, prefixPattern, resolveReportWindow } from '@kntc/read-models';
import { startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { generateStore } from '../read-models/support/generate-store';
import { loadEngineFiles } from '../read-models/support/read-model-fixtures';

const EVENTS = 30_000;
const REPORT = '/api/reports/departments/so-tnmt?from=2025-01-01&to=2026-12-31';

jest.setTimeout(240_000);

/** Issue 11, item 2: with Redis, a report reads the department's report facts, not the store. */
describe('a department report over HTTP with the read models', () => {
  const root = `kntc:test-${randomUUID()}:`;
  let dataDir: string;
  let api: ApiTestApp | undefined;
  const env = (more: Record<string, string>) => ({ REDIS_URL: process.env['REDIS_URL']!, KNTC_REDIS_PREFIX: root, ...more });

  beforeAll(() => {
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run through `node scripts/with-redis.js npx jest ...`');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-report-rm-'));
    generateStore(path.join(dataDir, 'events.sqlite'), EVENTS);
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  afterAll(async () => {
    const redis = openReadModelRedis(process.env['REDIS_URL']!);
    await deleteKeys(redis, prefixPattern(root));
    await redis.quit();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 read-model-behind, with Retry-After, while the report facts have not reached the store', async () => {
    api = await startApiTestApp({ dataDir, env: env({ KNTC_RUN_PROJECTIONS: 'false', KNTC_READ_MODEL_WAIT_MS: '200' }) });
    const answer = await api.get(REPORT, { as: USERS.supervisor });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'read-model-behind' });
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  it('once caught up, equals the scan of the store, and a list query answers promptly while it is produced', async () => {
    api = await startApiTestApp({ dataDir, env: env({ KNTC_PROJECTION_BATCH_WINDOW_MS: '5' }) });
    let answer = await api.get(REPORT, { as: USERS.supervisor });
    const deadline = Date.now() + 180_000;
    while (answer.status === 503 && Date.now() < deadline) answer = await api.get(REPORT, { as: USERS.supervisor });
    expect(answer.status).toBe(200);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const scanned = await new DepartmentReportService(store, loadEngineFiles().workflows).build('so-tnmt', resolveReportWindow({ from: '2025-01-01', to: '2026-12-31' }));
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(scanned)));

    let reportDone = false;
    const report = api.get(REPORT, { as: USERS.supervisor }).finally(() => (reportDone = true));
    const latencies: number[] = [];
    while (!reportDone) {
      const sent = performance.now();
      const list = await api.get('/api/cases?department=so-tnmt', { as: USERS.supervisor });
      expect(list.status).toBe(200);
      latencies.push(performance.now() - sent);
    }
    expect((await report).status).toBe(200);
    expect(latencies.length).toBeGreaterThan(0);
    // The report holds the event loop for one HSCAN page of 200 cases at a time (a few ms); the bound leaves room for
    // a loaded 2-core machine, far below what a report read in one go holds it for (seconds).
    expect(Math.max(...latencies)).toBeLessThan(500);
  });
});
