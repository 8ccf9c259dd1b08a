import { buildDepartmentReport, type ReportSourceEvent } from './department-report.builder';
import type { Counts, DepartmentReport } from './department-report.types';
import { ReportRequestError } from './report-period';
import { loadReportEngine, ReportHistory } from './testing/report-history';

const KINDS = ['complaint-first', 'complaint-second', 'denunciation', 'petition'] as const;
type Kind = (typeof KINDS)[number];

/** Counts with the given kinds, zero elsewhere. */
function counts(byKind: Partial<Record<Kind, number>> = {}): Counts {
  const full = Object.fromEntries(KINDS.map((kind) => [kind, byKind[kind] ?? 0])) as Record<Kind, number>;
  return { byKind: full, total: Object.values(full).reduce((a, b) => a + b, 0) };
}

const Q2 = { from: '2026-03-15', to: '2026-06-14' };

/*
 * One department (so-tnmt), cases chosen so that each cell of 2026-Q2 (15/03–14/06/2026) has a known value.
 * Due dates are counted by hand: calendar-day periods roll forward off a day off; 2026 days off per
 * the government's 2026 notice (Giỗ Tổ compensatory Mon 27/04, 30/04–01/05).
 */
function history(): ReportHistory {
  return (
    new ReportHistory()
      // A: received and accepted before the period (resolution due Thu 05/03 + 30 = Sat 04/04 → Mon 06/04); decided right on 01/04.
      .file('a', 'complaint-first', '2026-03-02')
      .act('a', 'AcceptCase', 'head', '2026-03-05')
      .act('a', 'StartVerification', 'head', '2026-03-06')
      .act('a', 'ReportVerification', 'inspector', '2026-03-20', { summary: 'Xác minh', finding: 'right' })
      .act('a', 'DraftDecision', 'inspector', '2026-03-25', { summary: 'Dự thảo' })
      .act('a', 'IssueDecision', 'director', '2026-04-01', { decisionNo: '1/QĐ', finding: 'right', summary: 'Quyết định' })
      .act('a', 'SendDecision', 'head', '2026-04-02', { recipients: ['Người khiếu nại'] })
      // B: accepted Mon 23/03 (due Wed 22/04), decided wrong on 15/05: late.
      .file('b', 'complaint-first', '2026-03-20')
      .act('b', 'AcceptCase', 'head', '2026-03-23')
      .act('b', 'DraftDecision', 'inspector', '2026-04-10', { summary: 'Dự thảo' })
      .act('b', 'IssueDecision', 'director', '2026-05-15', { decisionNo: '2/QĐ', finding: 'wrong', summary: 'Quyết định' })
      .act('b', 'SendDecision', 'head', '2026-05-18', { recipients: ['Người khiếu nại'] })
      // C: second instance received by post, accepted Fri 03/04 (45 days: due Mon 18/05), still verifying: overdue.
      .file('c', 'complaint-second', '2026-04-01', { channel: 'post' })
      .act('c', 'AcceptCase', 'head', '2026-04-03')
      .act('c', 'StartVerification', 'head', '2026-04-06')
      // D: denunciation referred, accepted Wed 03/06 (due Fri 03/07): not yet due at 14/06.
      .file('d', 'denunciation', '2026-06-01', { channel: 'referral' })
      .act('d', 'AcceptCase', 'head', '2026-06-03')
      // E: petition answered directly, within its 10 working days.
      .file('e', 'petition', '2026-04-10')
      .act('e', 'AnswerCitizen', 'inspector', '2026-04-15', { summary: 'Trả lời' })
      // F: petition received online, forwarded.
      .file('f', 'petition', '2026-05-04', { channel: 'online' })
      .act('f', 'ForwardCase', 'intake', '2026-05-05', { toAgency: 'Sở Xây dựng', reason: 'Không thuộc thẩm quyền' })
      // G: complaint not accepted (returned).
      .file('g', 'complaint-first', '2026-05-11')
      .act('g', 'RejectCase', 'head', '2026-05-12', { groundCode: 'KN11.6', reason: 'Hết thời hiệu' })
      // H: withdrawn before the period: not carried over.
      .file('h', 'complaint-first', '2026-01-05')
      .act('h', 'AcceptCase', 'head', '2026-01-12')
      .act('h', 'WithdrawCase', 'intake', '2026-02-10', { reason: 'Rút đơn' })
      // I: denunciation withdrawn but continued by the head (art. 33(3)), then terminated on 10/06.
      .file('i', 'denunciation', '2026-04-20')
      .act('i', 'AcceptCase', 'head', '2026-04-22')
      .act('i', 'WithdrawCase', 'head', '2026-05-01', { reason: 'Rút tố cáo', continueGround: 'signs-of-violation' })
      .act('i', 'TerminateCase', 'head', '2026-06-10', { reason: 'Người bị tố cáo đã chết' })
      // J: denunciation accepted, then suspended (Luật Tố cáo art. 34; a complaint cannot be suspended before 01/07/2026): its resolution clock is paused.
      .file('j', 'denunciation', '2026-04-06')
      .act('j', 'AcceptCase', 'head', '2026-04-08')
      .act('j', 'SuspendCase', 'head', '2026-04-20', { reason: 'Chờ kết quả giám định' })
      // K: received 12/06 but registered only on 20/06, after the period's last day.
      .file('k', 'petition', '2026-06-12', { recordedOn: '2026-06-20' })
      // L: another department's case, never counted.
      .file('l', 'complaint-first', '2026-04-01', { department: 'so-xd' })
      .act('l', 'AcceptCase', 'head', '2026-04-02')
      // M: closed before the period, reviewed in it.
      .file('m', 'complaint-first', '2025-12-01')
      .act('m', 'AcceptCase', 'head', '2025-12-05')
      .act('m', 'StartVerification', 'head', '2025-12-08')
      .act('m', 'ReportVerification', 'inspector', '2025-12-20', { summary: 'Xác minh', finding: 'wrong' })
      .act('m', 'DraftDecision', 'inspector', '2025-12-28', { summary: 'Dự thảo' })
      .act('m', 'IssueDecision', 'director', '2026-01-05', { decisionNo: '3/QĐ', finding: 'wrong', summary: 'Quyết định' })
      .act('m', 'SendDecision', 'head', '2026-01-06', { recipients: ['Người khiếu nại'] })
      .act('m', 'CloseCase', 'head', '2026-01-20')
      .act('m', 'ReviewCase', 'director', '2026-05-20', { reason: 'Kiểm tra', conclusion: 'Giữ nguyên' })
      // N: acceptance recorded on 16/03 with the notice dated 12/03 (before the period; due 11/04 → Mon 13/04).
      .file('n', 'complaint-first', '2026-03-10')
      .act('n', 'AcceptCase', 'head', '2026-03-16', { documentDate: '2026-03-12' })
      // P: petition received by post on the period's first day (Sun 15/03), answered on 20/04 after its due date (Fri 27/03).
      .file('p', 'petition', '2026-03-15', { channel: 'post' })
      .act('p', 'AcceptCase', 'head', '2026-03-17')
      .act('p', 'AnswerCitizen', 'inspector', '2026-04-20', { summary: 'Trả lời' })
  );
}

