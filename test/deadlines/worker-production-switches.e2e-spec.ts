import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertBuilt, REPO_ROOT, tempDataDir } from '../cli/kntc-cli';

const WORKER = path.join(REPO_ROOT, 'dist/apps/worker/src/main.js');

function runWorker(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [WORKER], { cwd: REPO_ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
    child.stdin?.end();
  });
}

/** Issue 11, item 5: a test-only switch must not reach production. */
describe('the worker started in production mode with a test-only switch', () => {
  let dataDir: string;
  beforeAll(() => {
    assertBuilt();
    dataDir = tempDataDir();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start, naming the switch, before it touches the store', async () => {
    const result = await runWorker({
      KNTC_MODE: 'production',
      KNTC_DATA_DIR: dataDir,
      KNTC_MASTER_KEY: randomBytes(32).toString('base64'),
      KNTC_TOKEN_SECRET: randomBytes(32).toString('hex'),
      REDIS_URL: 'redis://127.0.0.1:1',
      KNTC_BUSINESS_TIME_OVERRIDE: '2026-03-02T02:00:00.000Z',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KNTC_BUSINESS_TIME_OVERRIDE');
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(false);
  }, 40_000);
});
