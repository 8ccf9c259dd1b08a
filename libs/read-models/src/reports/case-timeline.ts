import { evolve, type CaseEvent, type CaseFiled, type CaseState, type ReceiptChannel } from '@kntc/domain';
import { isLocalDate, type LocalDate, type WorkflowDefinition } from '@kntc/workflow';
import { dateScore } from '../keys';
import type { DepartmentReport } from './department-report.types';

/** A civil date as a number, 2026-03-02 → 20260302: compared faster than a string, stored shorter. */
export type DayNumber = number;

/**
 * What a report counts of one event, one short code per kind of act (DepartmentReport defines the cells):
 * A accepted, J rejected, F forwarded, N citizen answered, W withdrawn (not continued), T terminated, V reviewed,
 * Dr / Dp / Dw decision issued right / partly right / wrong, So / Sl / Sx the compliance clock stopped by a
 * resolution on time / late / by another act than a resolution or a forwarding; '' none of these.
 */
export type ReportAct = '' | 'A' | 'J' | 'F' | 'N' | 'W' | 'T' | 'V' | 'Dr' | 'Dp' | 'Dw' | 'So' | 'Sl' | 'Sx';

/** The compliance clock in a step's state: its due date while running, PAUSED while suspended, NO_CLOCK otherwise. */
export const PAUSED = -1;
export const NO_CLOCK = 0;

/**
 * One event of a case as a report reads it, with the case's state after it:
 * `[recordedBy, on, act, stage, clock]`. `recordedBy` is the latest business day any event up to this one was
 * recorded for (a report as of D reads the steps with recordedBy ≤ D: the events up to the first recorded after D);
 * `on` is the act date; `stage` and `clock` summarise the domain's fold of the case after the event.
 * An event that changes none of these and is no act is left out.
 */
export type TimelineStep = [recordedBy: DayNumber, on: DayNumber, act: ReportAct, stage: string, clock: number];

/**
 * The dated facts of one case that every report cell needs, already computed at projection time, so a report
 * reads them instead of folding events. Stored as JSON (short keys: a province keeps hundreds of thousands).
 */
export interface CaseTimeline {
  /** Kind and workflow version from the filing. */
  k: string;
  w: number;
  /** Receipt channel. */
  c: ReceiptChannel;
  /** The steps in stream order; the first is the filing (its `on` is the receipt date). */
  s: TimelineStep[];
  /**
   * Set when an act date goes back (an act dated before the one recorded before it): the `recordedBy` of that event.
   * A report as of that day or later folds the case's events itself (DepartmentReportBuilder), the state of a day
   * then not being a prefix of the steps.
   */
  x?: DayNumber;
}

/** Where the fold of a case stands after its last event: what the next event needs to extend its timeline. */
export interface TimelineCursor {
  /** Last revision folded. */
  v: number;
  /** The act date of the last act, for the clock events it caused. */
  a: LocalDate;
  /** The act date of the last event, to see dates go back. */
  o: LocalDate;
  /** recordedBy of the last event. */
  m: DayNumber;
  /** The domain's fold of the report facts (no personal data: they hold none). */
  st: CaseState;
}

/** One event of a case as the report reads it: the domain event, where it stands in its stream, the day it was recorded for. */
export interface ReportCaseEvent {
  revision: number;
  event: CaseEvent;
  /** metadata.occurredOn: the business day the act was recorded for. */
  recordedOn: LocalDate;
}

/** Clocks that measure resolution, by preference (DepartmentReport: "compliance clock"). */
const COMPLIANCE_CLOCKS = ['resolution', 'reply'] as const;

const RESOLVING_ACTS = new Set<string>(['DecisionIssued', 'CitizenAnswered']);

type ProcessingOutcome = Exclude<keyof DepartmentReport['intake']['processed'], 'total'>;
/** Processing acts (DepartmentReport: "processing act"), by the cell each counts in. */
export const PROCESSING_ACTS: Partial<Record<ReportAct, ProcessingOutcome>> = { A: 'accepted', J: 'rejected', F: 'forwarded', N: 'answered', W: 'withdrawn' };

type SettlementOutcome = Exclude<keyof DepartmentReport['competence']['settled'], 'total'>;
/** Settlement acts (DepartmentReport: "settlement act"), by the cell each counts in. */
export const SETTLEMENT_ACTS: Partial<Record<ReportAct, SettlementOutcome>> = { Dr: 'decided', Dp: 'decided', Dw: 'decided', N: 'answered', F: 'forwarded', W: 'withdrawn', T: 'terminated' };

const FINDING_ACTS = { right: 'Dr', 'partly-right': 'Dp', wrong: 'Dw' } as const;

export function complianceClockOf(workflow: WorkflowDefinition): string | null {
  return COMPLIANCE_CLOCKS.find((clock) => Object.hasOwn(workflow.clocks, clock)) ?? null;
}

/** A withdrawn denunciation the head continues (Luật Tố cáo 2018, art. 33(3)) neither ends nor processes the case. */
function isContinuedWithdrawal(event: CaseEvent): boolean {
  return event.type === 'CaseWithdrawn' && event.data.continueGround !== undefined;
}

