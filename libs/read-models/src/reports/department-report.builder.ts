import { evolve, readCaseEvent, RECEIPT_CHANNELS, type CaseEvent, type CaseFiled, type CaseState, type ReceiptChannel } from '@kntc/domain';
import { isLocalDate, vnDateOf, type LocalDate, type WorkflowDefinition } from '@kntc/workflow';
import type { Counts, DepartmentReport, ReportKind, StageCount } from './department-report.types';
import { dayBefore, resolveReportWindow, type ReportWindow } from './report-period';

/** What the builder reads of a recorded event (the store's RecordedEvent has all of it). */
export interface ReportSourceEvent {
  stream: string;
  revision: number;
  type: string;
  /** Absent = 1. */
  schemaVersion?: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt?: string;
}

/** The workflows the cases were filed under (a WorkflowRegistry). */
export interface ReportWorkflows {
  kinds(): string[];
  latest(kind: string): WorkflowDefinition;
  get(kind: string, version: number): WorkflowDefinition;
}

export interface DepartmentReportOptions {
  department: string;
  from: LocalDate;
  to: LocalDate;
  /** Default: `to`. */
  asOf?: LocalDate;
  /** The official name of the period, when it was asked by name. */
  periodName?: string | null;
  workflows: ReportWorkflows;
}

/** Clocks that measure resolution, by preference (DepartmentReport: "compliance clock"). */
const COMPLIANCE_CLOCKS = ['resolution', 'reply'] as const;

type ProcessingOutcome = keyof DepartmentReport['intake']['processed'];
const PROCESSING_ACTS: Partial<Record<CaseEvent['type'], Exclude<ProcessingOutcome, 'total'>>> = {
  CaseAccepted: 'accepted',
  CaseRejected: 'rejected',
  CaseForwarded: 'forwarded',
  CitizenAnswered: 'answered',
  CaseWithdrawn: 'withdrawn',
};

type SettlementOutcome = keyof DepartmentReport['competence']['settled'];
const SETTLEMENT_ACTS: Partial<Record<CaseEvent['type'], Exclude<SettlementOutcome, 'total'>>> = {
  DecisionIssued: 'decided',
  CitizenAnswered: 'answered',
  CaseForwarded: 'forwarded',
  CaseWithdrawn: 'withdrawn',
  CaseTerminated: 'terminated',
};

const RESOLVING_ACTS = new Set<string>(['DecisionIssued', 'CitizenAnswered']);

/** An event with the date the law counts it from (DepartmentReport: "act date"). */
interface DatedEvent {
  event: CaseEvent;
  on: LocalDate;
}

/** One event of a case as the report reads it: the domain event, where it stands in its stream, the day it was recorded for. */
export interface ReportCaseEvent {
  revision: number;
  event: CaseEvent;
  /** metadata.occurredOn: the business day the act was recorded for. */
  recordedOn: LocalDate;
}

/**
 * Computes a department report from recorded events alone (definitions of every cell: DepartmentReport).
 * Either feed it every case event of the store with `add`, in any order of streams, each stream in revision
 * order or not (it keeps only the department's streams), or give it the department's cases one at a time with
 * `addCase`; both count each case by the same rules. Pure: no clock, no I/O.
 */
export class DepartmentReportBuilder {
  private readonly department: string;
  private readonly window: ReportWindow;
  /** The last day the report looks at: `to`, or `asOf` when earlier. */
  private readonly end: LocalDate;
  private readonly workflows: ReportWorkflows;
  private readonly kinds: string[];
  private readonly figures: Figures;
  private readonly streams = new Map<string, ReportCaseEvent[]>();
  private readonly otherDepartments = new Set<string>();

