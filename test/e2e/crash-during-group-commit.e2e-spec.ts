import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { SqliteEventStore } from '@kntc/event-store';
import { REPO_ROOT, requireRedisUrl, TestRedis } from '../read-models/support/read-model-fixtures';
import { filing, USERS } from './support/api-test-app';
import { freePort } from './support/free-port';

jest.setTimeout(120_000);

const FILINGS = 200;
/** The API is killed once this many filings were answered: the rest are still in flight. */
const KILL_AFTER_ANSWERS = 20;
const USERS_FILE = path.join(__dirname, 'support', 'users.yaml');
const REGISTER = path.join(REPO_ROOT, 'test', 'read-models', 'support', 'register-ts.js');
const API_ENTRY = path.join(REPO_ROOT, 'apps', 'api', 'src', 'main.ts');
/** Variables that would point the API at a store, Redis keys or secrets the test did not create. */
const INHERITED = ['KNTC_EVENT_STORE', 'KURRENTDB_CONNECTION_STRING', 'KNTC_SQLITE_FILE', 'KNTC_DATA_DIR', 'KNTC_REDIS_PREFIX', 'KNTC_TOKEN_SECRET', 'KNTC_USERS_FILE'];

interface Filing {
  key: string;
  body: Record<string, unknown>;
}

interface Answer {
  status: number;
  /** The Idempotent-Replayed header: this answer repeats an earlier execution of the key. */
  replayed: boolean;
  body: { caseId: string; events: Array<{ id: string; type: string; revision: number }> };
}

/** The API entry (apps/api/src/main.ts) as a child process, from the sources, as the worker tests run the worker. */
class ApiProcess {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  readonly exited: Promise<unknown>;

  constructor(env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const name of INHERITED) delete childEnv[name];
    this.child = spawn(process.execPath, ['-r', REGISTER, API_ENTRY], {
      cwd: REPO_ROOT,
      env: { ...childEnv, KNTC_EVENT_STORE: 'sqlite', NO_COLOR: '1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  log(): string {
    return this.output.join('');
  }

  async ready(baseUrl: string): Promise<void> {
    for (let attempt = 0; attempt < 240; attempt++) {
      if (this.child.exitCode !== null) throw new Error(`the API stopped (exit ${this.child.exitCode}):\n${this.log()}`);
      try {
        if ((await fetch(`${baseUrl}/api/health`)).status < 500) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no answer from ${baseUrl}:\n${this.log()}`);
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

describe('the API killed (SIGKILL) while 200 filings are being group-committed', () => {
  let dataDir: string;
  let redis: TestRedis;
  let api: ApiProcess | undefined;
  let env: Record<string, string>;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    requireRedisUrl();
    redis = new TestRedis();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-crash-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const secret = randomUUID() + randomUUID();
    env = {
      KNTC_DATA_DIR: dataDir,
      KNTC_USERS_FILE: USERS_FILE,
      KNTC_TOKEN_SECRET: secret,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      KNTC_REDIS_PREFIX: redis.keys.root,
      KNTC_RATE_LIMIT_WRITES: '100000/60',
    };
    token = new TokenService({ secret, users: UsersDirectory.load(USERS_FILE) }).issue(USERS.intake).token;
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await redis.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const file = (filed: Filing): Promise<Answer> =>
    fetch(`${baseUrl}/api/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': filed.key },
      body: JSON.stringify(filed.body),
    }).then(async (response) => ({
      status: response.status,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      body: (await response.json()) as Answer['body'],
    }));

  /** The case events of the store file, read by a connection of the test's own. */
  const storedCaseEvents = async () => {
    const store = SqliteEventStore.open(path.join(dataDir, 'events.sqlite'));
    try {
      return await store.readAll({ streamPrefix: 'case-' });
    } finally {
      await store.close();
    }
  };

  it('keeps every answered filing, and a retry of each one with its key creates nothing new', async () => {
    const filings: Filing[] = Array.from({ length: FILINGS }, (_, i) => ({
      key: randomUUID(),
      body: filing('complaint-first', { subject: `Khiếu nại số ${i} về thu hồi đất` }),
    }));
    api = new ApiProcess(env);
    await api.ready(baseUrl);

    let answered = 0;
    let killing: Promise<void> | undefined;
    const outcomes = await Promise.allSettled(
      filings.map((filed) =>
        file(filed).then((answer) => {
          if (answer.status >= 200 && answer.status < 300 && ++answered === KILL_AFTER_ANSWERS) killing = api!.kill('SIGKILL');
          return answer;
        }),
      ),
    );
    await killing;

    const answers = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
    const ok = answers.flatMap((answer, index) => (answer && answer.status >= 200 && answer.status < 300 ? [{ index, answer }] : []));
    // Anything answered was 2xx, and the kill came while filings were still in flight.
    expect(answers.filter((answer) => answer !== undefined && (answer.status < 200 || answer.status >= 300))).toEqual([]);
    expect(ok.length).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
    expect(ok.length).toBeLessThan(FILINGS);

    // Every answered filing is on disk, with the very events it was answered with.
    const beforeRestart = await storedCaseEvents();
    const storedIds = new Set(beforeRestart.map((event) => event.id));
    for (const { answer } of ok) {
      expect(answer.body.events.length).toBeGreaterThan(0);
      for (const event of answer.body.events) expect(storedIds.has(event.id)).toBe(true);
    }
    const filedBefore = new Set(beforeRestart.filter((event) => event.type === 'CaseFiled').map((event) => event.stream));

    api = new ApiProcess(env);
    await api.ready(baseUrl);
    const retries: Answer[] = [];
    for (let from = 0; from < FILINGS; from += 20) retries.push(...(await Promise.all(filings.slice(from, from + 20).map(file))));

    expect(retries.filter((retry) => retry.status < 200 || retry.status >= 300)).toEqual([]);
    for (const { index, answer } of ok) {
      expect(answer.replayed).toBe(false);
      expect(retries[index]).toMatchObject({ replayed: true, body: { caseId: answer.body.caseId, events: answer.body.events } });
    }
    // A filing stored before the kill, answered or not, is replayed; only those never stored are filed now.
    retries.forEach((retry) => expect(retry.replayed).toBe(filedBefore.has(`case-${retry.body.caseId}`)));
    const afterRetry = await storedCaseEvents();
    expect(afterRetry.slice(0, beforeRestart.length)).toEqual(beforeRestart);
    const filed = afterRetry.filter((event) => event.type === 'CaseFiled').map((event) => event.stream);
    expect(filed).toHaveLength(FILINGS);
    expect(new Set(filed)).toEqual(new Set(retries.map((retry) => `case-${retry.body.caseId}`)));
    console.log(`API killed after ${ok.length}/${FILINGS} filings answered; ${filedBefore.size} were on disk at the kill`);
  });
});
