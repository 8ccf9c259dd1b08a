import { evolve, readCaseEvent, RECEIPT_CHANNELS, type CaseEvent, type CaseState, type ReceiptChannel } from '@kntc/domain';
import { isLocalDate, vnDateOf, type LocalDate, type WorkflowDefinition } from '@kntc/workflow';
import { dateScore } from '../keys';
import {
  actDateOf,
  clockOf,
  complianceClockOf,
  extendTimeline,
  NO_CLOCK,
  PAUSED,
  PROCESSING_ACTS,
  SETTLEMENT_ACTS,
  type CaseTimeline,
  type DayNumber,
  type ReportCaseEvent,
  type TimelineStep,
} from './case-timeline';
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

/** The state of a case at the end of a day as the cells read it: a step's stage and compliance clock, or none. */
type StateSummary = TimelineStep | undefined;

/** What addTimeline did: counted the case, or found its act dates go back by asOf and needs its events (addCase). */
export type TimelineCounted = 'counted' | 'needs-events';

/** An event with the date the law counts it from (DepartmentReport: "act date"). */
interface DatedEvent {
  event: CaseEvent;
  on: LocalDate;
}

export type { ReportCaseEvent } from './case-timeline';

/**
 * Computes a department report from recorded events alone (definitions of every cell: DepartmentReport).
 * Either feed it every case event of the store with `add`, in any order of streams, each stream in revision
 * order or not (it keeps only the department's streams), or give it the department's cases one at a time with
 * `addCase`, or their timelines (CaseTimeline, as the report-facts projection keeps them) with `addTimeline`. Every
 * way turns a case into its timeline and counts that (countCase), so all count by the same rules. Pure: no clock, no I/O.
 */
