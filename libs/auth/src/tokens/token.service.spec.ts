import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UsersDirectory } from '../users/users-directory';
import { AuthenticationError } from './authentication.error';
import { TokenService } from './token.service';

const SECRET = 'a'.repeat(64);
const users = new UsersDirectory([
  { id: 'tnmt-head', name: 'Nguyễn Văn Hùng', role: 'head', department: 'so-tnmt' },
  { id: 'tnmt-intake', name: 'Trần Thị Lan', role: 'intake', department: 'so-tnmt' },
]);
const NINE_AM = Date.parse('2026-03-02T02:00:00Z');
const now = NINE_AM / 1000;

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AuthenticationError) return error.code;
    throw error;
  }
  throw new Error('expected an AuthenticationError');
}

describe('a token issued to a user of the directory', () => {
  const tokens = new TokenService({ secret: SECRET, users, now: () => NINE_AM });

  it('verifies to the actor, with role, department and name read from the directory', () => {
    const { token, expiresAt } = tokens.issue('tnmt-head');
    expect(tokens.verify(token)).toEqual({ id: 'tnmt-head', role: 'head', department: 'so-tnmt', name: 'Nguyễn Văn Hùng' });
    expect(expiresAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('is an HS256 JWT naming the user in sub, and carrying nothing personal', () => {
    const decoded = jwt.decode(tokens.issue('tnmt-intake').token, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.payload).toEqual({ sub: 'tnmt-intake', iat: NINE_AM / 1000, exp: NINE_AM / 1000 + 8 * 3600, iss: 'kntc', aud: 'kntc-api' });
  });

  it('expires after its lifetime', () => {
    const { token } = tokens.issue('tnmt-head', 60);
    const later = new TokenService({ secret: SECRET, users, now: () => NINE_AM + 61_000 });
    expect(failureOf(() => later.verify(token))).toBe('token-expired');
  });
});

describe('a token the service did not issue', () => {
  const tokens = new TokenService({ secret: SECRET, users, now: () => NINE_AM });

  it('is invalid when signed with another secret', () => {
    const forged = new TokenService({ secret: 'b'.repeat(64), users, now: () => NINE_AM }).issue('tnmt-head').token;
    expect(failureOf(() => tokens.verify(forged))).toBe('invalid-token');
  });

  it('is invalid unsigned (alg none)', () => {
    const unsigned = jwt.sign({ sub: 'tnmt-head', iss: 'kntc', aud: 'kntc-api' }, '', { algorithm: 'none' });
    expect(failureOf(() => tokens.verify(unsigned))).toBe('invalid-token');
  });

  it('is invalid when it names a user no longer in the directory', () => {
    const other = new UsersDirectory([{ id: 'gone', name: 'X', role: 'head', department: 'so-tnmt' }]);
    const token = new TokenService({ secret: SECRET, users: other, now: () => NINE_AM }).issue('gone').token;
    expect(failureOf(() => tokens.verify(token))).toBe('invalid-token');
  });

  it('is invalid when it is not a JWT at all', () => {
    expect(failureOf(() => tokens.verify('not-a-token'))).toBe('invalid-token');
  });
});

describe('issuing a token', () => {
  it('refuses a user who is not in the directory, such as the system workers', () => {
    expect(() => new TokenService({ secret: SECRET, users }).issue('system')).toThrow('no user "system" in the users file');
  });
});

/** A token signed with the service's own secret, with exactly these claims: what a leaked secret or an old tool could mint. */
function minted(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'tnmt-head', iss: 'kntc', aud: 'kntc-api', ...claims })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

describe('the lifetime of a local token', () => {
  const tokens = new TokenService({ secret: SECRET, users, now: () => NINE_AM });

  it('is at most the sign-in lifetime (8 hours) by default', () => {
    expect(tokens.maxLifetimeSeconds).toBe(8 * 3600);
    expect(tokens.verify(minted({ iat: now, exp: now + 8 * 3600 }))).toMatchObject({ id: 'tnmt-head' });
  });

  it.each([
    ['no exp (a token that never expires)', { iat: now }],
    ['no iat', { exp: now + 3600 }],
    ['neither', {}],
    ['a lifetime of 8 hours and a second', { iat: now, exp: now + 8 * 3600 + 1 }],
    ['a lifetime of ten years', { iat: now, exp: now + 10 * 365 * 86_400 }],
    ['an iat in the future (issued later than now, to outlive the limit)', { iat: now + 3600, exp: now + 4 * 3600 }],
    ['an exp before its iat', { iat: now + 30, exp: now + 10 }],
    ['a string exp', { iat: now, exp: String(now + 3600) }],
  ])('is refused (401 invalid-token) with %s', (_label, claims) => {
    expect(failureOf(() => tokens.verify(minted(claims)))).toBe('invalid-token');
  });

  it('takes a configured maximum, and issues nothing beyond it', () => {
    const short = new TokenService({ secret: SECRET, users, now: () => NINE_AM, ttlSeconds: 3600, maxLifetimeSeconds: 2 * 3600 });
    expect(short.verify(short.issue('tnmt-head', 2 * 3600).token)).toMatchObject({ id: 'tnmt-head' });
    expect(failureOf(() => short.verify(minted({ iat: now, exp: now + 2 * 3600 + 60 })))).toBe('invalid-token');
    expect(() => short.issue('tnmt-head', 3 * 3600)).toThrow(RangeError);
    expect(() => new TokenService({ secret: SECRET, users, ttlSeconds: 3 * 3600, maxLifetimeSeconds: 2 * 3600 })).toThrow(/lifetime/);
  });
});

describe('a token this process verified before (verified tokens are remembered)', () => {
  it('still expires: the clock is checked at every use', () => {
    let at = NINE_AM;
    const tokens = new TokenService({ secret: SECRET, users, now: () => at });
    const { token } = tokens.issue('tnmt-head', 60);
    expect(tokens.verify(token).id).toBe('tnmt-head');
    at = NINE_AM + 59_000;
    expect(tokens.verify(token).id).toBe('tnmt-head');
    at = NINE_AM + 60_000;
    expect(failureOf(() => tokens.verify(token))).toBe('token-expired');
  });

  it('names the user as the directory has them now: a removed user is refused, a changed role applies at once', () => {
    const live = new UsersDirectory([{ id: 'tnmt-head', name: 'Nguyễn Văn Hùng', role: 'head', department: 'so-tnmt' }]);
    const tokens = new TokenService({ secret: SECRET, users: live, now: () => NINE_AM });
    const { token } = tokens.issue('tnmt-head');
    expect(tokens.verify(token).role).toBe('head');
    live.replaceAll([{ id: 'tnmt-head', name: 'Nguyễn Văn Hùng', role: 'inspector', department: 'so-tnmt' }]);
    expect(tokens.verify(token).role).toBe('inspector');
    live.replaceAll([]);
    expect(failureOf(() => tokens.verify(token))).toBe('invalid-token');
  });

  it('lends nothing to a token that differs from it in one character of its signature or claims', () => {
    const tokens = new TokenService({ secret: SECRET, users, now: () => NINE_AM });
    const { token } = tokens.issue('tnmt-intake');
    expect(tokens.verify(token).id).toBe('tnmt-intake');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    expect(failureOf(() => tokens.verify(`${header}.${payload}.${flip(signature, 5)}`))).toBe('invalid-token');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, sub: 'tnmt-head' })).toString('base64url');
    expect(failureOf(() => tokens.verify(`${header}.${raised}.${signature}`))).toBe('invalid-token');
  });

  it('keeps at most a bounded number of them, and still verifies every one', () => {
    const tokens = new TokenService({ secret: SECRET, users, now: () => NINE_AM });
    // One a second over the last 2.8 hours: all distinct, all within their 8-hour lifetime.
    const issued = Array.from({ length: 10_050 }, (_, i) => new TokenService({ secret: SECRET, users, now: () => NINE_AM - i * 1000 }).issue('tnmt-head').token);
    for (const token of issued) expect(tokens.verify(token).id).toBe('tnmt-head');
    expect((tokens as unknown as { verified: Map<string, unknown> }).verified.size).toBeLessThanOrEqual(10_000);
    expect(tokens.verify(issued[0]!).id).toBe('tnmt-head');
  });
});
