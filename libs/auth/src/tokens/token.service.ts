import jwt from 'jsonwebtoken';
import type { Actor } from '@kntc/domain';
import type { UsersDirectory } from '../users/users-directory';
import { AuthenticationError } from './authentication.error';

export interface TokenServiceOptions {
  /** HS256 key; see resolveTokenSecret. */
  secret: string;
  users: UsersDirectory;
  /** Lifetime of an issued token, in seconds. Default 8 hours: one working day. */
  ttlSeconds?: number;
  /** Wall-clock time in ms; tests move it. Default: the system clock. */
  now?: () => number;
}

export interface IssuedToken {
  token: string;
  /** UTC ISO-8601. */
  expiresAt: string;
}

const ISSUER = 'kntc';
const AUDIENCE = 'kntc-api';
const DEFAULT_TTL_SECONDS = 8 * 3600;

/**
 * Interim HS256 tokens naming a user of the directory (`sub`). The token carries no role or name: they are
 * read from the directory at every request, so a change to the users file applies at the next start.
 */
export class TokenService {
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds <= 0) throw new RangeError(`token lifetime must be a positive number of seconds, got ${this.ttlSeconds}`);
  }

  /** Lifetime of the tokens `issue` gives by default, in seconds. */
  get lifetimeSeconds(): number {
    return this.ttlSeconds;
  }

  issue(userId: string, ttlSeconds: number = this.ttlSeconds): IssuedToken {
    const user = this.options.users.find(userId);
    if (!user) throw new Error(`no user "${userId}" in the users file`);
    const issuedAt = Math.floor(this.now() / 1000);
    const token = jwt.sign({ iat: issuedAt }, this.options.secret, {
      algorithm: 'HS256',
      subject: user.id,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: ttlSeconds,
    });
    return { token, expiresAt: new Date((issuedAt + ttlSeconds) * 1000).toISOString() };
  }

  /** The actor a token names; throws AuthenticationError for a forged, expired or unknown-user token. */
  verify(token: string): Actor {
    let subject: string | undefined;
    try {
      const claims = jwt.verify(token, this.options.secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      subject = typeof claims === 'object' ? claims.sub : undefined;
    } catch (error) {
      throw new AuthenticationError(error instanceof jwt.TokenExpiredError ? 'token-expired' : 'invalid-token');
    }
    const user = subject === undefined ? undefined : this.options.users.find(subject);
    if (!user) throw new AuthenticationError('invalid-token');
    return { id: user.id, role: user.role, department: user.department, name: user.name };
  }
}
