import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'kntc.js');
const BUILT_ENTRY = path.join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

/** Variables that would point the CLI at a store, users or secret the test did not create. */
const INHERITED_CONFIG = [
  'KNTC_EVENT_STORE',
  'KNTC_SQLITE_FILE',
  'KURRENTDB_CONNECTION_STRING',
  'KNTC_DATA_DIR',
  'KNTC_WORKFLOWS_DIR',
  'KNTC_MAKE_UP_SATURDAYS_ARE_WORKING_DAYS',
  'KNTC_USERS_FILE',
  'KNTC_TOKEN_SECRET',
];

export const CLI_TEST_TIMEOUT_MS = 60_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The tests run the built CLI, as operators do; `npm test` builds first. */
export function assertBuilt(): void {
  if (!fs.existsSync(BUILT_ENTRY)) throw new Error(`${path.relative(REPO_ROOT, BUILT_ENTRY)} is missing: run npm run build first`);
}

/** A fresh data folder under the OS temp folder; the caller removes it. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-cli-test-'));
}

/** `node bin/kntc.js <args>` with the embedded SQLite store under `dataDir` and nothing else inherited. */
export function runKntc(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_CONFIG) delete childEnv[name];
  Object.assign(childEnv, { KNTC_EVENT_STORE: 'sqlite', KNTC_DATA_DIR: dataDir, ...env });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
