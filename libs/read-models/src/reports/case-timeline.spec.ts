import { readCaseEvent } from '@kntc/domain';
import { businessDayOf, DepartmentReportBuilder } from './department-report.builder';
import { extendTimeline, NEVER_DORMANT, dormantAfter, type ReportCaseEvent } from './case-timeline';
import { resolveReportWindow } from './report-period';
import { loadReportEngine, ReportHistory } from './testing/report-history';

const { workflows } = loadReportEngine();

function caseEvents(history: ReportHistory): ReportCaseEvent[] {
  return history.events().map((recorded) => ({
    revision: recorded.revision,
    event: readCaseEvent({ type: recorded.type, schemaVersion: recorded.schemaVersion ?? 1, data: recorded.data })!,
    recordedOn: businessDayOf(recorded),
  }));
}

function builder(window: { from: string; to: string; asOf?: string }): DepartmentReportBuilder {
  const resolved = resolveReportWindow(window);
  return new DepartmentReportBuilder({ department: 'so-tnmt', from: resolved.from, to: resolved.to, asOf: resolved.asOf, workflows });
}

describe('the timeline of a case whose acts are recorded in the order of their dates', () => {
  const events = caseEvents(
    new ReportHistory()
      .file('a', 'complaint-first', '2026-03-02')
      .act('a', 'AcceptCase', 'head', '2026-03-05')
      .act('a', 'WithdrawCase', 'head', '2026-03-20', { reason: 'Rút đơn' }),
  );

  it('is the same whether its events come in one batch or one at a time, and a batch folded twice adds nothing', () => {
    const whole = extendTimeline(workflows, undefined, events)!;
    let stepwise: ReturnType<typeof extendTimeline>;
    for (const event of events) stepwise = extendTimeline(workflows, stepwise, [event]);
    expect(stepwise).toEqual(whole);
    const again = extendTimeline(workflows, structuredClone(whole), events)!;
    expect(again).toEqual(whole);
    expect(whole.timeline.x).toBeUndefined();
  });

  it('is counted from its timeline, and dormant after its last act: withdrawn after acceptance, nothing running', () => {
    const { timeline } = extendTimeline(workflows, undefined, events)!;
    expect(builder({ from: '2026-03-15', to: '2026-06-14' }).addTimeline('a', timeline)).toBe('counted');
    expect(dormantAfter(timeline, workflows.get(timeline.k, timeline.w))).toBe(20260320);
  });
});

describe('a case with an act dated before the act recorded before it', () => {
  const events = caseEvents(
    new ReportHistory()
      .file('b', 'complaint-first', '2026-03-02')
      .act('b', 'AcceptCase', 'head', '2026-03-10', { documentDate: '2026-03-09' })
      .act('b', 'StartVerification', 'head', '2026-03-20', { documentDate: '2026-03-06' }),
  );
  const { timeline } = extendTimeline(workflows, undefined, events)!;

  it('marks the day its dates went back, and is never dormant', () => {
    expect(timeline.x).toBe(20260320);
    expect(dormantAfter(timeline, workflows.get(timeline.k, timeline.w))).toBe(NEVER_DORMANT);
  });

  it('is counted from its timeline as of a day before that, and from its events (folded by the report) as of that day', () => {
    expect(builder({ from: '2026-03-01', to: '2026-03-31', asOf: '2026-03-19' }).addTimeline('b', timeline)).toBe('counted');
    expect(builder({ from: '2026-03-01', to: '2026-03-31' }).addTimeline('b', timeline)).toBe('needs-events');
  });
});
