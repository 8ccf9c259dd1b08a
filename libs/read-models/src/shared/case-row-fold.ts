import { caseIdOfStream } from '@kntc/cases';
import type { Redis } from 'ioredis';
import type { CaseRow } from '../case-summary/case-row';
import { evolveCaseRow, type CaseRowContext } from '../case-summary/case-summary.evolve';
import type { ProjectedEvent } from './projected-event';

/** A case touched by a batch: its stored row before the batch and after folding the batch's events. */
export interface RowChange<R extends CaseRow = CaseRow> {
  caseId: string;
  before: R | undefined;
  after: R | undefined;
}

/**
 * What a projection adds to a row after each event is folded (evolveCaseRow keeps unknown fields): gets the
 * row before and after the event, returns `after` itself when it adds nothing.
 */
export type RowStep<R extends CaseRow> = (before: R | undefined, after: R | undefined, projected: ProjectedEvent) => R | undefined;

/**
 * Reads the stored rows of the cases a batch touches (one MGET) and folds the batch into them. Changes come
 * back in the order their cases first appear in the batch, so the writes derived from them are deterministic.
 */
export async function foldCaseRows<R extends CaseRow = CaseRow>(
  events: readonly ProjectedEvent[],
  redis: Redis,
  rowKey: (caseId: string) => string,
  ctx: CaseRowContext,
  step?: RowStep<R>,
): Promise<Array<RowChange<R>>> {
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
    const before = json == null ? undefined : (JSON.parse(json) as R);
    const after = byCase.get(caseId)!.reduce<R | undefined>((row, projected) => {
      const next = evolveCaseRow(row, projected, ctx) as R | undefined;
      return step === undefined ? next : step(row, next, projected);
    }, before);
    return { caseId, before, after };
  });
}

export function rowChanged<R extends CaseRow>(change: RowChange<R>): boolean {
  return change.after !== change.before;
}
