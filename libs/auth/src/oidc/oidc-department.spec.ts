import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthorizationError } from '../authorization.error';
import { DEFAULT_CLAIM_MAPPING, OidcTokenVerifier, type OidcSettings } from './oidc-token.verifier';

const ISSUER = 'https://sso.example.gov.vn/realms/kntc';
const NOW = Date.parse('2026-03-02T02:00:00Z');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const settings: OidcSettings = {
  issuer: ISSUER,
  audience: 'kntc-api',
  jwksUrl: `${ISSUER}/protocol/openid-connect/certs`,
  algorithms: ['RS256'],
  claims: DEFAULT_CLAIM_MAPPING,
  clockToleranceSeconds: 30,
};
const jwks = (async () =>
  new Response(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })) as unknown as typeof fetch;
const token = (department: unknown): string =>
  jwt.sign({ iat: NOW / 1000, sub: 'sso-lan', kntc_role: 'head', kntc_department: department }, rsa.privateKey, {
    algorithm: 'RS256',
    keyid: 'k1',
    issuer: ISSUER,
    audience: 'kntc-api',
    expiresIn: 300,
  });

describe('the department an OIDC token names', () => {
  const verifier = new OidcTokenVerifier(settings, { fetch: jwks, now: () => NOW, departments: ['so-tnmt', 'so-xd', 'vp-ubnd'] });

  it('is taken when it is one of the configured departments', async () => {
    await expect(verifier.verify(token('so-xd'))).resolves.toMatchObject({ id: 'sso-lan', department: 'so-xd' });
  });

  // A well-formed but unknown code made an actor of a department no one administers: nothing was scoped to it.
  it.each(['so-khong-co', 'so-tnmt-2', 'admin'])('is refused (403 department-not-mapped) when "%s" is not a configured department', async (department) => {
    const refusal = verifier.verify(token(department));
    await expect(refusal).rejects.toBeInstanceOf(AuthorizationError);
    await expect(refusal).rejects.toMatchObject({ code: 'department-not-mapped', message: expect.stringContaining('kntc_department') });
  });

  it('cannot be built with no departments to check against', () => {
    expect(() => new OidcTokenVerifier(settings, { fetch: jwks, departments: [] })).toThrow(/departments/);
  });
});
