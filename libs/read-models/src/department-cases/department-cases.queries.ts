import { canSeeDepartment, spansDepartments } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import type { Position } from '@kntc/event-store';
import type { LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import type { CaseRow } from '../case-summary/case-row';
import { toCaseSummaryView, type CaseSummaryView } from '../case-summary/case-summary.view';
import { dateScore, departmentCasesKeys, type ListScope, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { DeadlineStatus, DeadlineStatusPolicy, DeadlineWindow } from '../shared/deadline-status';
import { matchesSearch, searchTerms } from '../shared/search-text';
import { DEPARTMENT_CASES_PROJECTION } from './department-cases.projection';

/** Members per SMISMEMBER / ZMSCORE / HMGET call. */
const CHUNK = 5_000;

export const CASE_LIST_SORTS = ['received', 'due'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListFilter {
  /** Omitted: the actor's department, or every department for a role that spans them. */
  department?: string;
  kind?: string;
  stage?: string;
  inspectorId?: string;
  deadlineStatus?: DeadlineStatus;
  /** Inclusive. */
  receivedFrom?: LocalDate;
  /** Inclusive. */
  receivedTo?: LocalDate;
  /** Words matched against subject, party names and reference number, with or without diacritics. */
  text?: string;
  /** `received`: newest first (default). `due`: soonest due date first, cases with no running clock last. */
  sort?: CaseListSort;
  offset: number;
  limit: number;
}

export interface CaseListPage {
  items: CaseSummaryView[];
  total: number;
  offset: number;
  limit: number;
  window: DeadlineWindow;
  position: Position;
}

export interface DepartmentSummary {
  department: string;
  window: DeadlineWindow;
  position: Position;
  total: number;
  open: number;
  suspended: number;
  byKind: Record<string, number>;
  byStage: Record<string, number>;
  /** Cases by the status of their most urgent running clock, as of today. */
  byDeadlineStatus: Record<DeadlineStatus, number>;
  withoutRunningClock: number;
  /**
   * Cases by month (`yyyy-mm`, months without any left out): `received` by the month of receipt, `resolved` by
   * the month, in Vietnam, the case first reached a final stage of its workflow.
   */
  byMonth: { received: Record<string, number>; resolved: Record<string, number> };
}

type Keys = ReturnType<typeof departmentCasesKeys>;

/**
 * Lists and counters of cases per department. A list reads its candidates from one sorted set (by receipt,
 * or by due date when the deadline status decides), narrows them with the filter sets and the search texts,
 * then loads the rows of one page. The cost grows with the cases of the scope, not of the whole store.
 */
export class DepartmentCasesQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    private readonly policy: DeadlineStatusPolicy,
  ) {}

  async list(actor: Actor, filter: CaseListFilter): Promise<CaseListPage> {
    const window = this.policy.window();
    const active = await readActiveBuild(this.redis, this.keys.projection(DEPARTMENT_CASES_PROJECTION));
    const empty: CaseListPage = { items: [], total: 0, offset: filter.offset, limit: filter.limit, window, position: active?.position ?? 0n };
    const scope = scopeFor(actor, filter.department);
    if (active === undefined || scope === undefined) return empty;
    const keys = departmentCasesKeys(active.keys);
    const terms = searchTerms(filter.text ?? '');

    if (filter.kind === undefined && filter.stage === undefined && filter.inspectorId === undefined && terms.length === 0) {
      const paged = await this.pageInRedis(keys, scope, filter, window);
      if (paged !== undefined) return { ...empty, items: await this.rowsOf(keys, paged.ids, window), total: paged.total };
    }
    let ids = await this.candidates(keys, scope, filter, window);
    if (filter.deadlineStatus !== undefined || filter.sort === 'due') ids = await this.withinReceived(keys, scope, ids, filter);
    if (filter.kind !== undefined) ids = await this.inSet(keys.kind(filter.kind), ids);
    if (filter.stage !== undefined) ids = await this.inSet(keys.stage(filter.stage), ids);
    if (filter.inspectorId !== undefined) ids = await this.inSet(keys.inspector(filter.inspectorId), ids);
    if (terms.length > 0) ids = await this.matching(keys.search, ids, terms);

    const items = await this.rowsOf(keys, ids.slice(filter.offset, filter.offset + filter.limit), window);
    return { ...empty, items, total: ids.length };
  }

  private async rowsOf(keys: Keys, page: string[], window: DeadlineWindow): Promise<CaseSummaryView[]> {
    const rows = page.length === 0 ? [] : await this.redis.mget(page.map(keys.row));
    return rows.flatMap((json) => (json === null ? [] : [toCaseSummaryView(JSON.parse(json) as CaseRow, window)]));
  }

  /**
   * A page read by ZRANGE … LIMIT and its total by ZCOUNT, when one sorted set holds the whole answer in its order:
   * no set or text filter, and the order is the set's own. Undefined when the slow path must compose the order.
   */
  private async pageInRedis(keys: Keys, scope: ListScope, filter: CaseListFilter, window: DeadlineWindow): Promise<{ ids: string[]; total: number } | undefined> {
    const { offset, limit } = filter;
    if (filter.deadlineStatus !== undefined) {
      if (filter.sort !== 'due' || filter.receivedFrom !== undefined || filter.receivedTo !== undefined) return undefined;
      const [min, max] = dueRange(filter.deadlineStatus, window);
      const [ids, total] = await Promise.all([this.redis.zrange(keys.due(scope), min, max, 'BYSCORE', 'LIMIT', offset, limit), this.redis.zcount(keys.due(scope), min, max)]);
      return { ids, total };
    }
    if (filter.sort === 'due') return undefined;
    const max = filter.receivedTo !== undefined ? String(dateScore(filter.receivedTo)) : '+inf';
    const min = filter.receivedFrom !== undefined ? String(dateScore(filter.receivedFrom)) : '-inf';
    const [ids, total] = await Promise.all([
      this.redis.zrange(keys.received(scope), max, min, 'BYSCORE', 'REV', 'LIMIT', offset, limit),
      this.redis.zcount(keys.received(scope), min, max),
    ]);
    return { ids, total };
  }

  /** Undefined when the actor may not see the department. */
  async summary(actor: Actor, department: string): Promise<DepartmentSummary | undefined> {
    if (!canSeeDepartment(actor, department)) return undefined;
    const window = this.policy.window();
    const active = await readActiveBuild(this.redis, this.keys.projection(DEPARTMENT_CASES_PROJECTION));
    const summary: DepartmentSummary = {
      department,
      window,
      position: active?.position ?? 0n,
      total: 0,
      open: 0,
      suspended: 0,
      byKind: {},
      byStage: {},
      byDeadlineStatus: { overdue: 0, 'due-soon': 0, 'on-time': 0 },
      withoutRunningClock: 0,
      byMonth: { received: {}, resolved: {} },
    };
    if (active === undefined) return summary;
    const keys = departmentCasesKeys(active.keys);
    const due = keys.due({ department });
    const [counts, overdue, dueSoon, onTime] = await Promise.all([
      this.redis.hgetall(keys.counts(department)),
      this.redis.zcount(due, '-inf', `(${dateScore(window.today)}`),
      this.redis.zcount(due, dateScore(window.today), dateScore(window.dueSoonUntil)),
      this.redis.zcount(due, `(${dateScore(window.dueSoonUntil)}`, '+inf'),
    ]);
    for (const [field, value] of Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const n = Number(value);
      if (field === 'total') summary.total = n;
      else if (field === 'open') summary.open = n;
      else if (field === 'suspended') summary.suspended = n;
      else if (field.startsWith('kind:')) summary.byKind[field.slice('kind:'.length)] = n;
      else if (field.startsWith('stage:')) summary.byStage[field.slice('stage:'.length)] = n;
      else if (field.startsWith('received:')) summary.byMonth.received[field.slice('received:'.length)] = n;
      else if (field.startsWith('resolved:')) summary.byMonth.resolved[field.slice('resolved:'.length)] = n;
    }
    summary.byDeadlineStatus = { overdue, 'due-soon': dueSoon, 'on-time': onTime };
    summary.withoutRunningClock = summary.total - overdue - dueSoon - onTime;
    return summary;
  }

  /** Case ids in the order of the page, before the set and text filters. */
  private async candidates(keys: Keys, scope: ListScope, filter: CaseListFilter, window: DeadlineWindow): Promise<string[]> {
    if (filter.deadlineStatus !== undefined) {
      const [min, max] = dueRange(filter.deadlineStatus, window);
      const ids = await this.redis.zrange(keys.due(scope), min, max, 'BYSCORE');
      return filter.sort === 'due' ? ids : this.byReceivedNewestFirst(keys, scope, ids);
    }
    if (filter.sort === 'due') {
      const [due, received] = await Promise.all([
        this.redis.zrange(keys.due(scope), '-inf', '+inf', 'BYSCORE'),
        this.redis.zrange(keys.received(scope), '+inf', '-inf', 'BYSCORE', 'REV'),
      ]);
      const withDue = new Set(due);
      return [...due, ...received.filter((id) => !withDue.has(id))];
    }
    const max = filter.receivedTo !== undefined ? String(dateScore(filter.receivedTo)) : '+inf';
    const min = filter.receivedFrom !== undefined ? String(dateScore(filter.receivedFrom)) : '-inf';
    return this.redis.zrange(keys.received(scope), max, min, 'BYSCORE', 'REV');
  }

  private async byReceivedNewestFirst(keys: Keys, scope: ListScope, ids: string[]): Promise<string[]> {
    const scores = await this.receivedScores(keys, scope, ids);
    return ids
      .map((id, i) => ({ id, score: scores[i] ?? 0 }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((e) => e.id);
  }

  private async withinReceived(keys: Keys, scope: ListScope, ids: string[], filter: CaseListFilter): Promise<string[]> {
    if (filter.receivedFrom === undefined && filter.receivedTo === undefined) return ids;
    const min = filter.receivedFrom !== undefined ? dateScore(filter.receivedFrom) : -Infinity;
    const max = filter.receivedTo !== undefined ? dateScore(filter.receivedTo) : Infinity;
    const scores = await this.receivedScores(keys, scope, ids);
    return ids.filter((_, i) => scores[i] !== undefined && scores[i]! >= min && scores[i]! <= max);
  }

  private async receivedScores(keys: Keys, scope: ListScope, ids: string[]): Promise<Array<number | undefined>> {
    const scores: Array<number | undefined> = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = await this.redis.zmscore(keys.received(scope), ...ids.slice(i, i + CHUNK));
      scores.push(...chunk.map((s) => (s === null ? undefined : Number(s))));
    }
    return scores;
  }

  private async inSet(key: string, ids: string[]): Promise<string[]> {
    const kept: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const member = await this.redis.smismember(key, ...chunk);
      chunk.forEach((id, j) => {
        if (member[j] === 1) kept.push(id);
      });
    }
    return kept;
  }

  private async matching(searchKey: string, ids: string[], terms: readonly string[]): Promise<string[]> {
    const kept: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const texts = await this.redis.hmget(searchKey, ...chunk);
      chunk.forEach((id, j) => {
        const text = texts[j];
        if (text != null && matchesSearch(text, terms)) kept.push(id);
      });
    }
    return kept;
  }
}

/** The list scope an actor gets: own department, or the requested one if visible; undefined = nothing visible. */
function scopeFor(actor: Actor, department: string | undefined): ListScope | undefined {
  if (department === undefined) return spansDepartments(actor.role) ? 'all' : { department: actor.department };
  return canSeeDepartment(actor, department) ? { department } : undefined;
}

function dueRange(status: DeadlineStatus, window: DeadlineWindow): [string, string] {
  const today = dateScore(window.today);
  const until = dateScore(window.dueSoonUntil);
  switch (status) {
    case 'overdue':
      return ['-inf', `(${today}`];
    case 'due-soon':
      return [String(today), String(until)];
    case 'on-time':
      return [`(${until}`, '+inf'];
    default: {
      const unknown: never = status;
      throw new Error(`unknown deadline status ${String(unknown)}`);
    }
  }
}
