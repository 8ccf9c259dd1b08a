import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSecurityConfig, SecurityConfigError, type SecurityConfig } from '@kntc/auth';

/**
 * Configuration from the environment, read once at start-up. Every option, its unit and default is listed
 * in the README; an invalid value stops the process with a message naming the variable.
 */
export interface KntcConfig {
  /** `sqlite` (embedded default) or `kurrentdb`. */
  eventStore: 'sqlite' | 'kurrentdb';
  /** SQLite file (default `<dataDir>/events.sqlite`). */
  sqliteFile: string;
  kurrentDbConnectionString?: string;
  dataDir: string;
  workflowsDir: string;
  /** Make-up Saturdays (làm bù) count as working days; default true (no source settles it; docs/domain.md). */
  makeUpSaturdaysAreWorkingDays: boolean;
  redisUrl?: string;
  port: number;
  host: string;
  /**
   * KNTC_USERS_FILE (default config/users.yaml). With OIDC, the roster of roles by department (assignees, inbox);
   * with the embedded sign-in, only a seed loaded into an empty users store when set (tests, the demo).
   */
  usersFile: string;
  /** The departments' codes and full names, for the UI (optional file). */
  departmentsFile: string;
  /** The built web UI (`npm run build` writes it to `dist/apps/web`), served at `/`; not served when the folder is missing. */
  webDir: string;
  /** HS256 secret for the built-in tokens; `<dataDir>/token-secret` is created when unset. */
  tokenSecret?: string;
  /** Authentication mode, master key, rate limits, CORS; in production every secret must be configured. */
  security: SecurityConfig;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`configuration: ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The repository root: where `workflows/` lives, found by walking up from this file (src or dist). */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'workflows', 'workflow.schema.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KntcConfig {
  const root = findProjectRoot();
  const dataDir = path.resolve(env['KNTC_DATA_DIR'] ?? path.join(root, 'data'));
  const eventStore = (env['KNTC_EVENT_STORE'] ?? (env['KURRENTDB_CONNECTION_STRING'] ? 'kurrentdb' : 'sqlite')) as KntcConfig['eventStore'];
  if (eventStore !== 'sqlite' && eventStore !== 'kurrentdb') throw new ConfigError('KNTC_EVENT_STORE', `must be sqlite or kurrentdb, got "${eventStore}"`);
  if (eventStore === 'kurrentdb' && !env['KURRENTDB_CONNECTION_STRING']) {
    throw new ConfigError('KURRENTDB_CONNECTION_STRING', 'required when KNTC_EVENT_STORE=kurrentdb (e.g. kurrentdb://localhost:2113?tls=false)');
  }
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `must be a port number, got "${env['PORT']}"`);
  const makeUp = env['KNTC_MAKE_UP_SATURDAYS_ARE_WORKING_DAYS'] ?? 'true';
  if (makeUp !== 'true' && makeUp !== 'false') throw new ConfigError('KNTC_MAKE_UP_SATURDAYS_ARE_WORKING_DAYS', 'must be true or false');
  let security: SecurityConfig;
  try {
    security = loadSecurityConfig(env, { dataDir });
  } catch (error) {
    if (error instanceof SecurityConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
  return {
    eventStore,
    sqliteFile: path.resolve(env['KNTC_SQLITE_FILE'] ?? path.join(dataDir, 'events.sqlite')),
    ...(env['KURRENTDB_CONNECTION_STRING'] ? { kurrentDbConnectionString: env['KURRENTDB_CONNECTION_STRING'] } : {}),
    dataDir,
    workflowsDir: path.resolve(env['KNTC_WORKFLOWS_DIR'] ?? path.join(root, 'workflows')),
    makeUpSaturdaysAreWorkingDays: makeUp === 'true',
    ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
    port,
    host: env['HOST'] ?? '127.0.0.1',
    usersFile: path.resolve(env['KNTC_USERS_FILE'] ?? path.join(root, 'config', 'users.yaml')),
    departmentsFile: path.resolve(env['KNTC_DEPARTMENTS_FILE'] ?? path.join(root, 'config', 'departments.yaml')),
    webDir: path.resolve(env['KNTC_WEB_DIR'] ?? path.join(root, 'dist', 'apps', 'web')),
    ...(env['KNTC_TOKEN_SECRET'] ? { tokenSecret: env['KNTC_TOKEN_SECRET'] } : {}),
    security,
  };
}
