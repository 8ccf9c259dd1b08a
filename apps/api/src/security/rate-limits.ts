import type { IncomingMessage } from 'node:http';
import { FixedWindowRateLimiter, type RateLimitSetting } from '@kntc/auth';
import { LoginAttemptLimits } from './login-attempt-limits';

/** The API's rate limiters, one set per process (DI token: RateLimits). */
export class RateLimits {
  /** Sign-in attempts per address, per address and user, and wrong passwords per user (see LoginAttemptLimits). */
  readonly login: LoginAttemptLimits;
  /** Writes (POST, PUT, PATCH, DELETE) per authenticated user. */
  readonly writesByUser: FixedWindowRateLimiter;

  constructor(settings: { login: RateLimitSetting; writes: RateLimitSetting }, now: () => number = Date.now) {
    this.login = new LoginAttemptLimits(settings.login, now);
    this.writesByUser = new FixedWindowRateLimiter(settings.writes, now);
  }
}

/** The client address as Express reads it: X-Forwarded-For only from the proxies KNTC_TRUST_PROXY names. */
export function clientAddress(request: IncomingMessage & { ip?: string }): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
