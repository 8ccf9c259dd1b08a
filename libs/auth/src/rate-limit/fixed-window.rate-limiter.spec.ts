import { FixedWindowRateLimiter, RateLimitedError } from './fixed-window.rate-limiter';

describe('a fixed window of 3 requests per 60 seconds', () => {
  let now = Date.parse('2026-03-02T02:00:10Z');
  const limiter = new FixedWindowRateLimiter({ limit: 3, windowSeconds: 60 }, () => now);

  it('lets 3 requests of one key through and refuses the 4th until the window ends', () => {
    expect([1, 2, 3].map(() => limiter.hit('10.0.0.1').allowed)).toEqual([true, true, true]);
    expect(limiter.hit('10.0.0.1')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
    expect(() => limiter.consume('10.0.0.1')).toThrow(RateLimitedError);
  });

  it('counts each key on its own', () => {
    expect(limiter.hit('10.0.0.2').allowed).toBe(true);
  });

  it('starts again in the next window', () => {
    now += 50_000;
    expect(limiter.hit('10.0.0.1')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 60 });
  });
});

describe('a flood of distinct keys', () => {
  it('keeps at most the configured number of keys in memory', () => {
    const limiter = new FixedWindowRateLimiter({ limit: 1, windowSeconds: 60 }, () => 0, 100);
    for (let i = 0; i < 1000; i++) limiter.hit(`client-${i}`);
    expect(limiter.trackedKeys).toBeLessThanOrEqual(100);
  });
});
