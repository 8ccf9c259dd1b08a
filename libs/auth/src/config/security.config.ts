import * as path from 'node:path';
import { MasterKeyError, parseMasterKey } from '../crypto/master-key';
import { OIDC_ALGORITHMS, type OidcAlgorithm } from '../oidc/jwks-key-set';
import { DEFAULT_CLAIM_MAPPING, type OidcSettings } from '../oidc/oidc-token.verifier';

export type AuthMode = 'local' | 'oidc';

export type UsersStoreSetting = { kind: 'file'; file: string } | { kind: 'postgres'; connectionString: string };

/** At most `limit` requests per `windowSeconds`, per key (client address, user). */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

export interface SecurityConfig {
  /** NODE_ENV=production or KNTC_MODE=production: no generated secrets, every one must be configured. */
  production: boolean;
  /** `local`: the embedded issuer (users file, login, `kntc token`); `oidc`: an OIDC provider's tokens. */
  authMode: AuthMode;
  /** KNTC_MASTER_KEY (base64, 32 bytes); unset outside production: `<dataDir>/master-key` is used. */
  masterKey?: string;
  /** SQLite file of the wrapped case keys (when no `keyStoreUrl`). */
  keyStoreFile: string;
  /** PostgreSQL holding the wrapped case keys, shared by several API processes (KNTC_KEY_STORE_URL or KNTC_POSTGRES_URL). */
  keyStoreUrl?: string;
  /** Where the accounts of the embedded sign-in live: `<dataDir>/users.json`, or PostgreSQL for several API processes. */
  usersStore: UsersStoreSetting;
  /** A users file (KNTC_USERS_SEED, or KNTC_USERS_FILE when set; `none`: no seed) loaded into an empty users store: tests and the demo. */
  usersSeedFile?: string;
  /** The schema of the PostgreSQL tables (KNTC_POSTGRES_SCHEMA); default: the connection's search_path. */
  postgresSchema?: string;
  oidc?: OidcSettings;
  loginRateLimit: RateLimitSetting;
  writeRateLimit: RateLimitSetting;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: string[];
  /** Express `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe (client address, HTTPS). */
  trustProxy?: string | number;
}

/** A variable is missing or invalid; the process stops with this message. */
export class SecurityConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`configuration: ${variable}: ${problem}`);
    this.name = 'SecurityConfigError';
  }
}

export const DEFAULT_LOGIN_RATE_LIMIT: RateLimitSetting = { limit: 10, windowSeconds: 300 };
export const DEFAULT_WRITE_RATE_LIMIT: RateLimitSetting = { limit: 120, windowSeconds: 60 };
const MIN_TOKEN_SECRET_LENGTH = 32;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;
const TRUST_PROXY_ITEM = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(?:\/\d{1,3})?)$/i;

