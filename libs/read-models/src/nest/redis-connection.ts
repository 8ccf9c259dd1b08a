import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Opens the read side's Redis connection and closes it when the application has stopped. */
export class RedisConnection implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, enableAutoPipelining: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
