import { FixedWindowRateLimiter, RateLimitedError, type RateLimitSetting } from '@kntc/auth';

/**
 * The per-user limit spans this many address windows, and allows this many times the per-address-and-user
 * limit: one address can fail at most `limit` times per window, so it reaches at most half of the per-user
 * limit and cannot lock the real user out; only a guess spread over three or more addresses can.
 */
const USER_WINDOW_FACTOR = 6;
const USER_LIMIT_FACTOR = 2 * USER_WINDOW_FACTOR;

/**
 * Sign-in attempts, counted in this process (KNTC_RATE_LIMIT_LOGIN = limit/window):
 * - per client address, any user: one address cannot try passwords across many accounts;
 * - per address and user: an attacker guessing one account from one address gets `limit` tries a window;
 * - per user across addresses, wrong passwords only, over a longer window: slows a guess spread over many
 *   addresses, and is out of reach of one address, so a known user id cannot be locked out from one place.
 */
export class LoginAttemptLimits {
  readonly userFailureLimit: RateLimitSetting;
  private readonly byAddress: FixedWindowRateLimiter;
  private readonly byAddressAndUser: FixedWindowRateLimiter;
  private readonly failuresByUser: FixedWindowRateLimiter;

  constructor(setting: RateLimitSetting, now: () => number = Date.now) {
    this.userFailureLimit = { limit: setting.limit * USER_LIMIT_FACTOR, windowSeconds: setting.windowSeconds * USER_WINDOW_FACTOR };
    this.byAddress = new FixedWindowRateLimiter(setting, now);
    this.byAddressAndUser = new FixedWindowRateLimiter(setting, now);
    this.failuresByUser = new FixedWindowRateLimiter(this.userFailureLimit, now);
  }

  /** Before the password is checked; throws RateLimitedError (429) when a limit is reached. */
  admit(address: string, userId: string): void {
    this.byAddress.consume(address);
    this.byAddressAndUser.consume(`${address}\n${userId}`);
    const user = this.failuresByUser.peek(userId);
    if (!user.allowed) throw new RateLimitedError(user.retryAfterSeconds);
  }

  /** After a wrong password for `userId` (a user that exists or not: the answer must not tell). */
  recordFailure(userId: string): void {
    this.failuresByUser.hit(userId);
  }
}