export function loadSecurityConfig(env: NodeJS.ProcessEnv, context: { dataDir: string }): SecurityConfig {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const mode = value('KNTC_MODE');
  if (mode !== undefined && mode !== 'production' && mode !== 'development') throw new SecurityConfigError('KNTC_MODE', `must be production or development, got "${mode}"`);
  const production = mode === 'production' || (mode === undefined && value('NODE_ENV') === 'production');
  const authMode = (value('KNTC_AUTH_MODE') ?? 'local') as AuthMode;
  if (authMode !== 'local' && authMode !== 'oidc') throw new SecurityConfigError('KNTC_AUTH_MODE', `must be local or oidc, got "${authMode}"`);

  const masterKey = value('KNTC_MASTER_KEY');
  if (masterKey !== undefined) {
    try {
      parseMasterKey(masterKey, 'KNTC_MASTER_KEY');
    } catch (error) {
      if (error instanceof MasterKeyError) throw new SecurityConfigError('KNTC_MASTER_KEY', error.message.replace(/^KNTC_MASTER_KEY /, ''));
      throw error;
    }
  } else if (production) {
    throw new SecurityConfigError('KNTC_MASTER_KEY', 'required in production (32 random bytes, base64: openssl rand -base64 32); it encrypts the keys of confidential identities');
  }

  if (authMode === 'local' && production) {
    const secret = value('KNTC_TOKEN_SECRET');
    if (secret === undefined) throw new SecurityConfigError('KNTC_TOKEN_SECRET', 'required in production with KNTC_AUTH_MODE=local (at least 32 random characters: openssl rand -hex 32)');
    if (secret.length < MIN_TOKEN_SECRET_LENGTH) throw new SecurityConfigError('KNTC_TOKEN_SECRET', `must be at least ${MIN_TOKEN_SECRET_LENGTH} characters long`);
  }

  const postgresUrl = value('KNTC_POSTGRES_URL');
  const keyStoreUrl = postgres('KNTC_KEY_STORE_URL', value('KNTC_KEY_STORE_URL') ?? postgresUrl);
  const usersStoreUrl = postgres('KNTC_USERS_STORE_URL', value('KNTC_USERS_STORE_URL') ?? postgresUrl);
  const postgresSchema = value('KNTC_POSTGRES_SCHEMA');
  if (postgresSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(postgresSchema)) {
    throw new SecurityConfigError('KNTC_POSTGRES_SCHEMA', `must be lower-case letters, digits and "_", got "${postgresSchema}"`);
  }
  // KNTC_USERS_SEED=none: start empty (first run) whatever the users file.
  const seedGiven = value('KNTC_USERS_SEED');
  const seed = seedGiven === 'none' ? undefined : (seedGiven ?? value('KNTC_USERS_FILE'));
  const config: SecurityConfig = {
    production,
    authMode,
    ...(masterKey !== undefined ? { masterKey } : {}),
    keyStoreFile: path.resolve(value('KNTC_KEY_STORE_FILE') ?? path.join(context.dataDir, 'case-keys.sqlite')),
    ...(keyStoreUrl !== undefined ? { keyStoreUrl } : {}),
    usersStore:
      usersStoreUrl !== undefined
        ? { kind: 'postgres', connectionString: usersStoreUrl }
        : { kind: 'file', file: path.resolve(value('KNTC_USERS_STORE_FILE') ?? path.join(context.dataDir, 'users.json')) },
    ...(seed !== undefined ? { usersSeedFile: path.resolve(seed) } : {}),
    ...(postgresSchema !== undefined ? { postgresSchema } : {}),
    loginRateLimit: rateLimit('KNTC_RATE_LIMIT_LOGIN', value('KNTC_RATE_LIMIT_LOGIN'), DEFAULT_LOGIN_RATE_LIMIT),
    writeRateLimit: rateLimit('KNTC_RATE_LIMIT_WRITES', value('KNTC_RATE_LIMIT_WRITES'), DEFAULT_WRITE_RATE_LIMIT),
    corsOrigins: corsOrigins(value('KNTC_CORS_ORIGINS')),
  };
  const trustProxy = value('KNTC_TRUST_PROXY');
  if (trustProxy !== undefined) config.trustProxy = parseTrustProxy(trustProxy);
  if (authMode === 'oidc') config.oidc = oidcSettings(value, production);
  return config;
}

