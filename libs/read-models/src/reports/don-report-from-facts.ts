import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import type { BuildKeys, ReadModelKeys } from '../keys';
import { DON_FACTS_PROJECTION, donFactsKeys, type DonFacts } from '../report-facts/don-facts';
import { RECEPTION_FACTS_PROJECTION, receptionFactsKeys, type ReceptionFacts } from '../report-facts/reception-facts';
import { readActiveBuild } from '../runner/projection-builds';
import { donProcessingFigures, receptionFigures, type DonProcessingFigures, type DonReportWindow, type ReceptionFigures } from './don-report';

const POLL_MS = 25;

export interface DonReportFactsOptions {
  store: Pick<EventStore, 'readAll'>;
  redis: Redis;
  keys: ReadModelKeys;
  waitTimeoutMs?: number;
  /** The error when a projection has not reached `head` within the wait (the report's read-model-behind). */
  behind: (head: Position, reached: Position) => Error;
}

/**
 * The reception and đơn-processing figures of a department from the don-facts and reception-facts projections,
 * once each has applied its streams' events up to `head` (the store's head when the report was asked).
 */
export async function donAndReceptionFigures(
  options: DonReportFactsOptions,
  department: string,
  window: DonReportWindow,
  head: Position,
): Promise<{ reception: ReceptionFigures; dons: DonProcessingFigures }> {
  const [sessions, dons] = await Promise.all([
    readFacts<ReceptionFacts>(options, RECEPTION_FACTS_PROJECTION, 'reception-', head, (build) => receptionFactsKeys(build).facts(department)),
    readFacts<DonFacts>(options, DON_FACTS_PROJECTION, 'don-', head, (build) => donFactsKeys(build).facts(department)),
  ]);
  return { reception: receptionFigures(sessions, window), dons: donProcessingFigures(dons, window) };
}

async function readFacts<T>(
  options: DonReportFactsOptions,
  projection: string,
  streamPrefix: string,
  head: Position,
  hashOf: (build: BuildKeys) => string,
): Promise<T[]> {
  const { redis, keys, store } = options;
  const projectionKeys = keys.projection(projection);
  const deadline = Date.now() + (options.waitTimeoutMs ?? 5_000);
  for (;;) {
    const active = await readActiveBuild(redis, projectionKeys);
    const applied = active?.position ?? 0n;
    const [next] = applied >= head ? [] : await store.readAll({ after: applied, streamPrefix, limit: 1 });
    if (next === undefined || next.position > head) {
      if (active === undefined) return [];
      return Object.values(await redis.hgetall(hashOf(active.keys))).map((json) => JSON.parse(json) as T);
    }
    if (Date.now() >= deadline) throw options.behind(head, applied);
    await sleep(POLL_MS);
  }
}
