import type { Redis } from 'ioredis';
import { caseSummaryKeys, type BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import { foldCaseRows, rowChanged } from '../shared/case-row-fold';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import type { CaseRowContext } from './case-summary.evolve';

export const CASE_SUMMARY_PROJECTION = 'case-summary';

/** One document per case: kind, stage, department, inspector, redacted parties, clocks. */
export class CaseSummaryProjection implements Projection {
  readonly name = CASE_SUMMARY_PROJECTION;
  readonly description = 'Tóm tắt hồ sơ: loại, bước, đơn vị, thanh tra viên, các thời hạn';

  constructor(
    private readonly ctx: CaseRowContext,
    /** 2: rows folded by the domain (a suspended case that ends is no longer suspended); clocks keep reminders and escalation day. */
    readonly version: number = 2,
  ) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = caseSummaryKeys(build);
    const changes = await foldCaseRows(events, redis, keys.case, this.ctx);
    return changes
      .filter(rowChanged)
      .flatMap((change): RedisWrite[] => (change.after ? [{ op: 'set', key: keys.case(change.caseId), value: JSON.stringify(change.after) }] : []));
  }
}
