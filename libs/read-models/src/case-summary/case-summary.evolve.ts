import { redactParty } from '@kntc/cases';
import { caseProgressOf, evolve, type CaseEvent, type CaseFiled, type ClockFact, type ClockState, type DeadlineBasis, type ExistingCase, type Party } from '@kntc/domain';
import type { WorkflowDefinition, WorkflowRegistry } from '@kntc/workflow';
import type { ProjectedEvent } from '../shared/projected-event';
import type { CaseRow, ClockRow, PartyRow } from './case-row';

/** What the fold needs besides the events: the workflows give the Vietnamese labels of kinds, stages and clocks. */
export interface CaseRowContext {
  workflows: WorkflowRegistry;
}

/**
 * Folds one event into the stored summary of its case. Pure. An event at or below the row's revision was
 * already applied and changes nothing; so does an event of a case whose filing was never seen.
 */
export function evolveCaseRow(row: CaseRow | undefined, projected: ProjectedEvent, ctx: CaseRowContext): CaseRow | undefined {
  const event = projected.event;
  if (event === undefined) return row;
  if (row !== undefined && projected.revision <= row.revision) return row;
  if (event.type === 'CaseFiled') return row ?? filedRow(event, projected, ctx);
  if (row === undefined) return undefined;
  const before = folded !== undefined && row === folded.row ? folded.state : caseStateOfRow(row);
  const after = evolve(before, event);
  if (after.status === 'none') return row;
  const next = applyEvent(row, before, after, event, projected, workflowOf(ctx, row.kind, row.workflowVersion));
  folded = { row: next, state: after };
  return next;
}

/**
 * The domain state the last row made was folded to: a batch folds a case's events one after the other into the
 * row just made, so the state is rebuilt from the row once per case and batch. A cache only: same rows without it.
 */
let folded: { row: CaseRow; state: ExistingCase } | undefined;

/** Events of the clocks and the deadline workers; every other event is an act on the case, which ends a stall. */
const NOT_ACTS: ReadonlySet<CaseEvent['type']> = new Set(['DeadlineSet', 'DeadlineStopped', 'DeadlineReminderSent', 'DeadlineMissed', 'CaseEscalated']);

/**
 * Status, stage, clocks, inspector, complexity and the continued-withdrawal flag come from the domain's own fold
 * (evolve, then caseProgressOf), so the row cannot disagree with the case; the row adds labels, the inspector's
 * name and the stall flag. One copy of the row per event: projections replay millions of them.
 */
function applyEvent(
  row: CaseRow,
  before: ExistingCase,
  after: ExistingCase,
  event: Exclude<CaseEvent, CaseFiled>,
  projected: ProjectedEvent,
  workflow: WorkflowDefinition | undefined,
): CaseRow {
  const next: CaseRow = {
    ...row,
    ...(after.stage === row.stage ? {} : stageFields(after.stage, workflow)),
    suspended: after.status === 'suspended',
    ...(after.status === 'suspended' ? { suspendedOn: after.suspendedOn } : {}),
    ...(after.inspectorId !== undefined ? { inspectorId: after.inspectorId } : {}),
    complexity: after.complexity.level,
    continuedAfterWithdrawal: after.continuedAfterWithdrawal,
    // Clock rows are remade (caseProgressOf) only when the domain's clocks changed.
    clocks: after.clocks === before.clocks ? row.clocks : caseProgressOf(after).clocks.map((fact) => clockRowOf(fact, after.clocks[fact.clock]!, row, workflow)),
    lastChangedAt: projected.occurredAt,
    revision: projected.revision,
    position: projected.position.toString(),
  };
  if (after.status !== 'suspended' && next.suspendedOn !== undefined) delete next.suspendedOn;
  if (!NOT_ACTS.has(event.type) && next.stalled !== undefined) delete next.stalled;
  if (event.type === 'InspectorAssigned') {
    if (event.data.inspectorName !== undefined) next.inspectorName = event.data.inspectorName.normalize('NFC');
    else delete next.inspectorName;
  }
  if (event.type === 'CaseEscalated' && event.data.reason === 'stalled') {
    const since = event.data.since;
    next.stalled = { stage: event.data.stage ?? row.stage, ...(since !== undefined ? { since } : {}), level: event.data.level };
  }
  return next;
}

/**
 * The domain state the row stands for, as far as the parts it shows go: evolve reads only status, suspension,
 * stage, clocks and the flags kept in the row; the rest (parties, subject) never reaches Redis and is left empty.
 */
