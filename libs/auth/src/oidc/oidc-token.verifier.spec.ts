import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthorizationError } from '../authorization.error';
import { AuthenticationError, AuthenticationUnavailableError } from '../tokens/authentication.error';
import { DEFAULT_CLAIM_MAPPING, OidcTokenVerifier, type OidcSettings } from './oidc-token.verifier';

const ISSUER = 'https://sso.example.gov.vn/realms/kntc';
const AUDIENCE = 'kntc-api';
const NOW = Date.parse('2026-03-02T02:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });

const settings: OidcSettings = {
  issuer: ISSUER,
  audience: AUDIENCE,
  jwksUrl: 'https://sso.example.gov.vn/realms/kntc/protocol/openid-connect/certs',
  algorithms: ['RS256', 'ES256'],
  claims: DEFAULT_CLAIM_MAPPING,
  clockToleranceSeconds: 30,
};
const claims = { sub: 'tnmt-hung', kntc_role: 'head', kntc_department: 'so-tnmt', name: 'Nguyễn Văn Hùng' };

function jwk(key: KeyObject, kid: string, alg: string): Record<string, unknown> {
  return { ...key.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

/** A provider's JWKS endpoint in memory; counts fetches. */
function provider(keys: Array<Record<string, unknown>>) {
  const state = { keys, fetches: 0, down: false };
  const fake = (async () => {
    state.fetches += 1;
    if (state.down) throw new TypeError('fetch failed');
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { state, fetch: fake };
}

function sign(payload: object, key: KeyObject, options: jwt.SignOptions): string {
  return jwt.sign({ iat: NOW / 1000, ...payload }, key, { issuer: ISSUER, audience: AUDIENCE, expiresIn: 300, ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof AuthorizationError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe("a token of the OIDC provider, checked against its JWKS", () => {
  let now = NOW;
  const idp = provider([jwk(rsa.publicKey, 'rsa-1', 'RS256'), jwk(ec.publicKey, 'ec-1', 'ES256')]);
  const verifier = new OidcTokenVerifier(settings, { fetch: idp.fetch, now: () => now });

  it('is accepted signed with RS256 or ES256, and names the actor from the mapped claims', async () => {
    await expect(verifier.verify(sign(claims, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' }))).resolves.toEqual({
      id: 'tnmt-hung',
      role: 'head',
      department: 'so-tnmt',
      name: 'Nguyễn Văn Hùng',
    });
    await expect(verifier.verify(sign(claims, ec.privateKey, { algorithm: 'ES256', keyid: 'ec-1' }))).resolves.toMatchObject({ id: 'tnmt-hung' });
    expect(idp.state.fetches).toBe(1);
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example/realms/kntc' }],
    ['another audience', { audience: 'other-api' }],
  ])('is refused from %s', async (_label, override) => {
    expect(await failureOf(verifier.verify(sign(claims, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1', ...override })))).toBe('invalid-token');
  });

  it('is refused once expired (beyond the clock tolerance)', async () => {
    const token = sign(claims, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1', expiresIn: 60 });
    now = NOW + 95_000;
    expect(await failureOf(verifier.verify(token))).toBe('token-expired');
    now = NOW;
  });

  it('is refused signed by a key the provider does not publish, or with the key id of another key', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await failureOf(verifier.verify(sign(claims, stranger.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' })))).toBe('invalid-token');
  });

  it('is refused unsigned (alg none), or HMAC-signed with the public key as secret', async () => {
    const unsigned = jwt.sign({ ...claims, iat: NOW / 1000 }, '', { algorithm: 'none', issuer: ISSUER, audience: AUDIENCE, expiresIn: 300 });
    expect(await failureOf(verifier.verify(unsigned))).toBe('invalid-token');
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const confused = jwt.sign({ ...claims, iat: NOW / 1000 }, pem, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 300, keyid: 'rsa-1' });
    expect(await failureOf(verifier.verify(confused))).toBe('invalid-token');
  });

  it('is refused without an expiry', async () => {
    const token = jwt.sign({ ...claims, iat: NOW / 1000 }, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1', issuer: ISSUER, audience: AUDIENCE });
    expect(await failureOf(verifier.verify(token))).toBe('invalid-token');
  });

  it('is refused (403) when it maps to no engine role, to the system role, or to no department', async () => {
    for (const bad of [{ kntc_role: 'root' }, { kntc_role: 'system' }, { kntc_role: ['head', 'director'] }, { kntc_department: 'Sở TN&MT' }]) {
      expect(await failureOf(verifier.verify(sign({ ...claims, ...bad }, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' })))).toBe('role-not-mapped');
    }
  });
});

describe('the provider rotating its keys', () => {
  it('fetches the key set again for an unknown key id, but not more than once per 30 seconds', async () => {
    let now = NOW;
    const idp = provider([jwk(rsa.publicKey, 'rsa-1', 'RS256')]);
    const verifier = new OidcTokenVerifier(settings, { fetch: idp.fetch, now: () => now });
    await verifier.verify(sign(claims, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' }));
    idp.state.keys = [jwk(rotated.publicKey, 'rsa-2', 'RS256')];
    const next = sign(claims, rotated.privateKey, { algorithm: 'RS256', keyid: 'rsa-2' });
    expect(await failureOf(verifier.verify(next))).toBe('invalid-token');
    expect(await failureOf(verifier.verify(sign(claims, rotated.privateKey, { algorithm: 'RS256', keyid: 'random' })))).toBe('invalid-token');
    expect(idp.state.fetches).toBe(1);
    now += 31_000;
    await expect(verifier.verify(next)).resolves.toMatchObject({ id: 'tnmt-hung' });
    expect(idp.state.fetches).toBe(2);
  });
});

describe('a role claim holding a list, as Keycloak realm roles do', () => {
  it('takes the one engine role among the values, after the configured prefix', async () => {
    const idp = provider([jwk(rsa.publicKey, 'rsa-1', 'RS256')]);
    const verifier = new OidcTokenVerifier(
      { ...settings, claims: { ...DEFAULT_CLAIM_MAPPING, role: 'realm_access.roles', rolePrefix: 'kntc-', userId: 'preferred_username' } },
      { fetch: idp.fetch, now: () => NOW },
    );
    const token = sign({ preferred_username: 'xd-son', realm_access: { roles: ['offline_access', 'kntc-inspector'] }, kntc_department: 'so-xd' }, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'xd-son', role: 'inspector', department: 'so-xd' });
  });
});

describe('a provider whose key set cannot be fetched', () => {
  it('makes the check unavailable (503), not a 401 that would log users out', async () => {
    const idp = provider([]);
    idp.state.down = true;
    const verifier = new OidcTokenVerifier(settings, { fetch: idp.fetch, now: () => NOW });
    await expect(verifier.verify(sign(claims, rsa.privateKey, { algorithm: 'RS256', keyid: 'rsa-1' }))).rejects.toThrow(AuthenticationUnavailableError);
  });
});
