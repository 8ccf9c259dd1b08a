import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { TokenService, UsersDirectory } from '@kntc/auth';
import type { RunnerHeartbeat } from '@kntc/read-models';
import { vnDateOf } from '@kntc/workflow';
import { freePort } from './support/free-port';

const ROOT = path.resolve(__dirname, '../..');
const USERS_FILE = path.join(__dirname, 'support/users.yaml');
const WORKER_ENTRY = path.join(ROOT, 'dist/apps/worker/src/main.js');

/** The launcher's child that runs `entry`, from /proc (Linux). */
function childRunning(launcher: number, entry: string): number | undefined {
  const pids = fs.readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).map(Number);
  return pids.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(entry));
}

// `npm start` leaves the projections to the worker: the API's own appends reach the read models through another
// process's subscription on the same SQLite file, and a query given `?after=` still sees the user's own write.
describe('read-your-writes when the worker projects what the API appends', () => {
  let child: ChildProcess;
  let dataDir: string;
  let base: string;
  let prefix: string;
  let token: string;
  let log = '';

  beforeAll(async () => {
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run the tests through scripts/with-redis.js (npm test does)');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-ryw-'));
    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    token = new TokenService({ secret, users: UsersDirectory.load(USERS_FILE) }).issue('tnmt-intake').token;
    base = `http://127.0.0.1:${port}`;
    prefix = `kntc-ryw-${port}:`;
    child = spawn(process.execPath, [path.join(ROOT, 'scripts/start-embedded.js')], {
      env: { ...process.env, KNTC_DATA_DIR: dataDir, PORT: String(port), KNTC_REDIS_PREFIX: prefix, KNTC_USERS_FILE: USERS_FILE, KNTC_TOKEN_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null || attempt > 240) throw new Error(`the engine did not start:\n${log}`);
      const ready = await fetch(`${base}/api/health/live`).then((r) => r.ok, () => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const file = async (): Promise<{ caseId: string; position: string }> => {
    const response = await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        kind: 'complaint-first',
        department: 'so-tnmt',
        channel: 'in-person',
        receivedOn: vnDateOf(new Date()),
        subject: 'Khiếu nại quyết định thu hồi đất',
        content: 'Đề nghị xem xét lại mức bồi thường.',
        parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', confidential: false }],
        remoteArea: false,
      }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { caseId: string; position: string };
  };

  it('answers each filing’s summary asked with ?after=<its position>, within the wait', async () => {
    for (let i = 0; i < 5; i++) {
      const { caseId, position } = await file();
      const started = Date.now();
      const summary = await fetch(`${base}/api/cases/${caseId}/summary?after=${position}`, { headers: { authorization: `Bearer ${token}` } });
      expect(summary.status).toBe(200);
      expect(((await summary.json()) as { summary: { caseId: string } }).summary.caseId).toBe(caseId);
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  }, 60_000);

  it('projects in the worker alone: every runner heartbeat is the worker process’s', async () => {
    const worker = childRunning(child.pid!, WORKER_ENTRY);
    const redis = new Redis(process.env['REDIS_URL']!);
    try {
      const keys = await redis.keys(`${prefix}*runner:*`);
      const heartbeats = (await Promise.all(keys.map((key) => redis.get(key)))).filter((v): v is string => v !== null).map((v) => JSON.parse(v) as RunnerHeartbeat);
      expect(heartbeats.length).toBeGreaterThan(0);
      expect(new Set(heartbeats.map((h) => h.pid))).toEqual(new Set([worker]));
    } finally {
      redis.disconnect();
    }
  });
});