export function caseStateOfRow(row: CaseRow): ExistingCase {
  const details = {
    caseId: row.caseId,
    kind: row.kind,
    workflowVersion: row.workflowVersion,
    department: row.department,
    channel: row.channel,
    receivedOn: row.receivedOn,
    subject: '',
    parties: [],
    remoteArea: false,
    stage: row.stage,
    ...(row.inspectorId !== undefined ? { inspectorId: row.inspectorId } : {}),
    complexity: { level: row.complexity, criteria: [] },
    clocks: Object.fromEntries(row.clocks.map((c) => [c.clock, clockStateOfRow(c)])),
    continuedAfterWithdrawal: row.continuedAfterWithdrawal,
    lastActOn: row.receivedOn,
    donIds: [],
  };
  return row.suspended && row.suspendedOn !== undefined ? { ...details, status: 'suspended', suspendedOn: row.suspendedOn } : { ...details, status: 'active' };
}

function clockStateOfRow(c: ClockRow): ClockState {
  const base = {
    startedOn: c.startedOn,
    dueDate: c.dueDate,
    dueAt: c.dueAt,
    // Only `provisional` of the basis is shown; evolve copies the basis, never reads it.
    basis: { provisional: c.provisional } as DeadlineBasis,
    extensions: c.extensions,
    remindersSent: c.remindersSent ?? [],
    missed: c.missed,
    escalationLevel: c.escalationLevel,
    ...(c.escalatedOn !== undefined ? { escalatedOn: c.escalatedOn } : {}),
  };
  if (c.status === 'stopped') return { ...base, status: 'stopped', stoppedOn: c.stoppedOn ?? c.startedOn, metDeadline: c.metDeadline ?? false };
  if (c.status === 'paused') return { ...base, status: 'paused', pausedOn: c.pausedOn ?? c.startedOn };
  return { ...base, status: 'running' };
}

function clockRowOf(fact: ClockFact, state: ClockState, row: CaseRow, workflow: WorkflowDefinition | undefined): ClockRow {
  const { clock, ...rest } = fact;
  const label = row.clocks.find((c) => c.clock === clock)?.label ?? workflow?.clocks[clock]?.label ?? clock;
  return {
    clock,
    label,
    ...rest,
    ...(state.remindersSent.length > 0 ? { remindersSent: state.remindersSent } : {}),
    ...(state.escalatedOn !== undefined ? { escalatedOn: state.escalatedOn } : {}),
  };
}

function filedRow(event: CaseFiled, projected: ProjectedEvent, ctx: CaseRowContext): CaseRow {
  const d = event.data;
  const workflow = workflowOf(ctx, d.kind, d.workflowVersion);
  const parties = d.parties.map(toPartyRow);
  return {
    caseId: d.caseId,
    kind: d.kind,
    kindLabel: workflow?.name ?? d.kind,
    workflowVersion: d.workflowVersion,
    department: d.department,
    stage: d.stage,
    stageLabel: workflow?.stages[d.stage]?.label ?? d.stage,
    final: workflow?.stages[d.stage]?.final === true,
    suspended: false,
    channel: d.channel,
    receivedOn: d.receivedOn,
    subject: d.subject.normalize('NFC'),
    ...(d.referenceNo !== undefined ? { referenceNo: d.referenceNo.normalize('NFC') } : {}),
    parties,
    hasConfidentialParties: parties.some((p) => p.confidential),
    complexity: 'none',
    continuedAfterWithdrawal: false,
    clocks: [],
    filedAt: d.filedAt,
    lastChangedAt: projected.occurredAt,
    revision: projected.revision,
    position: projected.position.toString(),
  };
}

/** Only role and name are kept, and for a confidential party only the redacted placeholder. */
function toPartyRow(party: Party): PartyRow {
  const shown = redactParty(party);
  return { role: shown.role, name: shown.name.normalize('NFC'), confidential: shown.confidential };
}

function stageFields(stage: string, workflow: WorkflowDefinition | undefined): Pick<CaseRow, 'stage' | 'stageLabel' | 'final'> {
  return { stage, stageLabel: workflow?.stages[stage]?.label ?? stage, final: workflow?.stages[stage]?.final === true };
}

function workflowOf(ctx: CaseRowContext, kind: string, version: number): WorkflowDefinition | undefined {
  return ctx.workflows.has(kind, version) ? ctx.workflows.get(kind, version) : undefined;
}
