/**
 * Durable commands over HTTP: filings per second with p50/p99 latency at 8 and 32 connections, beside a bare NestJS
 * POST handler on the same versions measured in the same run (the machine's ceiling for a Nest request), against the
 * engine in two shapes (embedded SQLite store with synchronous=FULL; a private Redis):
 * - as `npm start` runs it (scripts/start-embedded.js): the API and the worker, which projects the read models and
 *   keeps the timers, on the same cores as the API and the load generator;
 * - the API process alone, as when the worker runs on another machine (README, scaling out): then the worker is
 *   started and the time it takes to project everything the API wrote is measured, so the printout says whether one
 *   worker keeps up with the API's rate. Beside it, the same filing made invalid (refused by the validation with 400):
 *   the request pipeline (security headers, request log, token, rate limit, parsing, the problem answer) without the
 *   domain and the store, so the printout tells the two apart.
 * Each point states the load average.
 * Run with `npm run bench` (KNTC_BENCH_HTTP_SECONDS sets the measured seconds per point; default 10;
 * KNTC_BENCH_CPU_PROFILE=<folder> writes a CPU profile of the API's and the worker's main threads there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { DEADLINE_SCHEDULER_PROJECTION } from '@kntc/deadlines';
import { createProjections, ReadModelKeys } from '@kntc/read-models';
import { loadEngineFiles as loadWorkflowsAndCalendar } from '../test/read-models/support/read-model-fixtures';
import { vnDateOf } from '@kntc/workflow';

const ROOT = path.resolve(__dirname, '..');
const USERS_FILE = path.join(ROOT, 'test/e2e/support/users.yaml');
const CONNECTIONS = [8, 32];
const WARM_UP_SECONDS = 3;
/** Projections the worker runs (the đơn register among them, as it holds the vault's signing key), and the deadline scheduler. */
const WORKER_PROJECTIONS = [...createProjections({ ...loadWorkflowsAndCalendar(), donSign: (folded: string) => folded }).map((p) => p.name), DEADLINE_SCHEDULER_PROJECTION];

interface Point {
  target: string;
  connections: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU the server spent per answered request, in ms: its main thread (the event loop) and the whole process. */
  cpu?: CpuPerRequest;
  /** The worker's CPU per answered request (projections and timers of what the API wrote). */
  workerCpu?: CpuPerRequest;
  /** Redis's CPU per answered request (the API's rate limit; the worker's read models and timer jobs), in ms. */
  redisMs?: number;
  /** This process's CPU per answered request: the load generator's share of the same cores, in ms. */
  loadGeneratorMs: number;
  /** The machine's 1-minute load average at the end of the point (2 cores: above 2, other work shared them). */
  load: number;
}

interface CpuPerRequest {
  mainThreadMs: number;
  processMs: number;
}

