import { createSecretKey, type KeyObject } from 'node:crypto';
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
  /**
   * The longest lifetime (exp - iat) a token may have, issued or accepted, in seconds. Default: the sign-in
   * lifetime, so a leaked or hand-made token is good for a working day at most.
   */
  maxLifetimeSeconds?: number;
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
 * Tokens whose signature, issuer and audience were verified, kept so a client's next requests skip the HMAC and the
 * JSON parsing (a twentieth of a filing's CPU). Keyed by the whole token, signature included, so only a token this
 * process verified can hit; expiry and lifetime are checked again at every use and the user is read every time.
 */
const VERIFIED_CACHE_SIZE = 10_000;
/** How far in the future an iat may be: the clocks of the host running `kntc token` and of the API may differ a little. */
const ISSUED_AT_SKEW_SECONDS = 60;

/**
 * Interim HS256 tokens naming a user of the directory (`sub`). The token carries no role or name: they are
 * read from the directory at every request, so a change to the users file applies at the next start.
 */
export class TokenService {
  private readonly ttlSeconds: number;
  private readonly maxLifetime: number;
  private readonly now: () => number;
  /** Made once: given the secret as a string, jsonwebtoken tries it as a public key on every call (a tenth of a request's CPU). */
  private readonly key: KeyObject;
  /** Verified claims by token, oldest first (see VERIFIED_CACHE_SIZE). */
  private readonly verified = new Map<string, jwt.JwtPayload>();

  constructor(private readonly options: TokenServiceOptions) {
    this.key = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.maxLifetime = options.maxLifetimeSeconds ?? this.ttlSeconds;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.ttlSeconds) || this.ttlSeconds <= 0) throw new RangeError(`token lifetime must be a positive number of seconds, got ${this.ttlSeconds}`);
    if (!Number.isInteger(this.maxLifetime) || this.ttlSeconds > this.maxLifetime) {
      throw new RangeError(`token lifetime ${this.ttlSeconds} s is over the maximum lifetime ${this.maxLifetime} s`);
    }
  }

  /** The longest lifetime a token may have, in seconds: `issue` gives no longer one and `verify` accepts none. */
  get maxLifetimeSeconds(): number {
    return this.maxLifetime;
  }

  /** Lifetime of the tokens `issue` gives by default, in seconds. */
  get lifetimeSeconds(): number {
    return this.ttlSeconds;
  }

  issue(userId: string, ttlSeconds: number = this.ttlSeconds): IssuedToken {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > this.maxLifetime) {
      throw new RangeError(`token lifetime must be 1 to ${this.maxLifetime} seconds, got ${ttlSeconds}`);
    }
    const user = this.options.users.find(userId);
    if (!user) throw new Error(`no user "${userId}" in the users file`);
    const issuedAt = Math.floor(this.now() / 1000);
    const token = jwt.sign({ iat: issuedAt }, this.key, {
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
    const claims = this.verifiedClaims(token);
    const subject = this.lifetimeAcceptable(claims) ? claims.sub : undefined;
    const user = subject === undefined ? undefined : this.options.users.find(subject);
    if (!user) throw new AuthenticationError('invalid-token');
    return { id: user.id, role: user.role, department: user.department, name: user.name };
  }

  /** The token's claims once its signature, algorithm, issuer and audience are verified; expiry checked at every call. */
  private verifiedClaims(token: string): jwt.JwtPayload {
    const nowSeconds = Math.floor(this.now() / 1000);
    const known = this.verified.get(token);
    if (known !== undefined) {
      // jsonwebtoken's own rule: expired once the clock reaches exp.
      if (typeof known.exp === 'number' && nowSeconds < known.exp) return known;
      this.verified.delete(token);
    }
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, clockTimestamp: nowSeconds });
    } catch (error) {
      throw new AuthenticationError(error instanceof jwt.TokenExpiredError ? 'token-expired' : 'invalid-token');
    }
    if (typeof claims !== 'object') throw new AuthenticationError('invalid-token');
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
    }
    return claims;
  }

  /** exp and iat present, iat not ahead of the clock, and no longer a life than the maximum: a token that never expires is refused. */
  private lifetimeAcceptable(claims: jwt.JwtPayload): boolean {
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    return iat <= Math.floor(this.now() / 1000) + ISSUED_AT_SKEW_SECONDS && exp > iat && exp - iat <= this.maxLifetime;
  }
}