function oidcSettings(value: (name: string) => string | undefined, production: boolean): OidcSettings {
  const required = (name: string, example: string): string => {
    const given = value(name);
    if (given === undefined) throw new SecurityConfigError(name, `required with KNTC_AUTH_MODE=oidc (e.g. ${example})`);
    return given;
  };
  const url = (name: string, given: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      throw new SecurityConfigError(name, `must be a URL, got "${given}"`);
    }
    if (parsed.protocol !== 'https:' && (production || parsed.protocol !== 'http:')) {
      throw new SecurityConfigError(name, `must be an https URL${production ? ' in production' : ''}, got "${given}"`);
    }
    return given;
  };
  const issuer = url('KNTC_OIDC_ISSUER', required('KNTC_OIDC_ISSUER', 'https://sso.example.gov.vn/realms/kntc'));
  const audience = required('KNTC_OIDC_AUDIENCE', 'kntc-api');
  const jwksUrl = url('KNTC_OIDC_JWKS_URL', required('KNTC_OIDC_JWKS_URL', 'https://sso.example.gov.vn/realms/kntc/protocol/openid-connect/certs'));
  const algorithms = (value('KNTC_OIDC_ALGORITHMS') ?? OIDC_ALGORITHMS.join(',')).split(',').map((a) => a.trim());
  const unknown = algorithms.filter((a) => !OIDC_ALGORITHMS.includes(a as OidcAlgorithm));
  if (unknown.length > 0 || algorithms.length === 0) {
    throw new SecurityConfigError('KNTC_OIDC_ALGORITHMS', `must list some of ${OIDC_ALGORITHMS.join(', ')}, got "${unknown.join(',')}"`);
  }
  const claim = (name: string, fallback: string): string => {
    const given = value(name) ?? fallback;
    if (!/^[A-Za-z0-9_:/-]+(?:\.[A-Za-z0-9_:/-]+)*$/.test(given)) throw new SecurityConfigError(name, `must be a claim name or dotted path, got "${given}"`);
    return given;
  };
  const tolerance = Number(value('KNTC_OIDC_CLOCK_TOLERANCE_SECONDS') ?? 30);
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    throw new SecurityConfigError('KNTC_OIDC_CLOCK_TOLERANCE_SECONDS', 'must be a whole number of seconds from 0 to 300');
  }
  return {
    issuer,
    audience,
    jwksUrl,
    algorithms: algorithms as OidcAlgorithm[],
    claims: {
      userId: claim('KNTC_OIDC_USER_ID_CLAIM', DEFAULT_CLAIM_MAPPING.userId),
      role: claim('KNTC_OIDC_ROLE_CLAIM', DEFAULT_CLAIM_MAPPING.role),
      department: claim('KNTC_OIDC_DEPARTMENT_CLAIM', DEFAULT_CLAIM_MAPPING.department),
      name: claim('KNTC_OIDC_NAME_CLAIM', DEFAULT_CLAIM_MAPPING.name),
      rolePrefix: value('KNTC_OIDC_ROLE_PREFIX') ?? DEFAULT_CLAIM_MAPPING.rolePrefix,
    },
    clockToleranceSeconds: tolerance,
  };
}

function postgres(variable: string, given: string | undefined): string | undefined {
  if (given !== undefined && !/^postgres(ql)?:\/\//.test(given)) throw new SecurityConfigError(variable, `must be a postgres:// URL such as postgres://kntc@db.example:5432/kntc, got "${given.replace(/:[^:@/]*@/, ':***@')}"`);
  return given;
}

/** `<limit>/<seconds>`, e.g. `10/300`: ten per five minutes. */
function rateLimit(variable: string, given: string | undefined, fallback: RateLimitSetting): RateLimitSetting {
  if (given === undefined) return fallback;
  const match = /^(\d{1,7})\/(\d{1,6})$/.exec(given);
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || limit < 1 || windowSeconds < 1) throw new SecurityConfigError(variable, `must be <requests>/<seconds> such as ${fallback.limit}/${fallback.windowSeconds}, got "${given}"`);
  return { limit, windowSeconds };
}

function corsOrigins(given: string | undefined): string[] {
  if (given === undefined) return [];
  const origins = given.split(',').map((o) => o.trim().replace(/\/$/, '').toLowerCase()).filter((o) => o !== '');
  const bad = origins.filter((o) => !ORIGIN.test(o));
  if (bad.length > 0) throw new SecurityConfigError('KNTC_CORS_ORIGINS', `must be a comma-separated list of origins such as https://kntc.example.gov.vn, got "${bad.join(', ')}"`);
  return origins;
}

function parseTrustProxy(given: string): string | number {
  if (/^\d{1,2}$/.test(given)) return Number(given);
  const items = given.split(',').map((i) => i.trim());
  if (items.some((i) => !TRUST_PROXY_ITEM.test(i))) {
    throw new SecurityConfigError('KNTC_TRUST_PROXY', `must be a number of proxy hops, or addresses/subnets such as loopback,10.0.0.0/8, got "${given}"`);
  }
  return items.join(',');
}