  constructor(options: DepartmentReportOptions) {
    this.department = options.department;
    const window = resolveReportWindow({ from: options.from, to: options.to, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) });
    this.window = { ...window, name: options.periodName ?? null };
    this.end = window.asOf < window.to ? window.asOf : window.to;
    this.workflows = options.workflows;
    this.kinds = this.workflows.kinds();
    this.figures = emptyFigures(this.kinds, this.workflows);
  }

  add(recorded: ReportSourceEvent): void {
    if (this.otherDepartments.has(recorded.stream)) return;
    const event = readCaseEvent({ type: recorded.type, schemaVersion: recorded.schemaVersion ?? 1, data: recorded.data });
    if (!event) return;
    if (event.type === 'CaseFiled' && event.data.department !== this.department) {
      this.otherDepartments.add(recorded.stream);
      this.streams.delete(recorded.stream);
      return;
    }
    const buffered = this.streams.get(recorded.stream) ?? [];
    buffered.push({ revision: recorded.revision, event, recordedOn: businessDayOf(recorded) });
    this.streams.set(recorded.stream, buffered);
  }

  /**
   * Counts one case of the department: its events in any order (the stream's whole history as stored, even
   * past asOf). `label` names the case in an error.
   */
  addCase(label: string, events: readonly ReportCaseEvent[]): void {
    const dated = this.recordedByAsOf(events);
    if (!dated) return;
    const filed = (dated[0]!.event as CaseFiled).data;
    if (!this.kinds.includes(filed.kind)) throw new Error(`${label}: case kind "${filed.kind}" has no loaded workflow; the report cannot classify its stages`);
    this.countCase(dated, filed, this.workflows.get(filed.kind, filed.workflowVersion), this.figures);
  }

  /**
   * Counts up to `limit` of the cases `add` buffered; true while some remain. Lets a caller count a large store's
   * cases in slices, yielding between them; `build` counts whatever is left.
   */
  countBuffered(limit: number): boolean {
    let counted = 0;
    for (const [stream, buffered] of this.streams) {
      if (counted === limit) return true;
      this.addCase(stream, buffered);
      this.streams.delete(stream);
      // A counted case takes no further events: a late one would count it twice.
      this.otherDepartments.add(stream);
      counted += 1;
    }
    return false;
  }

  build(): DepartmentReport {
    this.countBuffered(Infinity);
    const figures = this.figures;
    const { name, from, to, asOf } = this.window;
    return {
      department: this.department,
      period: { name, from, to },
      asOf,
      kinds: this.kinds.map((kind) => reportKind(this.workflows.latest(kind))),
      ...figures,
      stages: Object.fromEntries(Object.entries(figures.stages).map(([kind, rows]) => [kind, [...rows.values()]])),
    };
  }

  /** The case as recorded by asOf, each event with its act date; undefined when its filing was not recorded yet. */
  private recordedByAsOf(buffered: readonly ReportCaseEvent[]): DatedEvent[] | undefined {
    const ordered = [...buffered].sort((a, b) => a.revision - b.revision);
    const dated: DatedEvent[] = [];
    let lastActOn: LocalDate | undefined;
    for (const { event, recordedOn } of ordered) {
      // Stream order is causal: a later event is never applied without the ones before it.
      if (recordedOn > this.window.asOf) break;
      if (dated.length === 0 && event.type !== 'CaseFiled') return undefined;
      const causedByAct = event.type === 'DeadlineSet' || event.type === 'DeadlineStopped';
      const on = event.type === 'CaseFiled' ? event.data.receivedOn : causedByAct ? (lastActOn ?? recordedOn) : (documentDateOf(event) ?? recordedOn);
      if (!causedByAct) lastActOn = on;
      dated.push({ event, on });
    }
    return dated.length > 0 ? dated : undefined;
  }

  private countCase(dated: DatedEvent[], filed: CaseFiled['data'], workflow: WorkflowDefinition, f: Figures): void {
    const { from, to } = this.window;
    const end = this.end;
    const kind = filed.kind;
    const bump = (counts: Counts) => {
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
      counts.total += 1;
    };
    const inPeriod = (on: LocalDate) => from <= on && on <= to;
    const isFinal = (state: CaseState) => state.status !== 'none' && workflow.stages[state.stage]?.final === true;

    const [endState, stateBeforeFrom] = statesOn(dated, [end, dayBefore(from)]);
    const received = inPeriod(filed.receivedOn);
    const openAtStart = filed.receivedOn < from && !isFinal(stateBeforeFrom);
    if (openAtStart) bump(f.caseload.carriedOver);
    if (received) {
      bump(f.caseload.received);
      bump(f.intake.receivedByChannel[filed.channel]);
    }
    if ((openAtStart || received) && endState.status !== 'none') {
      bump(f.caseload.total);
      bump(isFinal(endState) ? f.caseload.ended : f.caseload.open);
      countStage(f.stages[kind]!, workflow, endState.stage);
    }

    const processing = dated.find((d) => PROCESSING_ACTS[d.event.type] !== undefined && !isContinuedWithdrawal(d.event));
    if (processing && inPeriod(processing.on)) {
      bump(f.intake.processed[PROCESSING_ACTS[processing.event.type]!]);
      bump(f.intake.processed.total);
    }
    if (filed.receivedOn <= end && !(processing && processing.on <= end)) bump(f.intake.awaitingProcessing);

    const acceptedAt = dated.findIndex((d) => d.event.type === 'CaseAccepted');
    if (acceptedAt >= 0) {
      const accepted = dated[acceptedAt]!;
      const settlement = dated
        .slice(acceptedAt + 1)
        .find((d) => SETTLEMENT_ACTS[d.event.type] !== undefined && !isContinuedWithdrawal(d.event));
      const carriedOver = accepted.on < from && !(settlement && settlement.on < from);
      const acceptedInPeriod = inPeriod(accepted.on);
      if (carriedOver) bump(f.competence.carriedOver);
      if (acceptedInPeriod) bump(f.competence.accepted);
      if (carriedOver || acceptedInPeriod) {
        bump(f.competence.total);
        if (settlement && settlement.on <= end) {
          bump(f.competence.settled[SETTLEMENT_ACTS[settlement.event.type]!]);
          bump(f.competence.settled.total);
        } else {
          bump(f.competence.unsettled);
        }
      }
    }

    const clock = complianceClockOf(workflow);
    let forwardedOrReturned = false;
    for (const { event, on } of dated) {
      if (!inPeriod(on)) continue;
      switch (event.type) {
        case 'DecisionIssued':
          bump(f.outcomes.decisions[event.data.finding === 'partly-right' ? 'partlyRight' : event.data.finding]);
          bump(f.outcomes.decisions.total);
          break;
        case 'CitizenAnswered':
          bump(f.outcomes.answered);
          break;
        case 'CaseWithdrawn':
          if (!isContinuedWithdrawal(event)) bump(f.outcomes.withdrawn);
          break;
        case 'CaseTerminated':
          bump(f.outcomes.terminated);
          break;
        case 'CaseReviewed':
          bump(f.outcomes.reviewed);
          break;
        case 'CaseForwarded':
        case 'CaseRejected':
          forwardedOrReturned = true;
          break;
        case 'DeadlineStopped':
          if (event.data.clock !== clock || event.data.stoppedBy === 'CaseForwarded') break;
          if (!RESOLVING_ACTS.has(event.data.stoppedBy)) bump(f.deadlines.withdrawnOrTerminated);
          else bump(event.data.metDeadline ? f.deadlines.resolvedOnTime : f.deadlines.resolvedLate);
          break;
        default:
          break;
      }
    }
    if (forwardedOrReturned) bump(f.deadlines.forwardedOrReturned);

    const compliance = clock !== null && endState.status !== 'none' ? endState.clocks[clock] : undefined;
    if (compliance?.status === 'running') bump(compliance.dueDate > end ? f.deadlines.notYetDue : f.deadlines.overdue);
    else if (compliance?.status === 'paused') bump(f.deadlines.paused);
  }
}

