import { caseIdOfStream } from '@kntc/cases';
import type { Redis } from 'ioredis';
import { reportFactsKeys, type BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import { reportFactOf, type ReportFact } from './report-fact';

export const REPORT_FACTS_PROJECTION = 'report-facts';

interface CaseFacts {
  /** Known from the batch when the batch holds the filing; read from the department-of hash otherwise. */
  department: string | undefined;
  facts: ReportFact[];
}

/**
 * What department reports read: per department one hash, per case the compact list of its events (ReportFact), so
 * a report reads the cases of its department and nothing else, and still folds each case as it stood on `asOf`
 * (acts are not recorded in the order of their dates, so a precomputed state per day would not do). A batch
 * appends to the lists it reads first; every value is written whole, as the runner's absolute writes require.
 */
export class ReportFactsProjection implements Projection {
  readonly name = REPORT_FACTS_PROJECTION;
  readonly description = 'Dữ kiện báo cáo theo đơn vị: các sự kiện của từng hồ sơ, có ngày, không có nội dung và danh tính';

  constructor(readonly version: number = 1) {}

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = reportFactsKeys(build);
    const byCase = new Map<string, CaseFacts>();
    for (const projected of events) {
      const caseId = caseIdOfStream(projected.stream);
      const fact = caseId === undefined ? undefined : reportFactOf(projected);
      if (caseId === undefined || fact === undefined) continue;
      const entry = byCase.get(caseId) ?? { department: undefined, facts: [] };
      if (projected.event?.type === 'CaseFiled') entry.department = projected.event.data.department;
      entry.facts.push(fact);
      byCase.set(caseId, entry);
    }
    if (byCase.size === 0) return [];

    const writes: RedisWrite[] = [];
    const unfiled = [...byCase.entries()].filter(([, entry]) => entry.department === undefined).map(([caseId]) => caseId);
    if (unfiled.length > 0) {
      const departments = await redis.hmget(keys.departmentOf, ...unfiled);
      unfiled.forEach((caseId, index) => (byCase.get(caseId)!.department = departments[index] ?? undefined));
    }
    const byDepartment = new Map<string, string[]>();
    for (const [caseId, entry] of byCase) {
      // Events of a case whose filing was never read: the report could not count it either.
      if (entry.department === undefined) continue;
      byDepartment.set(entry.department, [...(byDepartment.get(entry.department) ?? []), caseId]);
    }
    for (const [department, caseIds] of byDepartment) {
      const stored = await redis.hmget(keys.facts(department), ...caseIds);
      caseIds.forEach((caseId, index) => {
        const json = stored[index];
        const before = json == null ? [] : (JSON.parse(json) as ReportFact[]);
        const last = before.length > 0 ? before[before.length - 1]![0] : -1;
        const added = byCase.get(caseId)!.facts.filter(([revision]) => revision > last);
        if (added.length === 0) return;
        if (json == null) writes.push({ op: 'hset', key: keys.departmentOf, field: caseId, value: department });
        writes.push({ op: 'hset', key: keys.facts(department), field: caseId, value: JSON.stringify([...before, ...added]) });
      });
    }
    return writes;
  }
}
