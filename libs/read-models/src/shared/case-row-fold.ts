import { caseIdOfStream } from '@kntc/cases';
import type { Redis } from 'ioredis';
import type { CaseRow } from '../case-summary/case-row';
import { evolveCaseRow, type CaseRowContext } from '../case-summary/case-summary.evolve';
import type { ProjectedEvent } from './projected-event';

/** A case touched by a batch: its stored row before the batch and after folding the batch's events. */
export interface RowChange {
  caseId: string;
  before: CaseRow | undefined;
  after: CaseRow | undefined;
}

/**
 * Reads the stored rows of the cases a batch touches (one MGET) and folds the batch into them. Changes come
 * back in the order their cases first appear in the batch, so the writes derived from them are deterministic.
 */
export async function foldCaseRows(
  events: readonly ProjectedEvent[],
  redis: Redis,
  rowKey: (caseId: string) => string,
  ctx: CaseRowContext,
): Promise<RowChange[]> {
  const byCase = new Map<string, ProjectedEvent[]>();
  for (const projected of events) {
    const caseId = caseIdOfStream(projected.stream);
    if (caseId === undefined || projected.event === undefined) continue;
    const list = byCase.get(caseId);
    if (list) list.push(projected);
    else byCase.set(caseId, [projected]);
  }
  if (byCase.size === 0) return [];
  const caseIds = [...byCase.keys()];
  const stored = await redis.mget(caseIds.map(rowKey));
  return caseIds.map((caseId, index) => {
    const json = stored[index];
    const before = json == null ? undefined : (JSON.parse(json) as CaseRow);
    const after = byCase.get(caseId)!.reduce<CaseRow | undefined>((row, projected) => evolveCaseRow(row, projected, ctx), before);
    return { caseId, before, after };
  });
}

export function rowChanged(change: RowChange): boolean {
  return change.after !== change.before;
}