/** The act a report counts of an event, given the case's compliance clock. */
export function reportActOf(event: CaseEvent, complianceClock: string | null): ReportAct {
  switch (event.type) {
    case 'CaseAccepted':
      return 'A';
    case 'CaseRejected':
      return 'J';
    case 'CaseForwarded':
      return 'F';
    case 'CitizenAnswered':
      return 'N';
    case 'CaseWithdrawn':
      return isContinuedWithdrawal(event) ? '' : 'W';
    case 'CaseTerminated':
      return 'T';
    case 'CaseReviewed':
      return 'V';
    case 'DecisionIssued':
      return FINDING_ACTS[event.data.finding];
    case 'DeadlineStopped':
      if (event.data.clock !== complianceClock || event.data.stoppedBy === 'CaseForwarded') return '';
      if (!RESOLVING_ACTS.has(event.data.stoppedBy)) return 'Sx';
      return event.data.metDeadline ? 'So' : 'Sl';
    default:
      return '';
  }
}

/**
 * The act date (DepartmentReport: "act date"): the receipt date for a filing; for a clock event the date of the act
 * that caused it (`lastActOn`); otherwise the act's document date when given, else the day it was recorded for.
 */
export function actDateOf(event: CaseEvent, recordedOn: LocalDate, lastActOn: LocalDate | undefined): { on: LocalDate; isAct: boolean } {
  if (event.type === 'CaseFiled') return { on: event.data.receivedOn, isAct: true };
  if (event.type === 'DeadlineSet' || event.type === 'DeadlineStopped') return { on: lastActOn ?? recordedOn, isAct: false };
  const documentDate = (event.data as { documentDate?: unknown }).documentDate;
  return { on: isLocalDate(documentDate) ? documentDate : recordedOn, isAct: true };
}

/** The compliance clock of a state as a step stores it. */
export function clockOf(state: CaseState, complianceClock: string | null): number {
  if (state.status === 'none' || complianceClock === null) return NO_CLOCK;
  const clock = Object.hasOwn(state.clocks, complianceClock) ? state.clocks[complianceClock] : undefined;
  if (clock?.status === 'running') return dateScore(clock.dueDate);
  return clock?.status === 'paused' ? PAUSED : NO_CLOCK;
}

export interface WorkflowsByVersion {
  get(kind: string, version: number): WorkflowDefinition;
}

/**
 * Extends a case's timeline with its next events (in revision order; those at or before the cursor are skipped).
 * Undefined when the case has no timeline and the first event is not its filing: a report could not count it.
 */
export function extendTimeline(
  workflows: WorkflowsByVersion,
  previous: { timeline: CaseTimeline; cursor: TimelineCursor } | undefined,
  events: readonly ReportCaseEvent[],
): { timeline: CaseTimeline; cursor: TimelineCursor } | undefined {
  let timeline = previous?.timeline;
  let cursor = previous?.cursor;
  let complianceClock = timeline === undefined ? null : complianceClockOf(workflows.get(timeline.k, timeline.w));
  for (const { revision, event, recordedOn } of events) {
    if (cursor !== undefined && revision <= cursor.v) continue;
    if (timeline === undefined || cursor === undefined) {
      if (event.type !== 'CaseFiled') return undefined;
      const filed: CaseFiled['data'] = event.data;
      complianceClock = complianceClockOf(workflows.get(filed.kind, filed.workflowVersion));
      timeline = { k: filed.kind, w: filed.workflowVersion, c: filed.channel, s: [] };
    }
    const recordedBy = Math.max(cursor?.m ?? 0, dateScore(recordedOn));
    const { on, isAct } = actDateOf(event, recordedOn, cursor?.a);
    if (cursor !== undefined && on < cursor.o && timeline.x === undefined) timeline.x = recordedBy;
    const state = evolve(cursor?.st ?? { status: 'none' }, event);
    const stage = state.status === 'none' ? '' : state.stage;
    const clock = clockOf(state, complianceClock);
    const act = reportActOf(event, complianceClock);
    const last = timeline.s[timeline.s.length - 1];
    if (last === undefined || act !== '' || last[3] !== stage || last[4] !== clock) timeline.s.push([recordedBy, dateScore(on), act, stage, clock]);
    cursor = { v: revision, a: isAct ? on : (cursor?.a ?? on), o: on, m: recordedBy, st: state };
  }
  return timeline === undefined || cursor === undefined ? undefined : { timeline, cursor };
}

/** The dormancy score of a case that may still count in any later report (DormancyIndex). */
export const NEVER_DORMANT = 99_991_231;

/**
 * The last day a case can count in a report, for the index that lets a report skip the others: the latest act date
 * or business day of its events once the case is inert — in a final stage, processed, settled if accepted, its
 * compliance clock neither running nor paused — and NEVER_DORMANT while it is not. A report whose `from` and whose
 * `asOf` are both after that day would find every cell of the case zero: received and acted on before `from`,
 * ended by then, not awaiting processing, no clock to count (see DepartmentReportBuilder.countCase).
 */
export function dormantAfter(timeline: CaseTimeline, workflow: WorkflowDefinition): DayNumber {
  const steps = timeline.s;
  const last = steps[steps.length - 1];
  if (last === undefined || timeline.x !== undefined || last[4] !== NO_CLOCK || workflow.stages[last[3]]?.final !== true) return NEVER_DORMANT;
  if (!steps.some(([, , act]) => PROCESSING_ACTS[act] !== undefined)) return NEVER_DORMANT;
  const accepted = steps.findIndex(([, , act]) => act === 'A');
  const settled = steps.slice(accepted + 1).some(([, , act]) => SETTLEMENT_ACTS[act] !== undefined);
  if (accepted >= 0 && !settled) return NEVER_DORMANT;
  let day = 0;
  for (const [recordedBy, on] of steps) day = Math.max(day, recordedBy, on);
  return day;
}
