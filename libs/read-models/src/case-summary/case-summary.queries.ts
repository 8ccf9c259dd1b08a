import { canSeeDepartment } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import type { Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { caseSummaryKeys, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { DeadlineStatusPolicy } from '../shared/deadline-status';
import type { CaseRow } from './case-row';
import { CASE_SUMMARY_PROJECTION } from './case-summary.projection';
import { toCaseSummaryView, type CaseSummaryView } from './case-summary.view';

export interface CaseSummaryAnswer {
  summary: CaseSummaryView;
  /** The read model's checkpoint when it answered. */
  position: Position;
}

export class CaseSummaryQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly policy: DeadlineStatusPolicy,
  ) {}

  /** Undefined when the case is unknown to the read model or belongs to a department the actor cannot see. */
  async get(caseId: string, actor: Actor): Promise<CaseSummaryAnswer | undefined> {
    const active = await readActiveBuild(this.redis, this.keys.projection(CASE_SUMMARY_PROJECTION));
    if (active === undefined) return undefined;
    const json = await this.redis.get(caseSummaryKeys(active.keys).case(caseId));
    if (json === null) return undefined;
    const row = JSON.parse(json) as CaseRow;
    if (!canSeeDepartment(actor, row.department)) return undefined;
    return { summary: toCaseSummaryView(row, this.policy.window()), position: active.position };
  }
}
