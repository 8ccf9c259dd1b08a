import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApiTestApp, USERS, type ApiTestApp } from '../e2e/support/api-test-app';
import { generateStore } from '../read-models/support/generate-store';

/** Enough events that a report takes well over a second on this machine. */
const EVENTS = 80_000;
const PROBE_EVERY_MS = 20;

jest.setTimeout(180_000);

describe('a large department report being produced', () => {
  let api: ApiTestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-report-load-'));
    generateStore(path.join(dataDir, 'events.sqlite'), EVENTS);
    api = await startApiTestApp({ dataDir, env: { KNTC_RUN_PROJECTIONS: 'false' } });
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the API answering other requests promptly meanwhile', async () => {
    let reportDone = false;
    const started = performance.now();
    const report = api.get('/api/reports/departments/so-tnmt?from=2025-01-01&to=2026-12-31', { as: USERS.supervisor }).finally(() => (reportDone = true));
    const latencies: number[] = [];
    while (!reportDone) {
      const sent = performance.now();
      const answer = await api.get('/api/health/live');
      if (reportDone) break;
      expect(answer.status).toBe(200);
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
    const reportMs = performance.now() - started;
    expect((await report).status).toBe(200);
    // The report must have taken long enough for the probes to mean something.
    expect(reportMs).toBeGreaterThan(500);
    expect(latencies.length).toBeGreaterThan(reportMs / (PROBE_EVERY_MS + 250) / 2);
    expect(Math.max(...latencies)).toBeLessThan(250);
  });
});
