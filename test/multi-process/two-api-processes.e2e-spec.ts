import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { createTestSchema, describeWithPostgres, TEST_POSTGRES_URL, type TestSchema } from '@kntc/auth/testing';
import { assertBuilt, runKntc } from '../cli/kntc-cli';
import { filing, USERS } from '../e2e/support/api-test-app';
import { freePort } from '../e2e/support/free-port';
import { DENUNCIATION_COURSE } from '../security/support/security-fixtures';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const REGISTER = path.join(ROOT, 'test/read-models/support/register-ts.js');
const API_ENTRY = path.join(ROOT, 'apps/api/src/main.ts');
const USERS_FILE = path.join(ROOT, 'test/e2e/support/users.yaml');
const START_TIMEOUT_MS = 60_000;

const denouncer = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', confidential: true };
const accused = { role: 'accused', name: 'Trương Văn Bình', confidential: false };

interface ApiProcess {
  base: string;
  child: ChildProcess;
  log(): string;
}

/** One API process (the TypeScript sources, as `npm start` runs the built ones), on its own port. */
async function startApi(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', REGISTER, API_ENTRY], { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API stopped (exit ${child.exitCode}):\n${output}`);
    const health = await fetch(`${base}/api/health/live`).catch(() => undefined);
    if (health?.status === 200) return { base, child, log: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`the API did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
}

async function stopApi(api: ApiProcess | undefined): Promise<void> {
  if (!api || api.child.exitCode !== null) return;
  const exited = new Promise((resolve) => api.child.once('exit', resolve));
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

describeWithPostgres('two API processes sharing PostgreSQL (case keys, accounts) and Redis (rate limits)', () => {
  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService({ secret, users: UsersDirectory.load(USERS_FILE) });
  let schema: TestSchema;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let first: ApiProcess | undefined;
  let second: ApiProcess | undefined;
  let caseId: string;

  const post = (api: ApiProcess, urlPath: string, body: unknown, as?: string) =>
    fetch(`${api.base}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(as ? { authorization: `Bearer ${tokens.issue(as).token}` } : {}) },
      body: JSON.stringify(body),
    });
  const reveal = async (api: ApiProcess): Promise<{ status: number; body: { identityStatus?: string; parties?: Array<Record<string, unknown>> } }> => {
    const answer = await post(api, `/api/cases/${caseId}/identity-reveal`, { reason: 'Xác minh nhân thân người tố cáo' }, USERS.head);
    return { status: answer.status, body: (await answer.json()) as { identityStatus?: string } };
  };

  beforeAll(async () => {
    assertBuilt();
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run the tests through scripts/with-redis.js');
    schema = await createTestSchema();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-two-apis-'));
    env = {
      ...process.env,
      // One machine's folder for the SQLite event store; the keys and accounts are in PostgreSQL.
      KNTC_DATA_DIR: dataDir,
      KNTC_EVENT_STORE: 'sqlite',
      KNTC_POSTGRES_URL: TEST_POSTGRES_URL,
      KNTC_POSTGRES_SCHEMA: schema.name,
      KNTC_REDIS_PREFIX: `kntc-two-apis-${process.pid}-${randomBytes(3).toString('hex')}:`,
      KNTC_MASTER_KEY: randomBytes(32).toString('base64'),
      KNTC_TOKEN_SECRET: secret,
      KNTC_USERS_FILE: USERS_FILE,
      KNTC_RATE_LIMIT_LOGIN: '3/300',
      KNTC_RATE_LIMIT_WRITES: '100000/60',
      KNTC_LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    };
    [first, second] = await Promise.all([startApi(env), startApi(env)]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([stopApi(first), stopApi(second)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  });

  it('counts sign-in attempts once for both: the limit reached through one is reached through the other', async () => {
    const attempt = (api: ApiProcess) => post(api, '/api/auth/login', { userId: USERS.head, password: 'sai mật khẩu 0000' });
    const statuses = [];
    for (const api of [first!, second!, first!, second!]) statuses.push((await attempt(api)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt(first!)).status).toBe(429);
  });

  it('reveals through the second the confidential identity filed through the first', async () => {
    const filed = await post(first!, '/api/cases', filing('denunciation', { parties: [denouncer, accused] }), USERS.intake);
    expect(filed.status).toBe(201);
    caseId = ((await filed.json()) as { caseId: string }).caseId;
    const revealed = await reveal(second!);
    expect(revealed.status).toBe(200);
    expect(revealed.body.parties![0]).toMatchObject({ name: denouncer.name, idNumber: denouncer.idNumber });
  });

  it('once the case key is shredded through the first process configuration, reads as erased through both', async () => {
    for (const [index, step] of DENUNCIATION_COURSE.entries()) {
      const api = index % 2 === 0 ? first! : second!;
      const answer = await post(api, `/api/cases/${caseId}/${step.action}`, step.body ?? {}, step.as);
      if (answer.status !== 200) throw new Error(`${step.action} as ${step.as}: ${answer.status} ${await answer.text()}`);
    }
    const shred = await runKntc(['cases', 'shred', caseId, '--reason', 'Hết thời hạn lưu trữ', '--operator', 'quan-tri-vien', '--yes'], dataDir, {
      KNTC_POSTGRES_URL: TEST_POSTGRES_URL,
      KNTC_POSTGRES_SCHEMA: schema.name,
      KNTC_MASTER_KEY: env['KNTC_MASTER_KEY']!,
      KNTC_TOKEN_SECRET: secret,
      KNTC_USERS_FILE: USERS_FILE,
    });
    expect({ code: shred.code, stderr: shred.stderr }).toEqual({ code: 0, stderr: '' });
    for (const api of [first!, second!]) {
      const after = await reveal(api);
      expect({ status: after.status, identityStatus: after.body.identityStatus }).toEqual({ status: 200, identityStatus: 'shredded' });
      expect(JSON.stringify(after.body)).not.toContain(denouncer.idNumber);
    }
  });

  it('shares the accounts: an account both load from one seed, and no users file of its own in the data folder', async () => {
    expect(fs.existsSync(path.join(dataDir, 'users.json'))).toBe(false);
    const me = await fetch(`${second!.base}/api/auth/me`, { headers: { authorization: `Bearer ${tokens.issue(USERS.admin).token}` } });
    expect(me.status).toBe(200);
  });
});
