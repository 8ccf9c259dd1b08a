import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './support/free-port';

const ROOT = path.resolve(__dirname, '../..');

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) throw new Error(`the engine stopped (exit ${child.exitCode}):\n${output()}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`no answer from ${url}:\n${output()}`);
}

// `npm start` runs exactly this launcher after the build: the API and the worker as main.ts files compose them.
describe('the embedded engine as `npm start` launches it', () => {
  let child: ChildProcess;
  let dataDir: string;
  let base: string;
  let log = '';

  beforeAll(async () => {
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run the tests through scripts/with-redis.js (npm test does)');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-start-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(ROOT, 'scripts/start-embedded.js')], {
      env: { ...process.env, KNTC_DATA_DIR: dataDir, PORT: String(port), KNTC_REDIS_PREFIX: `kntc-start-${port}:` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers its health check', async () => {
    const health = await waitForHealth(`${base}/api/health`, child, () => log);
    expect(health.status).toBe(200);
  }, 60_000);

  it('runs the worker beside the API: its deadline scheduler started', async () => {
    for (let i = 0; i < 80 && !log.includes('scheduler started'); i++) await new Promise((r) => setTimeout(r, 250));
    expect(log).toContain('scheduler started');
  }, 30_000);

  it('keeps the queues UI behind a bearer token', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
  });
});
