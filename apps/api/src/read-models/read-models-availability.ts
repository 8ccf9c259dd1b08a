import { Inject, Injectable } from '@nestjs/common';
import {
  isRedisConnectionLost,
  isRedisUnavailableError,
  PROJECTIONS,
  READ_MODEL_REDIS,
  READ_MODEL_SETTINGS,
  ReadModelKeys,
  type Projection,
  type ReadModelSettings,
} from '@kntc/read-models';
import type { Redis } from 'ioredis';
import type { ServerResponse } from 'node:http';
import { ApiProblem } from '../shared/api-problem.error';

/** Seconds a client should wait before asking again while Redis is unreachable (a restart takes about this). */
export const READ_MODELS_RETRY_AFTER_SECONDS = 5;

/**
 * Whether the read models' Redis can serve: the read-model routes fail fast on it (503 read-models-unavailable
 * rather than an error after the reconnection attempts), and readiness reports it.
 */
@Injectable()
export class ReadModelsAvailability {
  private readonly keys: ReadModelKeys;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(READ_MODEL_SETTINGS) settings: ReadModelSettings,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
  ) {
    this.keys = new ReadModelKeys(settings.keyRoot);
  }

  /** Throws the 503 at once when the connection is known to be lost. */
  assertNotLost(response: ServerResponse): void {
    if (isRedisConnectionLost(this.redis)) throw readModelsUnavailable(response);
  }

  /** The 503 for an error of Redis itself; any other error is returned as it is. */
  translate(error: unknown, response: ServerResponse): unknown {
    if (error instanceof ApiProblem) return error;
    return isRedisUnavailableError(error) || (error instanceof Error && isRedisConnectionLost(this.redis)) ? readModelsUnavailable(response) : error;
  }

  /** Resolves when Redis answers PING (bounded by the connection's command timeout), rejects otherwise. */
  async ping(): Promise<void> {
    if (isRedisConnectionLost(this.redis)) throw new Error(`connection ${this.redis.status}`);
    await this.redis.ping();
  }

  /** Per projection, the events a newer release wrote that this one skipped (`<type>@v<n>` → how many); empty when none. */
  async newerEvents(): Promise<Record<string, Record<string, number>>> {
    const found: Record<string, Record<string, number>> = {};
    for (const projection of this.projections) {
      const counts = await this.redis.hgetall(this.keys.projection(projection.name).newerEvents);
      const skipped = Object.entries(counts).filter(([field]) => !field.endsWith(':first-position'));
      if (skipped.length > 0) found[projection.name] = Object.fromEntries(skipped.map(([field, count]) => [field, Number(count)]));
    }
    return found;
  }
}

function readModelsUnavailable(response: ServerResponse): ApiProblem {
  if (!response.headersSent) response.setHeader('Retry-After', String(READ_MODELS_RETRY_AFTER_SECONDS));
  return new ApiProblem(
    503,
    'read-models-unavailable',
    'Danh sách tạm thời không khả dụng',
    `Không kết nối được Redis, nơi lưu danh sách, số liệu và hộp thư; hồ sơ vẫn đọc và xử lý được. Vui lòng thử lại sau ${READ_MODELS_RETRY_AFTER_SECONDS} giây.`,
  );
}