const { workflows } = loadReportEngine();
const events = history().events();
const report = (window: { from: string; to: string; asOf?: string }, source: Iterable<ReportSourceEvent> = events): DepartmentReport =>
  buildDepartmentReport(source, { department: 'so-tnmt', ...window, workflows });

describe('the 2026-Q2 report of a department, as of the end of the period', () => {
  const q2 = report(Q2);

  it('names the department, the period and the day the data is taken', () => {
    expect(q2).toMatchObject({ department: 'so-tnmt', period: { name: null, ...Q2 }, asOf: '2026-06-14' });
    expect(q2.kinds).toEqual([
      { kind: 'complaint-first', name: 'Khiếu nại lần đầu', complianceClock: 'resolution' },
      { kind: 'complaint-second', name: 'Khiếu nại lần hai', complianceClock: 'resolution' },
      { kind: 'denunciation', name: 'Tố cáo', complianceClock: 'resolution' },
      { kind: 'petition', name: 'Kiến nghị, phản ánh', complianceClock: 'reply' },
    ]);
  });

  it('counts the caseload: carried over (A, N), received (K not yet registered, L another department), ended, open', () => {
    expect(q2.caseload).toEqual({
      carriedOver: counts({ 'complaint-first': 2 }),
      received: counts({ 'complaint-first': 2, 'complaint-second': 1, denunciation: 3, petition: 3 }),
      total: counts({ 'complaint-first': 4, 'complaint-second': 1, denunciation: 3, petition: 3 }),
      ended: counts({ 'complaint-first': 1, denunciation: 1, petition: 3 }),
      open: counts({ 'complaint-first': 3, 'complaint-second': 1, denunciation: 2 }),
    });
  });

  it('counts đơn received by channel and processed by their first handling in the period', () => {
    expect(q2.intake).toEqual({
      receivedByChannel: {
        'in-person': counts({ 'complaint-first': 2, denunciation: 2, petition: 1 }),
        post: counts({ 'complaint-second': 1, petition: 1 }),
        online: counts({ petition: 1 }),
        referral: counts({ denunciation: 1 }),
      },
      processed: {
        accepted: counts({ 'complaint-first': 1, 'complaint-second': 1, denunciation: 3, petition: 1 }),
        rejected: counts({ 'complaint-first': 1 }),
        forwarded: counts({ petition: 1 }),
        answered: counts({ petition: 1 }),
        withdrawn: counts(),
        total: counts({ 'complaint-first': 2, 'complaint-second': 1, denunciation: 3, petition: 3 }),
      },
      awaitingProcessing: counts(),
    });
  });

  it('counts cases within competence: N accepted by a notice dated before the period is carried over', () => {
    expect(q2.competence).toEqual({
      carriedOver: counts({ 'complaint-first': 2 }),
      accepted: counts({ 'complaint-first': 1, 'complaint-second': 1, denunciation: 3, petition: 1 }),
      total: counts({ 'complaint-first': 3, 'complaint-second': 1, denunciation: 3, petition: 1 }),
      settled: {
        decided: counts({ 'complaint-first': 2 }),
        answered: counts({ petition: 1 }),
        forwarded: counts(),
        withdrawn: counts(),
        terminated: counts({ denunciation: 1 }),
        total: counts({ 'complaint-first': 2, denunciation: 1, petition: 1 }),
      },
      unsettled: counts({ 'complaint-first': 1, 'complaint-second': 1, denunciation: 2 }),
    });
  });

  it('places every case of the caseload at its stage on 14/06, with the workflow labels', () => {
    const nonZero = (kind: Kind) => Object.fromEntries(q2.stages[kind]!.filter((s) => s.count > 0).map((s) => [s.stage, s.count]));
    expect(nonZero('complaint-first')).toEqual({ accepted: 1, 'decision-sent': 2, rejected: 1 });
    expect(nonZero('complaint-second')).toEqual({ verifying: 1 });
    expect(nonZero('denunciation')).toEqual({ accepted: 2, terminated: 1 });
    expect(nonZero('petition')).toEqual({ answered: 2, forwarded: 1 });
    expect(q2.stages['complaint-first']!.map((s) => s.stage)).toEqual(Object.keys(workflows.latest('complaint-first').stages));
    expect(q2.stages['denunciation']!.find((s) => s.stage === 'withdrawn')).toEqual({ stage: 'withdrawn', label: 'Đã rút tố cáo', final: true, count: 0 });
  });

  it('counts outcomes in the period: a continued withdrawal is no withdrawal; M reviewed after closing before', () => {
    expect(q2.outcomes).toEqual({
      decisions: { right: counts({ 'complaint-first': 1 }), partlyRight: counts(), wrong: counts({ 'complaint-first': 1 }), total: counts({ 'complaint-first': 2 }) },
      answered: counts({ petition: 2 }),
      withdrawn: counts(),
      terminated: counts({ denunciation: 1 }),
      reviewed: counts({ 'complaint-first': 1 }),
    });
  });

  it('counts deadline compliance of the resolution and reply clocks', () => {
    expect(q2.deadlines).toEqual({
      resolvedOnTime: counts({ 'complaint-first': 1, petition: 1 }),
      resolvedLate: counts({ 'complaint-first': 1, petition: 1 }),
      withdrawnOrTerminated: counts({ denunciation: 1 }),
      forwardedOrReturned: counts({ 'complaint-first': 1, petition: 1 }),
      notYetDue: counts({ denunciation: 1 }),
      overdue: counts({ 'complaint-first': 1, 'complaint-second': 1 }),
      paused: counts({ denunciation: 1 }),
    });
  });

  it('is the same whatever order the streams arrive in', () => {
    const byStream = new Map<string, ReportSourceEvent[]>();
    for (const event of events) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
    const interleaved = [...byStream.values()].reverse().flatMap((stream) => [...stream].reverse());
    expect(report(Q2, interleaved)).toEqual(q2);
  });
});

