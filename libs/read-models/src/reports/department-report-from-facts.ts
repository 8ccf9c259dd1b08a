import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { CASE_STREAM_PREFIX } from '@kntc/cases';
import { readCaseEvent } from '@kntc/domain';
import type { EventStore, Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { dateScore, reportFactsKeys, type ReadModelKeys } from '../keys';
import { REPORT_FACTS_PROJECTION } from '../report-facts/report-facts.projection';
import { readActiveBuild } from '../runner/projection-builds';
import type { CaseTimeline, ReportCaseEvent } from './case-timeline';
import { businessDayOf, DepartmentReportBuilder, type ReportWorkflows } from './department-report.builder';
import type { DepartmentReport } from './department-report.types';
import { donAndReceptionFigures } from './don-report-from-facts';
import type { ReportWindow } from './report-period';

/** What produces a department report: from the report-facts projection, or by scanning the store. */
export interface DepartmentReports {
  build(department: string, window: ReportWindow): Promise<DepartmentReport>;
}

/** Cases asked of Redis per HMGET: a few milliseconds of parsing and counting, the longest the event loop is held. */
export const REPORT_FACTS_PAGE_SIZE = 1_000;

/** Interval between two looks at the projection's checkpoint while waiting for it, in ms. */
const POLL_MS = 25;

/** Scans restarted when the active build changes under one (an operator rebuild switched over meanwhile). */
const MAX_SCANS = 3;

/** The report-facts projection had not applied the store's head when the report was asked, within the wait. */
export class ReportFactsBehindError extends Error {
  readonly code = 'read-model-behind';

  constructor(
    readonly head: Position,
    readonly reached: Position,
  ) {
    super(`the report facts have applied position ${reached.toString()}, the store is at ${head.toString()}`);
    this.name = 'ReportFactsBehindError';
  }
}

export interface DepartmentReportFromFactsOptions {
  store: Pick<EventStore, 'headPosition' | 'readAll' | 'readStream'>;
  redis: Redis;
  keys: ReadModelKeys;
  workflows: ReportWorkflows;
  /** Longest wait for the projection to reach the store's head, in ms (KNTC_READ_MODEL_WAIT_MS). Default 5000. */
  waitTimeoutMs?: number;
  pageSize?: number;
}

/**
 * Produces a department report from the report-facts projection: it reads the timelines of the department's cases
 * that can count in the period (those not dormant before it), a page at a time, and counts each by the same rules as
 * the store scan (DepartmentReportBuilder), so a report costs in proportion to the department's cases, and folds
 * nothing but the rare case whose act dates go back. It first waits until the projection has applied the
 * store's head at the start of the call, so everything recorded before the request is counted; events recorded
 * while it reads may be counted too (they are dated after the request, so a past asOf leaves them out).
 */
export class DepartmentReportFromFacts implements DepartmentReports {
  constructor(private readonly options: DepartmentReportFromFactsOptions) {}

  async build(department: string, window: ReportWindow): Promise<DepartmentReport> {
    const head = await this.options.store.headPosition();
    await this.waitForCaseEventsUpTo(head);
    for (let scan = 1; ; scan++) {
      const report = await this.scan(department, window);
      if (report !== undefined) return { ...report, ...(await donAndReceptionFigures({ ...this.options, behind: (h, a) => new ReportFactsBehindError(h, a) }, department, window, head)) };
      if (scan === MAX_SCANS) throw new Error(`report of ${department}: the report facts were rebuilt under ${MAX_SCANS} scans in a row`);
    }
  }

  /**
   * Resolves once the projection has applied every case event at or before `head`. Its checkpoint is the last case
   * event it applied: the head may be an event of another stream (a user's inbox read marks) it never reads.
   */
  private async waitForCaseEventsUpTo(head: Position): Promise<void> {
    const { redis, keys, store } = this.options;
    const deadline = Date.now() + (this.options.waitTimeoutMs ?? 5_000);
    for (;;) {
      const applied = (await readActiveBuild(redis, keys.projection(REPORT_FACTS_PROJECTION)))?.position ?? 0n;
      if (applied >= head) return;
      const [next] = await store.readAll({ after: applied, streamPrefix: CASE_STREAM_PREFIX, limit: 1 });
      if (next === undefined || next.position > head) return;
      if (Date.now() >= deadline) throw new ReportFactsBehindError(head, applied);
      await sleep(POLL_MS);
    }
  }

  /** One pass over the active build's hash of the department; undefined when another build became active meanwhile. */
  private async scan(department: string, window: ReportWindow): Promise<DepartmentReport | undefined> {
    const { redis, keys, workflows, store } = this.options;
    const projectionKeys = keys.projection(REPORT_FACTS_PROJECTION);
    const builder = new DepartmentReportBuilder({ department, from: window.from, to: window.to, asOf: window.asOf, periodName: window.name, workflows });
    const active = await readActiveBuild(redis, projectionKeys);
    // No build yet: the store was empty when the report was asked (the wait above passed at position 0).
    if (active === undefined) return builder.build();
    const factKeys = reportFactsKeys(active.keys);
    const hash = factKeys.facts(department);
    // A case dormant after a day before both `from` and `asOf` counts nowhere in this report (dormantAfter).
    const min = Math.min(dateScore(window.from), dateScore(window.asOf) + 1);
    const caseIds = await redis.zrangebyscore(factKeys.dormant(department), min, '+inf');
    const pageSize = this.options.pageSize ?? REPORT_FACTS_PAGE_SIZE;
    const read = (start: number) => (start < caseIds.length ? redis.hmget(hash, ...caseIds.slice(start, start + pageSize)) : Promise.resolve([]));
    const folded: string[] = [];
    // The next page is asked of Redis while this one is counted.
    let pending = read(0);
    for (let start = 0; start < caseIds.length; start += pageSize) {
      const page = await pending;
      pending = read(start + pageSize);
      page.forEach((json, index) => {
        const caseId = caseIds[start + index]!;
        if (json != null && builder.addTimeline(`case ${caseId}`, JSON.parse(json) as CaseTimeline) === 'needs-events') folded.push(caseId);
      });
      // Between pages other requests run: a large department never holds the event loop for more than a page.
      await setImmediate();
    }
    // The few cases whose act dates go back by asOf: the report folds their events, read from the store.
    for (const caseId of folded) {
      const stream = `${CASE_STREAM_PREFIX}${caseId}`;
      const events = (await store.readStream(stream)).flatMap((recorded): ReportCaseEvent[] => {
        const event = readCaseEvent({ type: recorded.type, schemaVersion: recorded.schemaVersion ?? 1, data: recorded.data });
        return event === undefined ? [] : [{ revision: recorded.revision, event, recordedOn: businessDayOf(recorded) }];
      });
      builder.addCase(`case ${caseId}`, events);
      await setImmediate();
    }
    return (await redis.get(projectionKeys.active)) === active.build ? builder.build() : undefined;
  }
}
