import type { IncomingMessage } from 'node:http';
import { FixedWindowRateLimiter, type RateLimitSetting } from '@kntc/auth';

/** The API's rate limiters, one set per process (DI token: RateLimits). */
export class RateLimits {
  /** Login attempts per client address. */
  readonly loginByAddress: FixedWindowRateLimiter;
  /** Login attempts per user id, whatever the address: slows a distributed guess of one password. */
  readonly loginByUser: FixedWindowRateLimiter;
  /** Writes (POST, PUT, PATCH, DELETE) per authenticated user. */
  readonly writesByUser: FixedWindowRateLimiter;

  constructor(settings: { login: RateLimitSetting; writes: RateLimitSetting }, now: () => number = Date.now) {
    this.loginByAddress = new FixedWindowRateLimiter(settings.login, now);
    this.loginByUser = new FixedWindowRateLimiter(settings.login, now);
    this.writesByUser = new FixedWindowRateLimiter(settings.writes, now);
  }
}

/** The client address as Express reads it: X-Forwarded-For only from the proxies KNTC_TRUST_PROXY names. */
export function clientAddress(request: IncomingMessage & { ip?: string }): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
