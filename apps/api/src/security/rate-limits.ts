import type { IncomingMessage } from 'node:http';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RedisFixedWindowRateLimiter, type RateLimiter, type RateLimitSetting } from '@kntc/auth';
import { inMemoryLimiters, LoginAttemptLimits, type RateLimiterFactory } from './login-attempt-limits';

/** A rate-limit command waits this long for Redis before the process counts alone (ms): a hung Redis slows no request much. */
const REDIS_TIMEOUT_MS = 300;

/** Where the counters live: Redis (shared by every API process) when a URL is given, else this process's memory. */
export interface RateLimitsStorage {
  redisUrl?: string;
  /** KNTC_REDIS_PREFIX. */
  keyRoot?: string;
  now?: () => number;
}

/**
 * The API's rate limits (DI token: RateLimits), counted in Redis so that the limits hold across API processes; in
 * memory when there is no Redis (and, per process, while Redis is unreachable).
 */
export class RateLimits implements OnApplicationShutdown {
  /** Sign-in attempts per address, per address and user, and wrong passwords per user (see LoginAttemptLimits). */
  readonly login: LoginAttemptLimits;
  /** Writes (POST, PUT, PATCH, DELETE) per authenticated user. */
  readonly writesByUser: RateLimiter;
  private readonly redis: Redis | undefined;

  constructor(settings: { login: RateLimitSetting; writes: RateLimitSetting }, storage: RateLimitsStorage = {}) {
    let limiters: RateLimiterFactory = inMemoryLimiters(storage.now);
    if (storage.redisUrl !== undefined) {
      const redis = new Redis(storage.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: REDIS_TIMEOUT_MS, connectionName: 'kntc-rate-limits' });
      const logger = new Logger('RateLimits');
      let warned = false;
      redis.on('error', () => undefined);
      redis.on('ready', () => {
        warned = false;
      });
      const onFallback = (error: unknown): void => {
        if (warned) return;
        warned = true;
        logger.warn(`redis: ${error instanceof Error ? error.message : String(error)}; counting rate limits in this process until it answers`);
      };
      limiters = (name, setting) =>
        new RedisFixedWindowRateLimiter(redis, { name, setting, keyRoot: storage.keyRoot ?? 'kntc:', onFallback, ...(storage.now ? { now: storage.now } : {}) });
      this.redis = redis;
    }
    this.login = new LoginAttemptLimits(settings.login, limiters);
    this.writesByUser = limiters('writes-user', settings.writes);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}

/** The client address as Express reads it: X-Forwarded-For only from the proxies KNTC_TRUST_PROXY names. */
export function clientAddress(request: IncomingMessage & { ip?: string }): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