/**
 * The case as it stood at the end of each day: its events dated on or before it, folded in stream order. When the
 * act dates never go back (most cases) each state is a prefix of the fold, so one fold gives them all.
 */
function statesOn(dated: readonly DatedEvent[], days: readonly LocalDate[]): CaseState[] {
  const none: CaseState = { status: 'none' };
  const ordered = dated.every((d, i) => i === 0 || dated[i - 1]!.on <= d.on);
  if (!ordered) return days.map((day) => dated.filter((d) => d.on <= day).reduce<CaseState>((state, d) => evolve(state, d.event), none));
  const states: CaseState[] = days.map(() => none);
  let state: CaseState = none;
  for (const d of dated) {
    state = evolve(state, d.event);
    days.forEach((day, i) => {
      if (d.on <= day) states[i] = state;
    });
  }
  return states;
}

/** Builds the report in one call; see DepartmentReportBuilder. */
export function buildDepartmentReport(events: Iterable<ReportSourceEvent>, options: DepartmentReportOptions): DepartmentReport {
  const builder = new DepartmentReportBuilder(options);
  for (const event of events) builder.add(event);
  return builder.build();
}

export function complianceClockOf(workflow: WorkflowDefinition): string | null {
  return COMPLIANCE_CLOCKS.find((clock) => Object.hasOwn(workflow.clocks, clock)) ?? null;
}

