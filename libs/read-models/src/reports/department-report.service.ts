import { setImmediate } from 'node:timers/promises';
import { CASE_STREAM_PREFIX } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { DepartmentReportBuilder, type ReportWorkflows } from './department-report.builder';
import type { DepartmentReport } from './department-report.types';
import type { ReportWindow } from './report-period';
import type { DepartmentReports } from './department-report-from-facts';
import { donAndReceptionFiguresFromStore } from './don-report-from-store';

/** Events read from the store per page: about 5 ms of reading and folding here, the longest the event loop is held. */
export const REPORT_PAGE_SIZE = 250;

/**
 * Produces a department report from the event store: the fallback without Redis (the API, `kntc report` without
 * --read-models) and the reference the report-facts projection is tested against. It scans every case event up to the store's head at the
 * start of the call: business dates are not ordered by store position (a register imported today carries acts
 * of last year), so no position can tell the scan it has passed `asOf`.
 */
export class DepartmentReportService implements DepartmentReports {
  constructor(
    private readonly store: Pick<EventStore, 'readAll' | 'headPosition'>,
    private readonly workflows: ReportWorkflows,
    private readonly pageSize: number = REPORT_PAGE_SIZE,
  ) {}

  async build(department: string, window: ReportWindow): Promise<DepartmentReport> {
    const builder = new DepartmentReportBuilder({
      department,
      from: window.from,
      to: window.to,
      asOf: window.asOf,
      periodName: window.name,
      workflows: this.workflows,
    });
    // Events appended while the scan runs are left out, so one call reads one consistent prefix of the store.
    const head = await this.store.headPosition();
    let after: bigint | undefined;
    for (;;) {
      const page = await this.store.readAll({ streamPrefix: CASE_STREAM_PREFIX, limit: this.pageSize, ...(after !== undefined ? { after } : {}) });
      for (const event of page) {
        if (event.position > head) return this.finish(builder, department, window, head);
        builder.add(event);
      }
      if (page.length < this.pageSize) return this.finish(builder, department, window, head);
      after = page[page.length - 1]!.position;
      // The embedded store reads synchronously: without this, a long scan would hold every other request.
      await setImmediate();
    }
  }

  /** Counts the buffered cases a page at a time, yielding between pages as the reading did. */
  private async finish(builder: DepartmentReportBuilder, department: string, window: ReportWindow, head: bigint): Promise<DepartmentReport> {
    while (builder.countBuffered(this.pageSize)) await setImmediate();
    return { ...builder.build(), ...(await donAndReceptionFiguresFromStore(this.store, department, window, head)) };
  }
}
