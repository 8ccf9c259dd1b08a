import { loadSecurityConfig, SecurityConfigError } from './security.config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET = 's'.repeat(40);
const context = { dataDir: '/srv/kntc/data' };

function problemOf(env: Record<string, string>): string {
  try {
    loadSecurityConfig(env, context);
  } catch (error) {
    if (error instanceof SecurityConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a SecurityConfigError');
}

describe('the security configuration outside production', () => {
  it('defaults to the embedded issuer, generated secrets, CORS off and the documented rate limits', () => {
    expect(loadSecurityConfig({}, context)).toEqual({
      production: false,
      authMode: 'local',
      keyStoreFile: '/srv/kntc/data/case-keys.sqlite',
      usersStore: { kind: 'file', file: '/srv/kntc/data/users.json' },
      loginRateLimit: { limit: 10, windowSeconds: 300 },
      writeRateLimit: { limit: 120, windowSeconds: 60 },
      corsOrigins: [],
    });
  });

  it('shares the case keys and the accounts through PostgreSQL when KNTC_POSTGRES_URL is set', () => {
    expect(loadSecurityConfig({ KNTC_POSTGRES_URL: 'postgres://kntc@db:5432/kntc', KNTC_POSTGRES_SCHEMA: 'kntc_a' }, context)).toMatchObject({
      keyStoreUrl: 'postgres://kntc@db:5432/kntc',
      usersStore: { kind: 'postgres', connectionString: 'postgres://kntc@db:5432/kntc' },
      postgresSchema: 'kntc_a',
    });
    expect(problemOf({ KNTC_KEY_STORE_URL: 'mysql://x:secret@db/kntc' })).toBe(
      'configuration: KNTC_KEY_STORE_URL: must be a postgres:// URL such as postgres://kntc@db.example:5432/kntc, got "mysql://x:***@db/kntc"',
    );
  });

  it('reads rate limits, CORS origins and trusted proxies', () => {
    expect(
      loadSecurityConfig({ KNTC_RATE_LIMIT_LOGIN: '5/60', KNTC_CORS_ORIGINS: 'https://kntc.example.gov.vn, http://localhost:5173/', KNTC_TRUST_PROXY: 'loopback,10.0.0.0/8' }, context),
    ).toMatchObject({ loginRateLimit: { limit: 5, windowSeconds: 60 }, corsOrigins: ['https://kntc.example.gov.vn', 'http://localhost:5173'], trustProxy: 'loopback,10.0.0.0/8' });
  });

  it.each([
    [{ KNTC_RATE_LIMIT_WRITES: 'many' }, 'configuration: KNTC_RATE_LIMIT_WRITES: must be <requests>/<seconds> such as 120/60, got "many"'],
    [{ KNTC_CORS_ORIGINS: '*' }, 'configuration: KNTC_CORS_ORIGINS: must be a comma-separated list of origins such as https://kntc.example.gov.vn, got "*"'],
    [{ KNTC_MASTER_KEY: 'c2hvcnQ=' }, 'configuration: KNTC_MASTER_KEY: must be 32 random bytes in base64 (e.g. openssl rand -base64 32), got 5 bytes'],
    [{ KNTC_AUTH_MODE: 'ldap' }, 'configuration: KNTC_AUTH_MODE: must be local or oidc, got "ldap"'],
  ])('stops on an invalid value, naming the variable: %j', (env, message) => {
    expect(problemOf(env)).toBe(message);
  });
});

describe('the security configuration in production (NODE_ENV or KNTC_MODE)', () => {
  it('stops without KNTC_MASTER_KEY', () => {
    expect(problemOf({ NODE_ENV: 'production', KNTC_TOKEN_SECRET: SECRET })).toMatch(/^configuration: KNTC_MASTER_KEY: required in production/);
  });

  it('stops without KNTC_TOKEN_SECRET in local mode, or with an empty one from a compose file', () => {
    expect(problemOf({ KNTC_MODE: 'production', KNTC_MASTER_KEY: KEY })).toMatch(/^configuration: KNTC_TOKEN_SECRET: required in production/);
    expect(problemOf({ KNTC_MODE: 'production', KNTC_MASTER_KEY: KEY, KNTC_TOKEN_SECRET: '' })).toMatch(/^configuration: KNTC_TOKEN_SECRET: required/);
  });

  it('stops with OIDC when a provider setting is missing or not https', () => {
    const base = { NODE_ENV: 'production', KNTC_MASTER_KEY: KEY, KNTC_AUTH_MODE: 'oidc' };
    expect(problemOf(base)).toMatch(/^configuration: KNTC_OIDC_ISSUER: required with KNTC_AUTH_MODE=oidc/);
    expect(problemOf({ ...base, KNTC_OIDC_ISSUER: 'http://sso.local/realms/kntc' })).toBe(
      'configuration: KNTC_OIDC_ISSUER: must be an https URL in production, got "http://sso.local/realms/kntc"',
    );
    expect(problemOf({ ...base, KNTC_OIDC_ISSUER: 'https://sso.local/realms/kntc' })).toMatch(/^configuration: KNTC_OIDC_AUDIENCE: required/);
    expect(problemOf({ ...base, KNTC_OIDC_ISSUER: 'https://sso.local/realms/kntc', KNTC_OIDC_AUDIENCE: 'kntc-api' })).toMatch(/^configuration: KNTC_OIDC_JWKS_URL: required/);
  });

  it('starts with every secret configured', () => {
    expect(loadSecurityConfig({ NODE_ENV: 'production', KNTC_MASTER_KEY: KEY, KNTC_TOKEN_SECRET: SECRET }, context)).toMatchObject({ production: true, masterKey: KEY });
    expect(
      loadSecurityConfig(
        {
          NODE_ENV: 'production',
          KNTC_MASTER_KEY: KEY,
          KNTC_AUTH_MODE: 'oidc',
          KNTC_OIDC_ISSUER: 'https://sso.local/realms/kntc',
          KNTC_OIDC_AUDIENCE: 'kntc-api',
          KNTC_OIDC_JWKS_URL: 'https://sso.local/realms/kntc/protocol/openid-connect/certs',
          KNTC_OIDC_ROLE_CLAIM: 'realm_access.roles',
          KNTC_OIDC_ROLE_PREFIX: 'kntc-',
        },
        context,
      ).oidc,
    ).toEqual({
      issuer: 'https://sso.local/realms/kntc',
      audience: 'kntc-api',
      jwksUrl: 'https://sso.local/realms/kntc/protocol/openid-connect/certs',
      algorithms: ['RS256', 'ES256'],
      claims: { userId: 'sub', role: 'realm_access.roles', department: 'kntc_department', name: 'name', rolePrefix: 'kntc-' },
      clockToleranceSeconds: 30,
    });
  });
});
