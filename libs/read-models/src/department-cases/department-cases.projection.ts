import { vnDateOf, type LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { nextDueDate, type CaseRow } from '../case-summary/case-row';
import type { CaseRowContext } from '../case-summary/case-summary.evolve';
import { dateScore, departmentCasesKeys, type BuildKeys, type ListScope } from '../keys';
import type { Projection } from '../runner/projection';
import { foldCaseRows, rowChanged, type RowChange as FoldedChange } from '../shared/case-row-fold';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import { addCounterDeltas, counterWrites, type CounterDeltas } from '../shared/counter-writes';
import { foldSearchText } from '../shared/search-text';

export const DEPARTMENT_CASES_PROJECTION = 'department-cases';

type Keys = ReturnType<typeof departmentCasesKeys>;

/** The list item of a case: its summary, and when it was resolved. */
export interface DepartmentCaseRow extends CaseRow {
  /**
   * The day of the case's first resolving act (giải quyết xong: a decision or conclusion issued, a petition
   * answered), as the report dates acts: the document's date, else the business day in Vietnam. Kept after a
   * review: a case is resolved once. Cases that end otherwise (rejected, forwarded, withdrawn) are never resolved.
   */
  resolvedOn?: LocalDate;
}

/** The acts that resolve a case on its merits, as the report's "Đã giải quyết" cells count them. */
const RESOLVING_ACTS: ReadonlySet<string> = new Set(['DecisionIssued', 'CitizenAnswered']);

type RowChange = FoldedChange<DepartmentCaseRow>;

/** `2026-03-02` → `2026-03`. */
export const monthOf = (date: LocalDate): string => date.slice(0, 7);

/**
 * Counters of a department (HASH fields): `total`, `open`, `suspended`, `kind:<kind>`, `stage:<stage>`,
 * `received:<yyyy-mm>` (month of receipt) and `resolved:<yyyy-mm>` (month of resolvedOn).
 */
export function departmentCounters(row: DepartmentCaseRow): Map<string, number> {
  const counters = new Map([
    ['total', 1],
    ['open', row.final ? 0 : 1],
    ['suspended', row.suspended ? 1 : 0],
    [`kind:${row.kind}`, 1],
    [`stage:${row.stage}`, 1],
    [`received:${monthOf(row.receivedOn)}`, 1],
  ]);
  if (row.resolvedOn !== undefined) counters.set(`resolved:${monthOf(row.resolvedOn)}`, 1);
  return counters;
}

/** Records the day of a case's first resolving act; the fold keeps it on every later row. */
export function markResolved(_before: DepartmentCaseRow | undefined, after: DepartmentCaseRow | undefined, projected: ProjectedEvent): DepartmentCaseRow | undefined {
  const event = projected.event;
  if (after === undefined || after.resolvedOn !== undefined || event === undefined || !RESOLVING_ACTS.has(event.type)) return after;
  const documentDate = (event.data as { documentDate?: LocalDate }).documentDate;
  return { ...after, resolvedOn: documentDate ?? vnDateOf(projected.occurredAt) };
}

/** The folded text a list search matches: subject, names of non-confidential parties, reference number. */
export function searchTextOf(row: CaseRow): string {
  const names = row.parties.filter((p) => !p.confidential).map((p) => p.name);
  return foldSearchText([row.subject, ...names, row.referenceNo ?? ''].join(' '));
}

const scopesOf = (row: CaseRow): ListScope[] => [{ department: row.department }, 'all'];

/**
 * Per-department lists: a row per case, sorted sets by receipt and by next due date (department and all),
 * filter sets (kind, stage, inspector), search texts, and counters. Counters are written as absolute values
 * read before the batch, so an empty counter is deleted rather than left at 0 and the keys do not depend
 * on where batches happened to end.
 */
export class DepartmentCasesProjection implements Projection {
  readonly name = DEPARTMENT_CASES_PROJECTION;
  readonly description = 'Danh sách hồ sơ theo đơn vị: sắp xếp, lọc, tìm kiếm, số liệu tổng hợp';

  constructor(
    private readonly ctx: CaseRowContext,
    /**
     * 2: rows carry resolvedOn, counters by month of receipt and of resolution; 3: resolved by a resolving act;
     * 4: rows folded by the domain (a suspended case that ends leaves the `suspended` counter).
     */
    readonly version: number = 4,
  ) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = departmentCasesKeys(build);
    const changes = (await foldCaseRows<DepartmentCaseRow>(events, redis, keys.row, this.ctx, markResolved)).filter(rowChanged);
    const writes = changes.flatMap((change) => indexWrites(change, keys));
    writes.push(...(await departmentCounterWrites(changes, redis, keys)));
    return writes;
  }
}

function indexWrites({ caseId, before, after }: RowChange, keys: Keys): RedisWrite[] {
  if (after === undefined) return [];
  const writes: RedisWrite[] = [{ op: 'set', key: keys.row(caseId), value: JSON.stringify(after) }];
  const moved = before !== undefined && before.department !== after.department;
  if (before && moved) {
    const old: ListScope = { department: before.department };
    writes.push({ op: 'zrem', key: keys.received(old), member: caseId }, { op: 'zrem', key: keys.due(old), member: caseId });
  }
  if (before === undefined || moved || before.receivedOn !== after.receivedOn) {
    for (const scope of scopesOf(after)) writes.push({ op: 'zadd', key: keys.received(scope), member: caseId, score: dateScore(after.receivedOn) });
  }
  const due = nextDueDate(after);
  const dueBefore = before && nextDueDate(before);
  if (due === undefined && dueBefore !== undefined) {
    for (const scope of scopesOf(after)) writes.push({ op: 'zrem', key: keys.due(scope), member: caseId });
  } else if (due !== undefined && (due !== dueBefore || moved)) {
    for (const scope of scopesOf(after)) writes.push({ op: 'zadd', key: keys.due(scope), member: caseId, score: dateScore(due) });
  }
  writes.push(...memberWrites(caseId, before?.kind, after.kind, keys.kind));
  writes.push(...memberWrites(caseId, before?.stage, after.stage, keys.stage));
  writes.push(...memberWrites(caseId, before?.inspectorId, after.inspectorId, keys.inspector));
  const text = searchTextOf(after);
  if (before === undefined || searchTextOf(before) !== text) writes.push({ op: 'hset', key: keys.search, field: caseId, value: text });
  return writes;
}

function memberWrites(caseId: string, before: string | undefined, after: string | undefined, keyOf: (value: string) => string): RedisWrite[] {
  if (before === after) return [];
  return [
    ...(before !== undefined ? [{ op: 'srem', key: keyOf(before), member: caseId } as const] : []),
    ...(after !== undefined ? [{ op: 'sadd', key: keyOf(after), member: caseId } as const] : []),
  ];
}

/** The department counters the batch's row changes move (see counterWrites). */
function departmentCounterWrites(changes: readonly RowChange[], redis: Redis, keys: Keys): Promise<RedisWrite[]> {
  const deltas: CounterDeltas = new Map();
  for (const { before, after } of changes) {
    if (before !== undefined) addCounterDeltas(deltas, keys.counts(before.department), departmentCounters(before), -1);
    if (after !== undefined) addCounterDeltas(deltas, keys.counts(after.department), departmentCounters(after), 1);
  }
  return counterWrites(redis, deltas);
}
