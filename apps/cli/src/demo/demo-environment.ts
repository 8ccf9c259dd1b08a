import * as path from 'node:path';

/**
 * The environment of a process that works on the demo folder: `kntc demo`, and the API and worker that
 * `npm start -- --demo` starts (scripts/start-embedded.js requires this file from dist/, so it imports nothing of
 * ours). Whatever points at another store is dropped, so the demo never writes into an installation's data.
 */

/** The demo folder under the project root when none is named: never the normal `data/`. */
export const DEFAULT_DEMO_FOLDER = 'data-demo';

/**
 * Variables that place the event store, the keys, the users or the secrets outside the data folder, or that
 * change who signs in: the demo keeps all of these in its own folder, signed in with the users it loaded.
 */
const OUTSIDE_THE_FOLDER = [
  'KNTC_EVENT_STORE',
  'KURRENTDB_CONNECTION_STRING',
  'KNTC_SQLITE_FILE',
  'KNTC_KEY_STORE_FILE',
  'KNTC_KEY_STORE_URL',
  'KNTC_USERS_STORE_FILE',
  'KNTC_USERS_STORE_URL',
  'KNTC_POSTGRES_URL',
  'KNTC_POSTGRES_SCHEMA',
  'KNTC_MASTER_KEY',
  'KNTC_TOKEN_SECRET',
  'KNTC_AUTH_MODE',
  'KNTC_USERS_SEED',
] as const;

export function demoFolder(root: string, given?: string): string {
  return path.resolve(given ?? path.join(root, DEFAULT_DEMO_FOLDER));
}

/**
 * `env` for the demo folder `dir`: its stores only, development mode (no production secrets to configure), and
 * Redis keys under a root of their own beside the installation's (`kntc-demo:` for the default `kntc:`).
 */
export function demoEnvironment(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const demo: NodeJS.ProcessEnv = { ...env };
  for (const name of OUTSIDE_THE_FOLDER) delete demo[name];
  demo['KNTC_DATA_DIR'] = path.resolve(dir);
  demo['KNTC_MODE'] = 'development';
  demo['KNTC_REDIS_PREFIX'] = `${(env['KNTC_REDIS_PREFIX'] ?? 'kntc:').replace(/:$/, '')}-demo:`;
  return demo;
}