describe('a report asked as of a past date', () => {
  const asOf = { ...Q2, asOf: '2026-05-01' };

  it('gives the same figures every time it is asked', () => {
    expect(report(asOf)).toEqual(report(asOf));
  });

  it('ignores what was recorded after that date and shows the cases as they stood on it', () => {
    const interim = report(asOf);
    expect(interim.asOf).toBe('2026-05-01');
    // D, F, G were received after 01/05; B's decision of 15/05 is not known yet.
    expect(interim.caseload.received).toEqual(counts({ 'complaint-first': 1, 'complaint-second': 1, denunciation: 2, petition: 2 }));
    expect(interim.outcomes.decisions.total).toEqual(counts({ 'complaint-first': 1 }));
    // On 01/05 B (due 22/04) and N (due 13/04) are overdue; C (due 18/05) and I (due 22/05) are not yet due.
    expect(interim.deadlines.overdue).toEqual(counts({ 'complaint-first': 2 }));
    expect(interim.deadlines.notYetDue).toEqual(counts({ 'complaint-second': 1, denunciation: 1 }));
    expect(interim.deadlines.resolvedLate).toEqual(counts({ petition: 1 }));
  });

  it('counts an act in the period it is dated in once it is recorded: N accepted on a notice of 12/03 recorded on 16/03', () => {
    const q1 = { from: '2025-12-15', to: '2026-03-14' };
    expect(report(q1).competence.accepted).toEqual(counts({ 'complaint-first': 2 }));
    expect(report({ ...q1, asOf: '2026-03-31' }).competence.accepted).toEqual(counts({ 'complaint-first': 3 }));
  });

  it('includes a đơn received in the period but registered after it once asked as of a later date', () => {
    const later = report({ ...Q2, asOf: '2026-06-30' });
    expect(later.caseload.received.byKind['petition']).toBe(4);
    expect(later.intake.awaitingProcessing).toEqual(counts({ petition: 1 }));
    expect(later.deadlines.overdue).toEqual(report(Q2).deadlines.overdue);
  });
});

