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

/**
 * Events a newer release wrote that this release's projections skipped (a rolling upgrade under way, or left
 * half done): reported, not failed — the instance still serves, but its read models miss those facts until the
 * newer release rebuilds them.
 */
export function newerEventsHealth(indicators: HealthIndicatorService, availability: ReadModelsAvailability, key: string): PromiseLike<HealthIndicatorResult> {
  return indicators
    .check(key)
    .attempt(async () => {
      const skipped = await availability.newerEvents();
      return Object.keys(skipped).length > 0 ? { skipped, action: 'rebuild the projections with the newer release (kntc projections rebuild)' } : {};
    })
    .withTimeout(TIMEOUT_MS);
}