function reportKind(workflow: WorkflowDefinition): ReportKind {
  return { kind: workflow.id, name: workflow.name, complianceClock: complianceClockOf(workflow) };
}

/** A withdrawn denunciation the head continues (Luật Tố cáo 2018, art. 33(3)) neither ends nor processes the case. */
function isContinuedWithdrawal(event: CaseEvent): boolean {
  return event.type === 'CaseWithdrawn' && event.data.continueGround !== undefined;
}

function documentDateOf(event: CaseEvent): LocalDate | undefined {
  const value = (event.data as { documentDate?: unknown }).documentDate;
  return isLocalDate(value) ? value : undefined;
}

/** The business day an event was recorded for: metadata.occurredOn, else the Vietnam day of its business time. */
export function businessDayOf(recorded: Pick<ReportSourceEvent, 'stream' | 'revision' | 'metadata' | 'recordedAt'>): LocalDate {
  const { occurredOn, occurredAt } = recorded.metadata;
  if (isLocalDate(occurredOn)) return occurredOn;
  if (typeof occurredAt === 'string') return vnDateOf(occurredAt);
  if (recorded.recordedAt !== undefined) return vnDateOf(recorded.recordedAt);
  throw new Error(`event ${recorded.stream}@${recorded.revision} has no business time (metadata.occurredOn)`);
}

/** The figures while they are counted: every cell a Counts object that countCase increments in place. */
type Figures = Omit<DepartmentReport, 'department' | 'period' | 'asOf' | 'kinds' | 'stages'> & {
  stages: Record<string, Map<string, StageCount>>;
};

function emptyFigures(kinds: string[], workflows: ReportWorkflows): Figures {
  const zero = (): Counts => ({ byKind: Object.fromEntries(kinds.map((kind) => [kind, 0])), total: 0 });
  const stageRows = (kind: string) =>
    new Map(
      Object.entries(workflows.latest(kind).stages).map(([stage, d]): [string, StageCount] => [
        stage,
        { stage, label: d.label, final: d.final === true, count: 0 },
      ]),
    );
  return {
    caseload: { carriedOver: zero(), received: zero(), total: zero(), ended: zero(), open: zero() },
    intake: {
      receivedByChannel: Object.fromEntries(RECEIPT_CHANNELS.map((channel) => [channel, zero()])) as Record<ReceiptChannel, Counts>,
      processed: { accepted: zero(), rejected: zero(), forwarded: zero(), answered: zero(), withdrawn: zero(), total: zero() },
      awaitingProcessing: zero(),
    },
    competence: {
      carriedOver: zero(),
      accepted: zero(),
      total: zero(),
      settled: { decided: zero(), answered: zero(), forwarded: zero(), withdrawn: zero(), terminated: zero(), total: zero() },
      unsettled: zero(),
    },
    stages: Object.fromEntries(kinds.map((kind) => [kind, stageRows(kind)])),
    outcomes: {
      decisions: { right: zero(), partlyRight: zero(), wrong: zero(), total: zero() },
      answered: zero(),
      withdrawn: zero(),
      terminated: zero(),
      reviewed: zero(),
    },
    deadlines: {
      resolvedOnTime: zero(),
      resolvedLate: zero(),
      withdrawnOrTerminated: zero(),
      forwardedOrReturned: zero(),
      notYetDue: zero(),
      overdue: zero(),
      paused: zero(),
    },
  };
}

/** A stage of an older workflow version that the latest no longer has gets its own row, with that version's label. */
function countStage(rows: Map<string, StageCount>, workflow: WorkflowDefinition, stage: string): void {
  const definition = workflow.stages[stage];
  const row = rows.get(stage) ?? { stage, label: definition?.label ?? stage, final: definition?.final === true, count: 0 };
  row.count += 1;
  rows.set(stage, row);
}
