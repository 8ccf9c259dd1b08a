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
