import { caseIdOfStream } from '@kntc/cases';
import type { Redis } from 'ioredis';
import { reportFactsKeys, type BuildKeys } from '../keys';
import { dormantAfter, extendTimeline, type CaseTimeline, type ReportCaseEvent, type TimelineCursor, type WorkflowsByVersion } from '../reports/case-timeline';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import { reportEventOf } from './report-fact';

export const REPORT_FACTS_PROJECTION = 'report-facts';

/** A case's cursor as stored: its department (where its timeline is) and where its fold stands. */
type StoredCursor = TimelineCursor & { d: string };

interface CaseBatch {
  /** Known from the batch when the batch holds the filing; from the case's cursor otherwise. */
  department: string | undefined;
  events: ReportCaseEvent[];
}

/**
 * What department reports read: per department one hash, per case its timeline (CaseTimeline: the acts a report
 * counts and the stage and compliance clock after each, with their dates, already folded by the domain's `evolve`),
 * so a report reads the cases of its department once and folds nothing, and still counts each case as it stood on
 * `asOf`. Beside it, per case, the cursor of that fold, so a batch folds only its new events. Every value is written
 * whole, as the runner's absolute writes require.
 */
export class ReportFactsProjection implements Projection {
  readonly name = REPORT_FACTS_PROJECTION;
  readonly description = 'Dữ kiện báo cáo theo đơn vị: các bước của từng hồ sơ, có ngày, không có nội dung và danh tính';

  /** v2: timelines and cursors instead of each case's list of events. */
  constructor(
    private readonly workflows: WorkflowsByVersion,
    readonly version: number = 2,
  ) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = reportFactsKeys(build);
    const byCase = new Map<string, CaseBatch>();
    for (const projected of events) {
      const caseId = caseIdOfStream(projected.stream);
      const fact = caseId === undefined ? undefined : reportEventOf(projected);
      if (caseId === undefined || fact === undefined) continue;
      let entry = byCase.get(caseId);
      if (entry === undefined) byCase.set(caseId, (entry = { department: undefined, events: [] }));
      if (projected.event?.type === 'CaseFiled') entry.department = projected.event.data.department;
      entry.events.push(fact);
    }
    if (byCase.size === 0) return [];

    const caseIds = [...byCase.keys()];
    const cursors = new Map<string, StoredCursor>();
    (await redis.hmget(keys.cursors, ...caseIds)).forEach((json, index) => {
      if (json == null) return;
      const cursor = JSON.parse(json) as StoredCursor;
      cursors.set(caseIds[index]!, cursor);
      byCase.get(caseIds[index]!)!.department = cursor.d;
    });
    const byDepartment = new Map<string, string[]>();
    for (const [caseId, entry] of byCase) {
      // Events of a case whose filing was never read: the report could not count it either.
      if (entry.department === undefined) continue;
      const ids = byDepartment.get(entry.department);
      if (ids === undefined) byDepartment.set(entry.department, [caseId]);
      else ids.push(caseId);
    }
    const departments = [...byDepartment];
    const stored = await Promise.all(departments.map(([department, ids]) => redis.hmget(keys.facts(department), ...ids)));

    const writes: RedisWrite[] = [];
    departments.forEach(([department, ids], d) => {
      ids.forEach((caseId, index) => {
        const json = stored[d]![index];
        const cursor = cursors.get(caseId);
        const previous = json == null || cursor === undefined ? undefined : { timeline: JSON.parse(json) as CaseTimeline, cursor };
        const entry = byCase.get(caseId)!;
        if (previous !== undefined && entry.events.every((e) => e.revision <= previous.cursor.v)) return;
        const dormantBefore = previous === undefined ? undefined : dormantAfter(previous.timeline, this.workflows.get(previous.timeline.k, previous.timeline.w));
        const next = extendTimeline(this.workflows, previous, entry.events);
        if (next === undefined) return;
        const { st, v, a, o, m } = next.cursor;
        writes.push({ op: 'hset', key: keys.facts(department), field: caseId, value: JSON.stringify(next.timeline) });
        const dormant = dormantAfter(next.timeline, this.workflows.get(next.timeline.k, next.timeline.w));
        // An open case stays NEVER_DORMANT batch after batch: its score is already stored.
        if (dormant !== dormantBefore) writes.push({ op: 'zadd', key: keys.dormant(department), member: caseId, score: dormant });
        writes.push({ op: 'hset', key: keys.cursors, field: caseId, value: JSON.stringify({ d: department, v, a, o, m, st }) });
      });
    });
    return writes;
  }
}
