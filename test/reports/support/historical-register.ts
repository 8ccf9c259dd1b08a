/**
 * A historical register in the `kntc import` format, generated from a seed, and the report figures counted
 * from the register file alone. The counting shares no code with the engine: it reads the JSON lines, knows
 * the stage each command leads to, and counts statutory periods on the official 2026 calendar written out
 * below from the government's 2026 notice, so a report that equals it is checked against the law and the register, not
 * against itself.
 */

import { FINDINGS } from '@kntc/domain';
import type { DepartmentReport } from '@kntc/read-models';
import { COMPLAINT_SUSPENSION_FROM, KINDS, paths, random, ROLE_OF, step, type Kind, type Step } from '../../../apps/cli/src/demo/case-paths';

export { COMPLAINT_SUSPENSION_FROM, KINDS, type Kind };

export interface RegisterLine {
  command: string;
  caseId: string;
  actor: { id: string; role: string; department: string };
  occurredAt: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

const CHANNELS = ['in-person', 'post', 'online', 'referral'] as const;

/** The last day the register records: every act is in the past for the importer. */
export const REGISTER_END = '2026-10-31';

// ---------------------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const vnDate = (instant: string): string => new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
const minDate = (a: string, b: string): string => (a < b ? a : b);

/** Days off of state agencies in 2026 (the government's notice for the year; docs/domain.md, "Working-day calendar"): New Year + swap, Tết, Giỗ Tổ compensatory, 30/4–1/5, Quốc khánh + swap. */
const DAYS_OFF = new Set([
  '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
]);
/** Saturdays worked in exchange (làm bù), working days for deadlines (the engine's default). */
const MAKE_UP_SATURDAYS = new Set(['2026-01-10', '2026-08-22']);

function isWorkingDay(date: string): boolean {
  if (MAKE_UP_SATURDAYS.has(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !DAYS_OFF.has(date);
}

/** "n ngày": the start day excluded; a last day that is a day off moves to the next working day (BLDS art. 147–148). */
function calendarDaysDue(start: string, n: number): string {
  let due = addDays(start, n);
  while (!isWorkingDay(due)) due = addDays(due, 1);
  return due;
}

/** "n ngày làm việc": the n-th working day after the start day. */
function workingDaysDue(start: string, n: number): string {
  let due = start;
  for (let counted = 0; counted < n; ) {
    due = addDays(due, 1);
    if (isWorkingDay(due)) counted++;
  }
  return due;
}

// ---------------------------------------------------------------------------------------------------------
// The register

/** The inspector every assignment of the register names. */
const INSPECTOR = { id: 'tt-minh', name: 'Lê Văn Minh' };

export interface RegisterOptions {
  seed: number;
  /** Cases per kind in the reported department, besides the edge cases. */
  casesPerKind: number;
  department: string;
  /** Cases filed in another department, which its report must never count. */
  otherDepartment: { id: string; cases: number };
}

/** A case to write into the register: each step `gap` days after the previous act, entered `lag` days late. */
interface PlannedCase {
  kind: Kind;
  department: string;
  channel: (typeof CHANNELS)[number];
  receivedOn: string;
  /** Days between receipt and the filing's entry in the register. */
  registrationLag: number;
  steps: Array<Step & { lag: number }>;
}

/**
 * Cases at the edges: acts entered after a period's last day (or after 01/05/2026) with the document's own
 * date before it, on which a report as of the period's end and one asked later must differ; and clocks whose
 * due date falls where the calendar decides (Tết, a holiday roll-forward, the period's last day).
 */
function edgeCases(department: string): PlannedCase[] {
  const late = (s: Step, lag: number) => ({ ...s, lag });
  const onTime = (s: Step) => ({ ...s, lag: 0 });
  const plan = (kind: Kind, receivedOn: string, registrationLag: number, steps: PlannedCase['steps']): PlannedCase => ({
    kind,
    department,
    channel: 'post',
    receivedOn,
    registrationLag,
    steps,
  });
  return [
    // Accepted on a notice dated Fri 13/03 (Q1), entered Tue 17/03 (Q2).
    plan('complaint-first', '2026-03-09', 0, [late(step('AcceptCase', 4), 4), onTime(step('StartVerification', 5))]),
    // Petition answered on 14/03, entered 16/03.
    plan('petition', '2026-03-12', 0, [late(step('AnswerCitizen', 2, { summary: 'Trả lời công dân' }), 2)]),
    // Accepted on 29/04, entered 04/05; withdrawn on 30/04, entered 02/05: after the mid-quarter cut of 01/05.
    plan('complaint-second', '2026-04-20', 0, [late(step('AcceptCase', 9), 5), onTime(step('StartVerification', 7))]),
    plan('complaint-first', '2026-04-28', 0, [late(step('WithdrawCase', 2, { reason: 'Rút đơn' }), 2)]),
    // A conclusion dated Fri 12/06 (Q2) entered Tue 16/06 (Q3).
    plan('denunciation', '2026-05-11', 0, [
      onTime(step('AcceptCase', 6)),
      onTime(step('StartVerification', 2)),
      onTime(step('ReportVerification', 10, { summary: 'Kết quả xác minh', finding: 'partly-right' })),
      onTime(step('DraftDecision', 4, { summary: 'Dự thảo' })),
      late(step('IssueDecision', 10, { decisionNo: '31/KL', finding: 'partly-right', summary: 'Kết luận' }), 4),
      onTime(step('RecordHandling', 5, { summary: 'Xử lý' })),
    ]),
    // Received Fri 11/09 (Q3), registered Wed 16/09 (Q4).
    plan('petition', '2026-09-11', 5, [onTime(step('AcceptCase', 6))]),
    // Received Tue 10/02: 10 working days skip Tết (14–22/02) and end Tue 03/03; answered that day, on time.
    plan('petition', '2026-02-10', 0, [onTime(step('AnswerCitizen', 21, { summary: 'Trả lời công dân' }))]),
    // Accepted Tue 31/03: 30 days end Thu 30/04, a holiday, so Mon 04/05; decided that day, on time.
    plan('complaint-first', '2026-03-25', 0, [
      onTime(step('AcceptCase', 6)),
      onTime(step('DraftDecision', 20, { summary: 'Dự thảo' })),
      onTime(step('IssueDecision', 14, { decisionNo: '40/QĐ', finding: 'right', summary: 'Quyết định' })),
    ]),
    // Accepted Sat 15/08: 30 days end Mon 14/09, the last day of Q3 and 9M: due, and unresolved at their end.
    plan('complaint-first', '2026-08-10', 0, [onTime(step('AcceptCase', 5)), onTime(step('StartVerification', 3))]),
  ];
}

/**
 * Cases of every kind received between 01/12/2025 and 15/10/2026 (those suspended: late enough for the
 * suspension to fall on or after 01/07/2026), each following one of its kind's paths in turn, plus the edge cases. About one act in four is entered a few days late with the document's own
 * date (`documentDate`), and about one filing in three is registered days after the đơn arrived; the file
 * is in the order of entry.
 */
export function generateRegister(options: RegisterOptions): RegisterLine[] {
  const rand = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const planned: PlannedCase[] = [];
  /**
   * A receipt date from 01/12/2025 on; a path that suspends draws it late enough for the suspension to fall on
   * or after COMPLAINT_SUSPENSION_FROM (a complaint received in late June and suspended in July included).
   */
  const receiptFor = (path: Step[], drawn: number): string => {
    const suspension = path.findIndex((s) => s.command === 'SuspendCase');
    const start = suspension < 0 ? '2025-12-01' : addDays(COMPLAINT_SUSPENSION_FROM, -path.slice(0, suspension + 1).reduce((days, s) => days + s.gap, 0));
    const days = Math.round((Date.parse('2026-10-15T00:00:00Z') - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
    return addDays(start, Math.floor(drawn * days));
  };
  const randomCase = (kind: Kind, department: string, variant: number): PlannedCase => {
    const drawn = rand();
    const casePaths = paths(kind, pick(FINDINGS), INSPECTOR);
    const path = casePaths[variant % casePaths.length]!;
    const receivedOn = receiptFor(path, drawn);
    const steps = path.map((s) => ({ ...s, lag: rand() < 0.25 ? 1 + Math.floor(rand() * 4) : 0 }));
    return { kind, department, channel: pick(CHANNELS), receivedOn, registrationLag: rand() < 0.33 ? 1 + Math.floor(rand() * 4) : 0, steps };
  };
  for (const kind of KINDS) {
    for (let n = 0; n < options.casesPerKind; n++) planned.push(randomCase(kind, options.department, n));
  }
  for (let n = 0; n < options.otherDepartment.cases; n++) planned.push(randomCase(KINDS[n % KINDS.length]!, options.otherDepartment.id, n * 3 + 5));
  planned.push(...edgeCases(options.department));

  const entries = planned.flatMap((plan, i) => registerEntries(i + 1, plan));
  entries.sort((a, b) => Date.parse(a.order[0]) - Date.parse(b.order[0]) || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  return entries.map((e) => e.line);
}

/** The lines of one case, each with its sort key (entry instant, case number, step number). */
function registerEntries(index: number, plan: PlannedCase): Array<{ line: RegisterLine; order: [string, number, number] }> {
  const { kind, department, receivedOn } = plan;
  const caseId = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  const actor = (role: string) => ({ id: `${department}-${role}`, role, department });
  const at = (date: string, stepNo: number) => `${date}T${String(8 + Math.floor(stepNo / 6)).padStart(2, '0')}:${String((stepNo % 6) * 10).padStart(2, '0')}:00+07:00`;
  const key = (what: string) => `${department}/register/${index}/${what}`;
  const entries: Array<{ line: RegisterLine; order: [string, number, number] }> = [];
  const push = (line: RegisterLine, stepNo: number) => entries.push({ line, order: [line.occurredAt, index, stepNo] });

  let recordedOn = addDays(receivedOn, plan.registrationLag);
  if (recordedOn > REGISTER_END) return entries;
  const filer = kind === 'denunciation' ? 'denouncer' : kind === 'petition' ? 'petitioner' : 'complainant';
  push(
    {
      command: 'FileCase',
      caseId,
      actor: actor('intake'),
      occurredAt: at(recordedOn, 0),
      idempotencyKey: key('file'),
      payload: {
        kind,
        department,
        channel: plan.channel,
        receivedOn,
        subject: `Đơn số ${index}`,
        content: 'Nội dung đơn theo sổ đăng ký',
        parties: [{ role: filer, name: 'Nguyễn Thị Ánh', confidential: false }],
        remoteArea: false,
        referenceNo: `${index}/SĐK`,
      },
    },
    0,
  );
  let actOn = receivedOn;
  for (const [i, s] of plan.steps.entries()) {
    actOn = addDays(actOn, s.gap);
    let on = addDays(actOn, s.lag);
    if (on < recordedOn) on = recordedOn;
    // An assignment carries no document: it is dated the day it is entered.
    if (s.command === 'AssignInspector') actOn = on;
    if (on > REGISTER_END) break;
    if (s.command === 'SuspendCase' && actOn < COMPLAINT_SUSPENSION_FROM) throw new Error(`the register would suspend case ${index} on ${actOn}, before complaint suspension exists`);
    const payload = { ...s.payload, ...(on !== actOn ? { documentDate: actOn } : {}) };
    push({ command: s.command, caseId, actor: actor(s.role ?? ROLE_OF[s.command]!), occurredAt: at(on, i + 1), idempotencyKey: key(`${i + 1}-${s.command}`), payload }, i + 1);
    recordedOn = on;
  }
  return entries;
}

export function toJsonl(lines: RegisterLine[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------
// The figures, counted from the register

export interface Cell {
  byKind: Record<Kind, number>;
  total: number;
}

/** The report's figures, stages as {stage: count} of the non-zero ones. */
export interface ExpectedFigures {
  caseload: Record<'carriedOver' | 'received' | 'total' | 'ended' | 'open', Cell>;
  intake: {
    receivedByChannel: Record<(typeof CHANNELS)[number], Cell>;
    processed: Record<'accepted' | 'rejected' | 'forwarded' | 'answered' | 'withdrawn' | 'total', Cell>;
    awaitingProcessing: Cell;
  };
  competence: {
    carriedOver: Cell;
    accepted: Cell;
    total: Cell;
    settled: Record<'decided' | 'answered' | 'forwarded' | 'withdrawn' | 'terminated' | 'total', Cell>;
    unsettled: Cell;
  };
  stages: Record<Kind, Record<string, number>>;
  outcomes: {
    decisions: Record<'right' | 'partlyRight' | 'wrong' | 'total', Cell>;
    answered: Cell;
    withdrawn: Cell;
    terminated: Cell;
    reviewed: Cell;
  };
  deadlines: Record<'resolvedOnTime' | 'resolvedLate' | 'withdrawnOrTerminated' | 'forwardedOrReturned' | 'notYetDue' | 'overdue' | 'paused', Cell>;
}

const FINAL_STAGES = new Set(['rejected', 'not-accepted', 'forwarded', 'closed', 'withdrawn', 'terminated', 'reviewed', 'answered']);

/** The stage a command leads to, by the workflow files' `to`; undefined = the stage does not change. */
function stageAfter(kind: Kind, line: RegisterLine): string | undefined {
  const denunciation = kind === 'denunciation';
  switch (line.command) {
    case 'AcceptCase': return 'accepted';
    case 'RejectCase': return denunciation ? 'not-accepted' : 'rejected';
    case 'ForwardCase': return 'forwarded';
    case 'StartVerification': return 'verifying';
    case 'ReportVerification': return 'verification-reported';
    case 'RecordDialogue': return 'dialogue-held';
    case 'DraftDecision': return denunciation ? 'conclusion-drafted' : 'decision-drafted';
    case 'IssueDecision': return denunciation ? 'conclusion-issued' : 'decision-issued';
    case 'SendDecision': return 'decision-sent';
    case 'RecordHandling': return 'handled';
    case 'PublishConclusion': return 'published';
    case 'CloseCase': return 'closed';
    case 'AnswerCitizen': return 'answered';
    case 'WithdrawCase': return line.payload['continueGround'] ? undefined : 'withdrawn';
    case 'TerminateCase': return 'terminated';
    case 'ReviewCase': return 'reviewed';
    default: return undefined;
  }
}

const isPlainWithdrawal = (line: RegisterLine) => line.command === 'WithdrawCase' && !line.payload['continueGround'];

interface Act {
  line: RegisterLine;
  on: string;
}

export function expectedFigures(lines: RegisterLine[], department: string, window: { from: string; to: string; asOf: string }): ExpectedFigures {
  const { from, to, asOf } = window;
  const end = minDate(to, asOf);
  const zero = (): Cell => ({ byKind: { 'complaint-first': 0, 'complaint-second': 0, denunciation: 0, petition: 0 }, total: 0 });
  const cells = <K extends string>(names: readonly K[]) => Object.fromEntries(names.map((n) => [n, zero()])) as Record<K, Cell>;
  const x: ExpectedFigures = {
    caseload: cells(['carriedOver', 'received', 'total', 'ended', 'open']),
    intake: {
      receivedByChannel: cells(CHANNELS),
      processed: cells(['accepted', 'rejected', 'forwarded', 'answered', 'withdrawn', 'total']),
      awaitingProcessing: zero(),
    },
    competence: {
      carriedOver: zero(),
      accepted: zero(),
      total: zero(),
      settled: cells(['decided', 'answered', 'forwarded', 'withdrawn', 'terminated', 'total']),
      unsettled: zero(),
    },
    stages: { 'complaint-first': {}, 'complaint-second': {}, denunciation: {}, petition: {} },
    outcomes: {
      decisions: cells(['right', 'partlyRight', 'wrong', 'total']),
      answered: zero(),
      withdrawn: zero(),
      terminated: zero(),
      reviewed: zero(),
    },
    deadlines: cells(['resolvedOnTime', 'resolvedLate', 'withdrawnOrTerminated', 'forwardedOrReturned', 'notYetDue', 'overdue', 'paused']),
  };

  const byCase = new Map<string, RegisterLine[]>();
  for (const line of lines) byCase.set(line.caseId, [...(byCase.get(line.caseId) ?? []), line]);

  for (const caseLines of byCase.values()) {
    const filing = caseLines[0]!;
    if (filing.payload['department'] !== department) continue;
    const firstLater = caseLines.findIndex((l) => vnDate(l.occurredAt) > asOf);
    const known = firstLater < 0 ? caseLines : caseLines.slice(0, firstLater);
    if (known.length === 0) continue;
    const kind = filing.payload['kind'] as Kind;
    const receivedOn = filing.payload['receivedOn'] as string;
    const count = (cell: Cell) => {
      cell.byKind[kind]++;
      cell.total++;
    };
    const inPeriod = (on: string) => from <= on && on <= to;
    const acts: Act[] = known.map((line) => ({
      line,
      on: line.command === 'FileCase' ? receivedOn : ((line.payload['documentDate'] as string | undefined) ?? vnDate(line.occurredAt)),
    }));
    const stageOn = (day: string) =>
      acts.filter((a) => a.on <= day).reduce<string>((stage, a) => stageAfter(kind, a.line) ?? stage, kind === 'denunciation' ? 'screening' : 'filed');

    const openAtStart = receivedOn < from && !FINAL_STAGES.has(stageOn(addDays(from, -1)));
    const received = inPeriod(receivedOn);
    if (openAtStart) count(x.caseload.carriedOver);
    if (received) {
      count(x.caseload.received);
      count(x.intake.receivedByChannel[filing.payload['channel'] as (typeof CHANNELS)[number]]);
    }
    if (openAtStart || received) {
      const stage = stageOn(end);
      count(x.caseload.total);
      count(FINAL_STAGES.has(stage) ? x.caseload.ended : x.caseload.open);
      x.stages[kind][stage] = (x.stages[kind][stage] ?? 0) + 1;
    }

    const processing = acts.find((a) => ['AcceptCase', 'RejectCase', 'ForwardCase', 'AnswerCitizen'].includes(a.line.command) || isPlainWithdrawal(a.line));
    if (processing && inPeriod(processing.on)) {
      const outcome = ({ AcceptCase: 'accepted', RejectCase: 'rejected', ForwardCase: 'forwarded', AnswerCitizen: 'answered', WithdrawCase: 'withdrawn' } as const)[
        processing.line.command as 'AcceptCase'
      ];
      count(x.intake.processed[outcome]);
      count(x.intake.processed.total);
    }
    if (receivedOn <= end && !(processing && processing.on <= end)) count(x.intake.awaitingProcessing);

    const acceptance = acts.findIndex((a) => a.line.command === 'AcceptCase');
    let settlement: Act | undefined;
    if (acceptance >= 0) {
      const accepted = acts[acceptance]!;
      settlement = acts
        .slice(acceptance + 1)
        .find((a) => ['IssueDecision', 'AnswerCitizen', 'ForwardCase', 'TerminateCase'].includes(a.line.command) || isPlainWithdrawal(a.line));
      const carried = accepted.on < from && !(settlement && settlement.on < from);
      if (carried) count(x.competence.carriedOver);
      if (inPeriod(accepted.on)) count(x.competence.accepted);
      if (carried || inPeriod(accepted.on)) {
        count(x.competence.total);
        if (settlement && settlement.on <= end) {
          const outcome = ({ IssueDecision: 'decided', AnswerCitizen: 'answered', ForwardCase: 'forwarded', WithdrawCase: 'withdrawn', TerminateCase: 'terminated' } as const)[
            settlement.line.command as 'IssueDecision'
          ];
          count(x.competence.settled[outcome]);
          count(x.competence.settled.total);
        } else {
          count(x.competence.unsettled);
        }
      }
    }

    for (const { line, on } of acts) {
      if (!inPeriod(on)) continue;
      if (line.command === 'IssueDecision') {
        const finding = line.payload['finding'] as string;
        count(x.outcomes.decisions[finding === 'partly-right' ? 'partlyRight' : (finding as 'right' | 'wrong')]);
        count(x.outcomes.decisions.total);
      }
      if (line.command === 'AnswerCitizen') count(x.outcomes.answered);
      if (isPlainWithdrawal(line)) count(x.outcomes.withdrawn);
      if (line.command === 'TerminateCase') count(x.outcomes.terminated);
      if (line.command === 'ReviewCase') count(x.outcomes.reviewed);
    }
    if (acts.some((a) => (a.line.command === 'ForwardCase' || a.line.command === 'RejectCase') && inPeriod(a.on))) count(x.deadlines.forwardedOrReturned);

    countCompliance(kind, acts, acceptance, { from, to, end }, count, x);
  }
  return x;
}

/**
 * The compliance clock: resolution (30 days first instance and denunciation, 45 second instance, from the
 * acceptance; a resumption after suspension restarts a complaint's period, NĐ 155/2026) or reply (10 working
 * days from receipt, petitions).
 */
function countCompliance(
  kind: Kind,
  acts: Act[],
  acceptance: number,
  window: { from: string; to: string; end: string },
  count: (cell: Cell) => void,
  x: ExpectedFigures,
): void {
  const petition = kind === 'petition';
  const startAt = petition ? 0 : acceptance;
  if (startAt < 0) return;
  const due = (start: string) => (petition ? workingDaysDue(start, 10) : calendarDaysDue(start, kind === 'complaint-second' ? 45 : 30));
  const stoppers = petition ? ['AnswerCitizen', 'ForwardCase', 'TerminateCase'] : ['IssueDecision', 'TerminateCase'];
  let dueDate = due(acts[startAt]!.on);
  let paused = false;
  let stopped: { by: string; on: string; met: boolean } | undefined;
  let stateAtEnd: 'running' | 'paused' | 'stopped' = 'running';
  let dueAtEnd = dueDate;
  for (const act of acts.slice(startAt + 1)) {
    const { command } = act.line;
    if (stoppers.includes(command) || isPlainWithdrawal(act.line)) {
      stopped = { by: command, on: act.on, met: act.on <= dueDate };
    } else if (command === 'SuspendCase') {
      if (kind === 'denunciation' || petition) throw new Error('the register suspends only complaints: their restart rule is the one counted here');
      paused = true;
    } else if (command === 'ResumeCase') {
      paused = false;
      dueDate = due(act.on);
    }
    if (act.on <= window.end) {
      stateAtEnd = stopped ? 'stopped' : paused ? 'paused' : 'running';
      dueAtEnd = dueDate;
    }
    if (stopped) break;
  }
  if (acts[startAt]!.on > window.end) return;
  if (stopped && window.from <= stopped.on && stopped.on <= window.to && stopped.by !== 'ForwardCase') {
    if (stopped.by === 'IssueDecision' || stopped.by === 'AnswerCitizen') count(stopped.met ? x.deadlines.resolvedOnTime : x.deadlines.resolvedLate);
    else count(x.deadlines.withdrawnOrTerminated);
  }
  if (stateAtEnd === 'running') count(dueAtEnd > window.end ? x.deadlines.notYetDue : x.deadlines.overdue);
  if (stateAtEnd === 'paused') count(x.deadlines.paused);
}

/** A report's figures in the shape expectedFigures gives: stages as {stage: count} of the non-zero ones. */
export function reportFigures(report: DepartmentReport): ExpectedFigures {
  const { caseload, intake, competence, outcomes, deadlines } = report;
  const stages = Object.fromEntries(
    Object.entries(report.stages).map(([kind, rows]) => [kind, Object.fromEntries(rows.filter((r) => r.count > 0).map((r) => [r.stage, r.count]))]),
  );
  return { caseload, intake, competence, outcomes, deadlines, stages } as ExpectedFigures;
}
