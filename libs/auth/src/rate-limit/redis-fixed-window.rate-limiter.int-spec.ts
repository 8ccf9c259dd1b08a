import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisFixedWindowRateLimiter } from './redis-fixed-window.rate-limiter';

const SETTING = { limit: 3, windowSeconds: 60 };
const START = Date.parse('2026-03-02T02:00:00Z');

describe('rate limits counted in Redis', () => {
  let redis: Redis;
  let keyRoot: string;
  let now: number;
  beforeAll(() => {
    if (!process.env['REDIS_URL']) throw new Error('REDIS_URL is not set: run the tests through scripts/with-redis.js');
    redis = new Redis(process.env['REDIS_URL']);
  });
  beforeEach(() => {
    keyRoot = `kntc-test-${randomUUID()}:`;
    now = START;
  });
  afterAll(async () => {
    await redis.quit();
  });

  const limiter = (connection: Redis = redis) => new RedisFixedWindowRateLimiter(connection, { name: 'login-address', keyRoot, setting: SETTING, now: () => now });

  it('share one count between two limiters, as between two API processes', async () => {
    const first = limiter();
    const other = new Redis(process.env['REDIS_URL']!);
    const second = limiter(other);
    const allowed = [];
    for (const one of [first, second, first, second]) allowed.push((await one.hit('203.0.113.5')).allowed);
    expect(allowed).toEqual([true, true, true, false]);
    expect(await second.peek('203.0.113.5')).toMatchObject({ allowed: false, remaining: 0 });
    expect((await first.hit('198.51.100.7')).allowed).toBe(true);
    now += SETTING.windowSeconds * 1000;
    expect((await second.hit('203.0.113.5')).allowed).toBe(true);
    await other.quit();
  });

  it('keep a hash of the address in a key that expires with its window, never the address', async () => {
    await limiter().hit('203.0.113.5');
    const keys = await redis.keys(`${keyRoot}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${keyRoot}rate-limit:login-address:${START}:[\\w-]{22}$`));
    expect(keys[0]).not.toContain('203.0.113.5');
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(SETTING.windowSeconds * 1000);
    expect(ttl).toBeLessThanOrEqual(SETTING.windowSeconds * 1000 + 1000);
  });

  it('keep counting in Redis after Redis forgot the script (a restart): it is sent again, not counted alone', async () => {
    const told: unknown[] = [];
    const shared = new RedisFixedWindowRateLimiter(redis, { name: 'writes-user', keyRoot, setting: SETTING, now: () => now, onFallback: (error) => told.push(error) });
    expect((await shared.hit('tnmt-intake')).remaining).toBe(2);
    await redis.script('FLUSH');
    expect((await shared.hit('tnmt-intake')).remaining).toBe(1);
    expect(await redis.get((await redis.keys(`${keyRoot}*`))[0]!)).toBe('2');
    expect(told).toEqual([]);
  });

  it('count in this process while Redis cannot be reached, and say so once', async () => {
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, enableOfflineQueue: false });
    const told: unknown[] = [];
    const alone = new RedisFixedWindowRateLimiter(down, { name: 'writes-user', keyRoot, setting: SETTING, now: () => now, onFallback: (error) => told.push(error) });
    const allowed = [];
    for (let i = 0; i < 4; i++) allowed.push((await alone.hit('tnmt-intake')).allowed);
    expect(allowed).toEqual([true, true, true, false]);
    expect(told).toHaveLength(1);
    down.disconnect();
  });
});