export class DepartmentReportBuilder {
  private readonly department: string;
  private readonly window: ReportWindow;
  /** The last day the report looks at: `to`, or `asOf` when earlier. */
  private readonly end: LocalDate;
  /** from, to, asOf, end and the day before from as day numbers, the form timelines store. */
  private readonly days: { from: DayNumber; to: DayNumber; asOf: DayNumber; end: DayNumber; beforeFrom: DayNumber };
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
    this.days = { from: dateScore(window.from), to: dateScore(window.to), asOf: dateScore(window.asOf), end: dateScore(this.end), beforeFrom: dateScore(dayBefore(window.from)) };
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
    const ordered = [...events].sort((a, b) => a.revision - b.revision);
    const built = extendTimeline(this.workflows, undefined, ordered);
    if (built === undefined || this.addTimeline(label, built.timeline) === 'counted') return;
    // Act dates go back within what was recorded by asOf: the state of a day is the fold of the events dated by then.
    const workflow = this.workflowOf(label, built.timeline);
    const dated = this.recordedByAsOf(ordered);
    const complianceClock = complianceClockOf(workflow);
    const stateOn = (day: LocalDate): StateSummary => {
      const state = dated.filter((d) => d.on <= day).reduce<CaseState>((folded, d) => evolve(folded, d.event), { status: 'none' });
      return state.status === 'none' ? undefined : [0, 0, '', state.stage, clockOf(state, complianceClock)];
    };
    const steps = built.timeline.s.filter((step) => step[0] <= this.days.asOf);
    this.countCase(built.timeline, steps, stateOn(this.end), stateOn(dayBefore(this.window.from)), workflow);
  }

  /**
   * Counts one case of the department from its timeline (the report-facts projection's), unless its act dates go
   * back by asOf: then the caller gives its events to addCase.
   */
  addTimeline(label: string, timeline: CaseTimeline): TimelineCounted {
    const { asOf, end, beforeFrom } = this.days;
    const all = timeline.s;
    let recorded = 0;
    while (recorded < all.length && all[recorded]![0] <= asOf) recorded++;
    // The filing was recorded after asOf: the case does not exist yet for this report.
    if (recorded === 0) return 'counted';
    if (timeline.x !== undefined && timeline.x <= asOf) return 'needs-events';
    const steps = recorded === all.length ? all : all.slice(0, recorded);
    // Act dates never go back here: the state at the end of a day is the state after the last step dated by then.
    const stateOn = (day: DayNumber): StateSummary => {
      let k = 0;
      while (k < steps.length && steps[k]![1] <= day) k++;
      return k === 0 ? undefined : steps[k - 1];
    };
    this.countCase(timeline, steps, stateOn(end), stateOn(beforeFrom), this.workflowOf(label, timeline));
    return 'counted';
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

  private workflowOf(label: string, timeline: CaseTimeline): WorkflowDefinition {
    if (!this.kinds.includes(timeline.k)) throw new Error(`${label}: case kind "${timeline.k}" has no loaded workflow; the report cannot classify its stages`);
    return this.workflows.get(timeline.k, timeline.w);
  }

  /** The events recorded by asOf (stream order, up to the first recorded after it), each with its act date. */
  private recordedByAsOf(ordered: readonly ReportCaseEvent[]): DatedEvent[] {
    const dated: DatedEvent[] = [];
    let lastActOn: LocalDate | undefined;
    for (const { event, recordedOn } of ordered) {
      // Stream order is causal: a later event is never applied without the ones before it.
      if (recordedOn > this.window.asOf) break;
      const { on, isAct } = actDateOf(event, recordedOn, lastActOn);
      if (isAct) lastActOn = on;
      dated.push({ event, on });
    }
    return dated;
  }

  /**
   * Counts one case into the figures: `steps` are its timeline recorded by asOf, `endState` and `stateBeforeFrom`
   * its state at the end of the period and at its start (undefined: nothing dated by then).
   */
  private countCase(timeline: CaseTimeline, steps: readonly TimelineStep[], endState: StateSummary, stateBeforeFrom: StateSummary, workflow: WorkflowDefinition): void {
    const { from, to, end } = this.days;
    const f = this.figures;
    const kind = timeline.k;
    const bump = (counts: Counts) => {
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
      counts.total += 1;
    };
    const inPeriod = (on: DayNumber) => from <= on && on <= to;
    const isFinal = (state: StateSummary) => state !== undefined && workflow.stages[state[3]]?.final === true;

    const receivedOn = steps[0]![1];
    const received = inPeriod(receivedOn);
    const openAtStart = receivedOn < from && !isFinal(stateBeforeFrom);
    if (openAtStart) bump(f.caseload.carriedOver);
    if (received) {
      bump(f.caseload.received);
      bump(f.intake.receivedByChannel[timeline.c]);
    }
    if ((openAtStart || received) && endState !== undefined) {
      bump(f.caseload.total);
      bump(isFinal(endState) ? f.caseload.ended : f.caseload.open);
      countStage(f.stages[kind]!, workflow, endState[3]);
    }

    const processing = steps.find((step) => PROCESSING_ACTS[step[2]] !== undefined);
    if (processing && inPeriod(processing[1])) {
      bump(f.intake.processed[PROCESSING_ACTS[processing[2]]!]);
      bump(f.intake.processed.total);
    }
    if (receivedOn <= end && !(processing && processing[1] <= end)) bump(f.intake.awaitingProcessing);

    const acceptedAt = steps.findIndex((step) => step[2] === 'A');
    if (acceptedAt >= 0) {
      const acceptedOn = steps[acceptedAt]![1];
      let settlement: TimelineStep | undefined;
      for (let i = acceptedAt + 1; i < steps.length && settlement === undefined; i++) if (SETTLEMENT_ACTS[steps[i]![2]] !== undefined) settlement = steps[i];
      const carriedOver = acceptedOn < from && !(settlement && settlement[1] < from);
      const acceptedInPeriod = inPeriod(acceptedOn);
      if (carriedOver) bump(f.competence.carriedOver);
      if (acceptedInPeriod) bump(f.competence.accepted);
      if (carriedOver || acceptedInPeriod) {
        bump(f.competence.total);
        if (settlement && settlement[1] <= end) {
          bump(f.competence.settled[SETTLEMENT_ACTS[settlement[2]]!]);
          bump(f.competence.settled.total);
        } else {
          bump(f.competence.unsettled);
        }
      }
    }

    let forwardedOrReturned = false;
    for (const [, on, act] of steps) {
      if (act === '' || !inPeriod(on)) continue;
      switch (act) {
        case 'Dr':
        case 'Dp':
        case 'Dw':
          bump(f.outcomes.decisions[act === 'Dr' ? 'right' : act === 'Dp' ? 'partlyRight' : 'wrong']);
          bump(f.outcomes.decisions.total);
          break;
        case 'N':
          bump(f.outcomes.answered);
          break;
        case 'W':
          bump(f.outcomes.withdrawn);
          break;
        case 'T':
          bump(f.outcomes.terminated);
          break;
        case 'V':
          bump(f.outcomes.reviewed);
          break;
        case 'F':
        case 'J':
          forwardedOrReturned = true;
          break;
        case 'So':
          bump(f.deadlines.resolvedOnTime);
          break;
        case 'Sl':
          bump(f.deadlines.resolvedLate);
          break;
        case 'Sx':
          bump(f.deadlines.withdrawnOrTerminated);
          break;
        case 'A':
          break;
        default: {
          const unknown: never = act;
          throw new Error(`unknown report act ${String(unknown)}`);
        }
      }
    }
    if (forwardedOrReturned) bump(f.deadlines.forwardedOrReturned);

    const clock = endState?.[4] ?? NO_CLOCK;
    if (clock > 0) bump(clock > end ? f.deadlines.notYetDue : f.deadlines.overdue);
    else if (clock === PAUSED) bump(f.deadlines.paused);
  }
}

/** Builds the report in one call; see DepartmentReportBuilder. */
export function buildDepartmentReport(events: Iterable<ReportSourceEvent>, options: DepartmentReportOptions): DepartmentReport {
  const builder = new DepartmentReportBuilder(options);
  for (const event of events) builder.add(event);
  return builder.build();
}

function reportKind(workflow: WorkflowDefinition): ReportKind {
  return { kind: workflow.id, name: workflow.name, complianceClock: complianceClockOf(workflow) };
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
