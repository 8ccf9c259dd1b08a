import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitSetting } from '../config/security.config';
import { FixedWindowRateLimiter, RateLimitedError, type RateLimitDecision } from './fixed-window.rate-limiter';

/** A fixed-window counter per key: in this process's memory, or in Redis shared by every API process. */
export interface RateLimiter {
  /** Counts one request for `key` and says whether it is within the limit. */
  hit(key: string): RateLimitDecision | Promise<RateLimitDecision>;
  /** Whether one more request for `key` would be within the limit, without counting it. */
  peek(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Counts one request, throwing RateLimitedError (429) when over the limit. */
export async function consumeRateLimit(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.hit(key);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}

/** One increment per hit; the first of a window sets the key's lifetime, so counters expire on their own. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * The script as a command of the connection: ioredis sends it by its SHA1 (EVALSHA), and the text only when Redis
 * does not know it yet (NOSCRIPT, e.g. after a restart), instead of the whole text on every request.
 */
const HIT_COMMAND = 'kntcRateLimitHit';

type HitCommand = (key: string, ttlMs: number) => Promise<unknown>;

function hitCommandOf(redis: Redis): HitCommand {
  const commands = redis as unknown as Record<string, HitCommand | undefined>;
  if (commands[HIT_COMMAND] === undefined) redis.defineCommand(HIT_COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
  return commands[HIT_COMMAND]!.bind(redis);
}

/** After Redis failed to answer in time, this process counts alone for this long before asking Redis again, in ms. */
const DEGRADED_MS = 2_000;

/**
 * A fixed window per key in Redis (`<KNTC_REDIS_PREFIX>rate-limit:<name>:<window start>:<hash of the key>`,
 * expiring with the window): every API process counts against the same limit. Keys hold a hash of the client
 * address or user id, never the value. While Redis is unreachable this process counts alone in memory (the limit
 * then holds per process), so an outage of Redis slows no sign-in or command.
 */
export class RedisFixedWindowRateLimiter implements RateLimiter {
  private readonly windowMs: number;
  private readonly fallback: FixedWindowRateLimiter;
  private readonly hitInRedis: HitCommand;
  private degradedUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: { name: string; keyRoot: string; setting: RateLimitSetting; now?: () => number; onFallback?: (error: unknown) => void },
  ) {
    this.windowMs = options.setting.windowSeconds * 1000;
    this.fallback = new FixedWindowRateLimiter(options.setting, this.now);
    this.hitInRedis = hitCommandOf(redis);
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const now = this.now();
    if (!this.reachable(now)) return this.fallback.hit(key);
    try {
      const count = Number(await this.hitInRedis(this.redisKey(key, now), this.windowMs + 1_000));
      return this.decision(count, now, count <= this.options.setting.limit);
    } catch (error) {
      this.degrade(now, error);
      return this.fallback.hit(key);
    }
  }

  async peek(key: string): Promise<RateLimitDecision> {
    const now = this.now();
    if (!this.reachable(now)) return this.fallback.peek(key);
    try {
      const count = Number((await this.redis.get(this.redisKey(key, now))) ?? 0);
      return this.decision(count, now, count < this.options.setting.limit);
    } catch (error) {
      this.degrade(now, error);
      return this.fallback.peek(key);
    }
  }

  private get now(): () => number {
    return this.options.now ?? Date.now;
  }

  private reachable(now: number): boolean {
    return now >= this.degradedUntil && !['reconnecting', 'close', 'end'].includes(this.redis.status);
  }

  private degrade(now: number, error: unknown): void {
    this.degradedUntil = now + DEGRADED_MS;
    this.options.onFallback?.(error);
  }

  private decision(count: number, now: number, allowed: boolean): RateLimitDecision {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    return { allowed, remaining: Math.max(0, this.options.setting.limit - count), retryAfterSeconds: Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)) };
  }

  private redisKey(key: string, now: number): string {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    const digest = createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22);
    return `${this.options.keyRoot}rate-limit:${this.options.name}:${start}:${digest}`;
  }
}
