import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashPassword, UsersDirectory, UsersFileWriter } from '@kntc/auth';
import { freePort } from '../../e2e/support/free-port';

const ROOT = path.resolve(__dirname, '../../..');
const LAUNCHER = path.join(ROOT, 'scripts/start-embedded.js');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const MAX_LOG_CHARS = 200_000;
const STOP_TIMEOUT_MS = 10_000;

/** Every user of config/users.yaml signs in with this password in the browser tests (typed with its diacritics). */
export const PASSWORD = 'Mật khẩu thử nghiệm';

/** The engine as `npm start` runs it (API + worker, serving the built UI), on a free port with data of its own. */
export interface WebEngine {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** What the engine wrote so far (stdout and stderr), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** A copy of config/users.yaml in which every user has the password {@link PASSWORD}, as `kntc users set-password` would set it. */
async function usersFileWithPasswords(dir: string): Promise<string> {
  const file = path.join(dir, 'users.yaml');
  fs.copyFileSync(path.join(ROOT, 'config/users.yaml'), file);
  const hash = await hashPassword(PASSWORD);
  const writer = new UsersFileWriter(file);
  for (const user of UsersDirectory.load(file).list()) writer.setPasswordHash(user.id, hash);
  return file;
}

async function waitUntilServing(base: string, child: ChildProcess, log: () => string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the engine stopped (${child.signalCode ?? `exit ${child.exitCode}`}):\n${log()}`);
    try {
      const [health, home] = await Promise.all([fetch(`${base}/api/health`), fetch(`${base}/`)]);
      if (health.status === 200 && home.status === 200 && /<div id="root">/.test(await home.text())) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the engine did not serve ${base} within ${timeoutMs / 1000} s:\n${log()}`);
}

/**
 * Starts `node scripts/start-embedded.js` (what `npm start` runs after the build) with a temporary data folder,
 * a users file with passwords, its own Redis key prefix, and the built UI (KNTC_WEB_DIR, default dist/apps/web).
 * Login and write rate limits are raised: a test signs in as many users from one address. `firstRun`: no account
 * at all, as on a fresh install. `launcherArgs`: e.g. `--demo` (with the time the demo takes to load in `readyTimeoutMs`).
 */
export async function startWebEngine(options: { firstRun?: boolean; launcherArgs?: string[]; readyTimeoutMs?: number } = {}): Promise<WebEngine> {
  if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run the tests through scripts/with-redis.js (npm test does)');
  if (!fs.existsSync(API_ENTRY)) throw new Error(`no ${path.relative(ROOT, API_ENTRY)}: run "npm run build" first (npm test does)`);
  const webDir = path.resolve(process.env['KNTC_WEB_DIR'] ?? path.join(ROOT, 'dist/apps/web'));
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error(`no built UI in ${webDir}: run "npm run build:web" first (npm test does)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-web-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const log = () => output;
  let child: ChildProcess;
  try {
    const usersFile = await usersFileWithPasswords(dir);
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    child = spawn(process.execPath, [LAUNCHER, ...(options.launcherArgs ?? [])], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        KNTC_DATA_DIR: dataDir,
        KNTC_USERS_FILE: usersFile,
        KNTC_WEB_DIR: webDir,
        KNTC_REDIS_PREFIX: `kntc-web-${port}-${process.pid}:`,
        KNTC_RATE_LIMIT_LOGIN: '1000/60',
        KNTC_RATE_LIMIT_WRITES: '1000/60',
        // A first run: no account is loaded from the users file, the engine prints its set-up link.
        ...(options.firstRun ? { KNTC_USERS_SEED: 'none' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > MAX_LOG_CHARS) output = output.slice(-MAX_LOG_CHARS);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(base, child, log, options.readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, log, stop };
}