describe('a report asked for an impossible window', () => {
  it('refuses a period that ends before it starts', () => {
    expect(() => report({ from: '2026-06-14', to: '2026-03-15' })).toThrow(expect.objectContaining({ code: 'invalid-period' }));
  });

  it('refuses data taken before the period starts', () => {
    expect(() => report({ ...Q2, asOf: '2026-03-01' })).toThrow(ReportRequestError);
  });
});

describe('deadline compliance of a clock suspended after its due date, then resumed', () => {
  const Q3 = { from: '2026-06-15', to: '2026-09-14' };
  const concluded = (h: ReportHistory, id: string, on: string): ReportHistory =>
    h
      .act(id, 'StartVerification', 'head', on)
      .act(id, 'ReportVerification', 'inspector', on, { summary: 'Xác minh', finding: 'right' })
      .act(id, 'DraftDecision', 'inspector', on, { summary: 'Dự thảo' })
      .act(id, 'IssueDecision', 'director', on, { decisionNo: '9/KL', finding: 'right', summary: 'Kết luận' });

  it('counts a denunciation concluded on the day it resumed as late: its period ran out on 01/04, before the suspension (Luật Tố cáo art. 34(2))', () => {
    const h = new ReportHistory()
      // Accepted Mon 02/03 (due Wed 01/04), suspended 08/04, resumed and concluded on 20/04.
      .file('x', 'denunciation', '2026-02-10')
      .act('x', 'AcceptCase', 'head', '2026-03-02')
      .act('x', 'SuspendCase', 'head', '2026-04-08', { reason: 'Chờ giám định' })
      .act('x', 'ResumeCase', 'head', '2026-04-20', { reason: 'Có kết quả giám định' })
      // Same, not concluded: overdue, not "not yet due".
      .file('y', 'denunciation', '2026-02-10')
      .act('y', 'AcceptCase', 'head', '2026-03-02')
      .act('y', 'SuspendCase', 'head', '2026-04-08', { reason: 'Chờ giám định' })
      .act('y', 'ResumeCase', 'head', '2026-04-20', { reason: 'Có kết quả giám định' });
    const { deadlines } = report({ ...Q2, asOf: '2026-04-20' }, concluded(h, 'x', '2026-04-20').events());
    expect(deadlines.resolvedLate).toEqual(counts({ denunciation: 1 }));
    expect(deadlines.resolvedOnTime).toEqual(counts());
    expect(deadlines.overdue).toEqual(counts({ denunciation: 1 }));
    expect(deadlines.notYetDue).toEqual(counts());
  });

  it('counts a complaint resumed after its due date by its restarted period (NĐ 155/2026): not yet due, then resolved on time', () => {
    // Accepted Wed 01/07 (due Fri 31/07), suspended 05/08, resumed Mon 10/08: due again Wed 09/09.
    const h = new ReportHistory()
      .file('k', 'complaint-first', '2026-06-29')
      .act('k', 'AcceptCase', 'head', '2026-07-01')
      .act('k', 'SuspendCase', 'head', '2026-08-05', { reason: 'Chờ kết quả vụ việc liên quan' })
      .act('k', 'ResumeCase', 'head', '2026-08-10', { reason: 'Đã có kết quả' });
    expect(report({ ...Q3, asOf: '2026-08-20' }, h.events()).deadlines).toMatchObject({ notYetDue: counts({ 'complaint-first': 1 }), overdue: counts() });
    const decided = concluded(h, 'k', '2026-09-01');
    expect(report(Q3, decided.events()).deadlines).toMatchObject({ resolvedOnTime: counts({ 'complaint-first': 1 }), resolvedLate: counts() });
  });
});
