import type { RateLimitSetting } from '../config/security.config';

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Whole seconds until the window ends (the Retry-After of a refusal). */
  retryAfterSeconds: number;
}

/** Too many requests from this client or user: the API answers 429 with Retry-After. */
export class RateLimitedError extends Error {
  readonly code = 'rate-limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Quá nhiều yêu cầu; hãy thử lại sau ${retryAfterSeconds} giây.`);
    this.name = 'RateLimitedError';
  }
}

/** Keys tracked at most; beyond it the oldest windows are dropped, so a flood of addresses cannot exhaust memory. */
const DEFAULT_MAX_KEYS = 100_000;

/**
 * In-memory fixed-window counter per key (client address, user id), one process only: behind a load balancer
 * each API process counts its own share, so the effective limit is the setting times the number of processes.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly windowMs: number;
  private sweptWindow = Number.NaN;

  constructor(
    private readonly setting: RateLimitSetting,
    private readonly now: () => number = Date.now,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {
    this.windowMs = setting.windowSeconds * 1000;
  }

  /** Counts one request for `key` and says whether it is within the limit. */
  hit(key: string): RateLimitDecision {
    const now = this.now();
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(key);
    if (window === undefined || window.start !== start) {
      if (window !== undefined) this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evict(start);
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    return { allowed: window.count <= this.setting.limit, remaining: Math.max(0, this.setting.limit - window.count), retryAfterSeconds };
  }

  /** Whether one more request for `key` would be within the limit, without counting it. */
  peek(key: string): RateLimitDecision {
    const now = this.now();
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    const window = this.windows.get(key);
    const count = window !== undefined && window.start === start ? window.count : 0;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    return { allowed: count < this.setting.limit, remaining: Math.max(0, this.setting.limit - count), retryAfterSeconds };
  }

  /** Like `hit`, throwing RateLimitedError when over the limit. */
  consume(key: string): void {
    const decision = this.hit(key);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }

  get trackedKeys(): number {
    return this.windows.size;
  }

  private evict(currentStart: number): void {
    if (this.sweptWindow !== currentStart) {
      for (const [key, window] of this.windows) if (window.start !== currentStart) this.windows.delete(key);
      this.sweptWindow = currentStart;
    }
    // Still full of current windows: drop the oldest entry (Map keeps insertion order).
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
  }
}
