import { hashPassword, openUsersStore, UserAccounts, UsersDirectory, type DirectoryUser } from '@kntc/auth';
import { findProjectRoot, openEngine, type KntcConfig } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { importRegister, type ImportSummary } from '../import/import.command';
import { UsageError } from '../shared/cli-errors';
import { loadEngineFiles, readConfig } from '../shared/engine-files';
import { demoEnvironment } from './demo-environment';
import { generateDemoRegister, type DemoRegister } from './demo-register';

/** Written into the demo folder on the first load: what a later `kntc demo` on it regenerates, line for line. */
const MARKER = 'demo.json';
const REGISTER_FILE = 'demo-register.jsonl';
export const DEFAULT_DEMO_SEED = 1;

interface DemoMarker {
  seed: number;
  /** The instant of the first load: the quarter ends that day, and no act is dated after it. */
  until: string;
}

export interface DemoOutcome {
  dir: string;
  seed: number;
  register: Omit<DemoRegister, 'lines'> & { file: string; lines: number };
  import: ImportSummary;
  /** The accounts loaded into the empty users store, with the one password they share; none on a later load. */
  users?: { count: number; password: string; examples: string[] };
}

/**
 * Loads the demo into `dir`: the users of the users file, every one with one new password, and a quarter of a Sở
 * as a register run through `kntc import` (the same command bus as the API). On a folder that already holds the
 * demo it regenerates the same register from the folder's marker, so the idempotency keys import nothing again.
 * Meanwhile this process's environment is the demo folder's (demo-environment.ts).
 */
export async function loadDemo(options: { dir: string; seed?: number; now: Date }): Promise<DemoOutcome> {
  const dir = path.resolve(options.dir);
  const marker = claimFolder(dir, options.seed, options.now);
  const outside = { ...process.env };
  setEnvironment(demoEnvironment(process.env, dir));
  try {
    const config = readConfig();
    // The demo's seed: its accounts, and the officers its register names, whatever the store holds by now.
    const seedUsers = UsersDirectory.load(config.usersFile).list();
    const engine = await openEngine(config);
    let register: DemoRegister;
    let users: DemoOutcome['users'];
    try {
      register = generateDemoRegister({ seed: marker.seed, until: new Date(marker.until), calendar: loadEngineFiles(config).calendar, users: seedUsers });
      users = await loadUsers(config, engine.store, seedUsers);
    } finally {
      await engine.store.close();
      await engine.vault.close();
    }
    const file = path.join(dir, REGISTER_FILE);
    fs.writeFileSync(file, register.lines.map((line) => JSON.stringify(line)).join('\n') + '\n', { mode: 0o600 });
    const summary = await importRegister(file, false);
    return { dir, seed: marker.seed, register: { ...register, file, lines: register.lines.length }, import: summary, ...(users ? { users } : {}) };
  } finally {
    setEnvironment(outside);
  }
}

/** The importer and the engine read their configuration from process.env: it is the demo's while the demo loads. */
function setEnvironment(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
}

/**
 * The folder's marker, written on the first load. Refused: the installation's own data folder, a folder that holds
 * anything but a demo, and a seed other than the one the folder was loaded with.
 */
function claimFolder(dir: string, seed: number | undefined, now: Date): DemoMarker {
  const markerFile = path.join(dir, MARKER);
  if (fs.existsSync(markerFile)) {
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as DemoMarker;
    if (seed !== undefined && seed !== marker.seed) {
      throw new UsageError(`${dir} holds the demo of seed ${marker.seed}; remove the folder, or name another with --data-dir, for seed ${seed}`);
    }
    return marker;
  }
  const normal = [path.join(findProjectRoot(), 'data'), ...(process.env['KNTC_DATA_DIR'] ? [path.resolve(process.env['KNTC_DATA_DIR'])] : [])];
  if (normal.includes(dir)) throw new UsageError(`${dir} is the data folder of the installation; the demo goes into a folder of its own (default data-demo/)`);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty and holds no demo: kntc demo writes only into a new or empty folder`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const marker: DemoMarker = { seed: seed ?? DEFAULT_DEMO_SEED, until: now.toISOString() };
  fs.writeFileSync(markerFile, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
  return marker;
}

/**
 * The users file's accounts into an empty users store, all with one new random password (recorded as the
 * system's, as a seed is); a store that has accounts is left as it is.
 */
async function loadUsers(config: KntcConfig, events: EventStore, users: readonly DirectoryUser[]): Promise<DemoOutcome['users']> {
  const accounts = new UserAccounts(await openUsersStore(config.security.usersStore), events);
  try {
    if (!(await accounts.isEmpty())) return undefined;
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    const passwordHash = await hashPassword(password);
    const count = await accounts.seed(users.map((user) => ({ ...user, passwordHash })));
    const examples = ['intake', 'head', 'director', 'supervisor', 'admin'].flatMap((role) => {
      const user = users.find((u) => u.role === role);
      return user ? [`${user.id} (${role})`] : [];
    });
    return { count, password, examples };
  } finally {
    await accounts.close();
  }
}
