import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { ReadModelsAvailability } from '../read-models/read-models-availability';

/** A hung Redis is bounded by the connection's command timeout already; this is the outer bound. */
const TIMEOUT_MS = 2000;

/** Redis answers PING: the read models (lists, summaries, deadline board, inbox) can be served. */
export function redisHealth(indicators: HealthIndicatorService, availability: ReadModelsAvailability, key: string): PromiseLike<HealthIndicatorResult> {
  return indicators
    .check(key)
    .attempt(() => availability.ping())
    .withTimeout(TIMEOUT_MS);
}