export async function main(): Promise<void> {
  const redisUrl = process.env['REDIS_URL'];
  if (!redisUrl) throw new Error('REDIS_URL is not set: run `npm run bench`');
  const seconds = Number(process.env['KNTC_BENCH_HTTP_SECONDS'] ?? 10);
  const apiEntry = path.join(ROOT, 'dist/apps/api/src/main.js');
  if (!fs.existsSync(apiEntry)) throw new Error('dist/apps/api/src/main.js is missing: run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-http-'));
  const dirs = [dataDir];
  const secret = randomBytes(32).toString('hex');
  const token = new TokenService({ secret, users: UsersDirectory.load(USERS_FILE) }).issue('tnmt-intake').token;
  const children: ChildProcess[] = [];
  try {
    const bare = await startChild(children, process.execPath, ['-r', path.join(ROOT, 'test/read-models/support/register-ts.js'), path.join(__dirname, 'support/bare-nest-server.ts')], {});
    const apiPort = 30_000 + Math.floor(Math.random() * 20_000);
    // KNTC_BENCH_CPU_PROFILE=<folder>: the API's and the worker's main threads are profiled under the whole load (see the preload).
    const profile: Record<string, string> = process.env['KNTC_BENCH_CPU_PROFILE'] ? { NODE_OPTIONS: `--require ${path.join(__dirname, 'support/cpu-profile.preload.js')}` } : {};
    await startChild(children, process.execPath, [path.join(ROOT, 'scripts/start-embedded.js')], {
      ...profile,
      KNTC_DATA_DIR: dataDir,
      KNTC_USERS_FILE: USERS_FILE,
      KNTC_TOKEN_SECRET: secret,
      KNTC_RATE_LIMIT_WRITES: '1000000/60',
      REDIS_URL: redisUrl,
      KNTC_REDIS_PREFIX: `kntc:bench-${randomUUID()}:`,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    }, apiPort);
    const redisPid = await localRedisPid(redisUrl);
    const engine = { api: childRunning(children[1]!.pid, apiEntry), worker: childRunning(children[1]!.pid, path.join(ROOT, 'dist/apps/worker/src/main.js')), redis: redisPid };
    // The API alone: its own data folder and key prefix, the worker started only after the points (see catchUp).
    const aloneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-bench-http-alone-'));
    dirs.push(aloneDir);
    const aloneEnv = {
      KNTC_DATA_DIR: aloneDir,
      KNTC_USERS_FILE: USERS_FILE,
      KNTC_TOKEN_SECRET: secret,
      KNTC_RATE_LIMIT_WRITES: '1000000/60',
      REDIS_URL: redisUrl,
      KNTC_REDIS_PREFIX: `kntc:bench-${randomUUID()}:`,
      // A refused request is logged at warn, a stored filing at info: at error neither is, so the two points compare
      // the work of the request alone.
      LOG_LEVEL: 'error',
    };
    const alonePort = apiPort + 1;
    await startChild(children, process.execPath, [apiEntry], { ...profile, ...aloneEnv, KNTC_RUN_PROJECTIONS: 'false', PORT: String(alonePort), HOST: '127.0.0.1' }, alonePort);
    const alone = { api: children[2]!.pid, redis: redisPid };
    const points: Point[] = [];
    for (const connections of CONNECTIONS) {
      points.push(await load('bare NestJS POST handler', Number(bare), connections, seconds, undefined, { api: children[0]!.pid, redis: redisPid }));
      points.push(await load('KNTC durable filing, npm start', apiPort, connections, seconds, token, engine));
      points.push(await load('KNTC durable filing, API alone', alonePort, connections, seconds, token, alone));
      points.push(await load('KNTC filing refused (400), API alone', alonePort, connections, seconds, token, alone, true));
    }
    const filedAlone = points.filter((p) => p.target === 'KNTC durable filing, API alone').reduce((sum, p) => sum + p.requests, 0);
    const caughtUp = await catchUp(children, { ...aloneEnv, ...profile }, path.join(aloneDir, 'events.sqlite'), redisUrl);
    log('durable commands over HTTP (filings, synchronous=FULL), beside a bare NestJS handler in the same run:');
    for (const p of points) {
      const cpu = p.cpu ? `  CPU/request: main thread ${p.cpu.mainThreadMs.toFixed(2)} ms, process ${p.cpu.processMs.toFixed(2)} ms` : '';
      const worker = p.workerCpu ? `; worker: main thread ${p.workerCpu.mainThreadMs.toFixed(2)} ms, process ${p.workerCpu.processMs.toFixed(2)} ms` : '';
      const rest = `; Redis ${p.redisMs?.toFixed(2) ?? '?'} ms; load generator ${p.loadGeneratorMs.toFixed(2)} ms`;
      log(`  ${p.target.padEnd(40)} ${String(p.connections).padStart(2)} conn: ${fmt(p.perSecond)}/s  p50 ${p.p50.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  (${p.requests} requests, ${p.errors} errors, load ${p.load.toFixed(1)})${cpu}${worker}${rest}`);
    }
    for (const connections of CONNECTIONS) {
      const [bareP, started, apiAlone, refused] = points.filter((p) => p.connections === connections);
      log(
        `  ratio at ${connections} connections: npm start ${(started!.perSecond / bareP!.perSecond).toFixed(2)}×, API alone ` +
          `${(apiAlone!.perSecond / bareP!.perSecond).toFixed(2)}× the bare handler (target ≥ 0.3×; p99 target ≤ 50 ms at 8); ` +
          `the request pipeline alone (refused before the store) ${(refused!.perSecond / bareP!.perSecond).toFixed(2)}×`,
      );
    }
    log(
      `  the worker, started after the API-alone points, projected all ${fmt(caughtUp.events)} events of those ${fmt(filedAlone)} filings ` +
        `(every read model and the deadline scheduler) in ${caughtUp.seconds.toFixed(1)} s: ${fmt(caughtUp.events / caughtUp.seconds)} events/s, ` +
        `${fmt(filedAlone / caughtUp.seconds)} filings/s (startup included)`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the worker on the API-alone data folder and waits until every projection's checkpoint (the read models'
 * and the deadline scheduler's) reaches the store's head: the time a worker takes to project what the API wrote.
 */
async function catchUp(children: ChildProcess[], env: Record<string, string>, storeFile: string, redisUrl: string): Promise<{ events: number; seconds: number }> {
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  const redis = new Redis(redisUrl);
  try {
    const { head, events } = db.prepare('SELECT MAX(position) AS head, COUNT(*) AS events FROM events').get() as { head: number; events: number };
    const started = performance.now();
    // With the node flags npm start gives the worker (scripts/start-embedded.js).
    const worker = spawn(process.execPath, ['--max-semi-space-size=64', path.join(ROOT, 'dist/apps/worker/src/main.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(worker);
    // Each projection's active build, then its checkpoint: a few GETs per look (a SCAN of the keyspace would cost
    // Redis more than the worker's own writes).
    const keys = new ReadModelKeys(env['KNTC_REDIS_PREFIX']);
    for (;;) {
      const actives = await redis.mget(WORKER_PROJECTIONS.map((name) => keys.projection(name).active));
      const positions = actives.every((build) => build !== null)
        ? (await redis.mget(actives.map((build, i) => keys.projection(WORKER_PROJECTIONS[i]!).build(build!).checkpoint))).map(Number)
        : [];
      if (positions.length > 0 && positions.every((position) => position >= head)) return { events, seconds: (performance.now() - started) / 1000 };
      if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    db.close();
    await redis.quit();
  }
}

/** The pid of the Redis server when it runs on this machine (its CPU shares the cores), else undefined. */
async function localRedisPid(url: string): Promise<number | undefined> {
  const redis = new Redis(url);
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    const cmdline = `/proc/${pid}/cmdline`;
    return fs.existsSync(cmdline) && fs.readFileSync(cmdline, 'utf8').includes('redis-server') ? pid : undefined;
  } finally {
    await redis.quit();
  }
}

/** Starts a server child; resolves with its first stdout line (the bare server prints its port) or once `port` answers. */
function startChild(children: ChildProcess[], command: string, args: string[], env: Record<string, string>, port?: number): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}`)));
    if (port === undefined) {
      child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      return;
    }
    child.stdout!.resume();
    const deadline = Date.now() + 60_000;
    const probe = (): void => {
      const request = http.get({ host: '127.0.0.1', port, path: '/api/health/live' }, (response) => {
        response.resume();
        resolve(String(port));
      });
      request.on('error', () => (Date.now() > deadline ? reject(new Error('the API did not start')) : setTimeout(probe, 200)));
    };
    probe();
  });
}

/** The pid of the launcher's child that runs `entry` (start-embedded.js starts the API and the worker). */
function childRunning(launcher: number | undefined, entry: string): number | undefined {
  const file = `/proc/${launcher}/task/${launcher}/children`;
  if (launcher === undefined || !fs.existsSync(file)) return undefined;
  const pids = fs.readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  return pids.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(entry));
}

async function load(
  target: string,
  port: number,
  connections: number,
  seconds: number,
  token: string | undefined,
  pids: { api: number | undefined; worker?: number | undefined; redis?: number | undefined },
  /** `refused`: a filing the validation refuses (400), which goes through the same route, guards and log, not the store. */
  refused = false,
): Promise<Point> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const expected = refused ? 400 : 201;
  const body = JSON.stringify({
    kind: 'complaint-first',
    department: 'so-tnmt',
    channel: 'in-person',
    // Received today: no statutory clock of a filing is already due, so the worker schedules its timers, none fires.
    receivedOn: vnDateOf(new Date()),
    subject: 'Khiếu nại quyết định thu hồi đất tại phường Hòa Bình',
    content: 'Đề nghị xem xét lại mức bồi thường khi thu hồi 120 m² đất ở.',
    parties: [{ role: 'complainant', name: 'Nguyễn Thị Ánh', idNumber: '001190012345', address: 'Số 12 Lê Lợi', confidential: false }],
    remoteArea: refused ? 'không' : false,
  });
  const send = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/cases',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'idempotency-key': randomUUID(),
            ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const run = async (forSeconds: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + forSeconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          const status = await send().catch(() => 0);
          if (status !== expected) errors += 1;
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
    return { latencies, errors };
  };
  await run(WARM_UP_SECONDS, false);
  const before = { api: cpuTicks(pids.api), worker: cpuTicks(pids.worker), redis: cpuTicks(pids.redis), self: process.cpuUsage() };
  const { latencies, errors } = await run(seconds, true);
  const after = { api: cpuTicks(pids.api), worker: cpuTicks(pids.worker), redis: cpuTicks(pids.redis), self: process.cpuUsage(before.self) };
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const perRequest = (ticks: number) => (ticks * TICK_MS) / latencies.length;
  const cpuOf = (from: CpuTicks | undefined, to: CpuTicks | undefined): CpuPerRequest | undefined =>
    from && to ? { mainThreadMs: perRequest(to.mainThread - from.mainThread), processMs: perRequest(to.process - from.process) } : undefined;
  const cpu = cpuOf(before.api, after.api);
  const workerCpu = cpuOf(before.worker, after.worker);
  const redisCpu = cpuOf(before.redis, after.redis);
  return {
    target,
    connections,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    ...(cpu ? { cpu } : {}),
    ...(workerCpu ? { workerCpu } : {}),
    ...(redisCpu ? { redisMs: redisCpu.processMs } : {}),
    loadGeneratorMs: (after.self.user + after.self.system) / 1000 / latencies.length,
    load: os.loadavg()[0]!,
  };
}

interface CpuTicks {
  process: number;
  mainThread: number;
}

/** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms. */
const TICK_MS = 10;

/**
 * CPU ticks (user + system) of a process and of its main thread, from /proc (Linux only; undefined elsewhere). On a
 * machine shared with other work, the CPU per request says what throughput alone cannot: how close the event loop
 * is to its own limit (1000 / main-thread ms per request).
 */
function cpuTicks(pid: number | undefined): CpuTicks | undefined {
  const ticksOf = (file: string): number => {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/stat`)) return undefined;
  return { process: ticksOf(`/proc/${pid}/stat`), mainThread: ticksOf(`/proc/${pid}/task/${pid}/stat`) };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
