import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { openReadModelRedis } from '../shared/read-model-redis';

/** Opens the read side's Redis connection and closes it when the application has stopped. */
export class RedisConnection implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(url: string) {
    const logger = new Logger('Redis');
    this.redis = openReadModelRedis(url, (message) => logger.warn(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
