import { consumeRateLimit, FixedWindowRateLimiter, RateLimitedError, type RateLimiter, type RateLimitSetting } from '@kntc/auth';

/**
 * The per-user limit spans this many address windows, and allows this many times the per-address-and-user
 * limit: one address can fail at most `limit` times per window, so it reaches at most half of the per-user
 * limit and cannot lock the real user out; only a guess spread over three or more addresses can.
 */
const USER_WINDOW_FACTOR = 6;
const USER_LIMIT_FACTOR = 2 * USER_WINDOW_FACTOR;

/** Makes the counter of one limit: `name` keeps the limits' counters apart where they share a store (Redis). */
export type RateLimiterFactory = (name: string, setting: RateLimitSetting) => RateLimiter;

/** Counters in this process's memory (tests, and the API without Redis). */
export function inMemoryLimiters(now: () => number = Date.now): RateLimiterFactory {
  return (_name, setting) => new FixedWindowRateLimiter(setting, now);
}

/**
 * Sign-in attempts (KNTC_RATE_LIMIT_LOGIN = limit/window), counted where the factory keeps them (Redis: across
 * every API process):
 * - per client address, any user: one address cannot try passwords across many accounts;
 * - per address and user: an attacker guessing one account from one address gets `limit` tries a window;
 * - per user across addresses, wrong passwords only, over a longer window: slows a guess spread over many
 *   addresses, and is out of reach of one address, so a known user id cannot be locked out from one place.
 */
export class LoginAttemptLimits {
  readonly userFailureLimit: RateLimitSetting;
  private readonly byAddress: RateLimiter;
  private readonly byAddressAndUser: RateLimiter;
  private readonly failuresByUser: RateLimiter;

  constructor(setting: RateLimitSetting, limiters: RateLimiterFactory = inMemoryLimiters()) {
    this.userFailureLimit = { limit: setting.limit * USER_LIMIT_FACTOR, windowSeconds: setting.windowSeconds * USER_WINDOW_FACTOR };
    this.byAddress = limiters('login-address', setting);
    this.byAddressAndUser = limiters('login-address-user', setting);
    this.failuresByUser = limiters('login-user-failures', this.userFailureLimit);
  }

  /** Before the password is checked; throws RateLimitedError (429) when a limit is reached. */
  async admit(address: string, userId: string): Promise<void> {
    await consumeRateLimit(this.byAddress, address);
    await consumeRateLimit(this.byAddressAndUser, `${address}\n${userId}`);
    const user = await this.failuresByUser.peek(userId);
    if (!user.allowed) throw new RateLimitedError(user.retryAfterSeconds);
  }

  /** After a wrong password for `userId` (a user that exists or not: the answer must not tell). */
  async recordFailure(userId: string): Promise<void> {
    await this.failuresByUser.hit(userId);
  }
}
