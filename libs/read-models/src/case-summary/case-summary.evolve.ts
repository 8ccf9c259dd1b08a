import { redactParty } from '@kntc/cases';
import type { CaseEvent, CaseFiled, Party } from '@kntc/domain';
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
  const next = applyEvent(NOT_ACTS.has(event.type) ? row : withoutStall(row), event, workflowOf(ctx, row.kind, row.workflowVersion));
  return { ...next, lastChangedAt: projected.occurredAt, revision: projected.revision, position: projected.position.toString() };
}

/** Events of the clocks and the deadline workers; every other event is an act on the case, which ends a stall. */
const NOT_ACTS: ReadonlySet<CaseEvent['type']> = new Set(['DeadlineSet', 'DeadlineStopped', 'DeadlineReminderSent', 'DeadlineMissed', 'CaseEscalated']);

function withoutStall(row: CaseRow): CaseRow {
  if (row.stalled === undefined) return row;
  const { stalled: _ended, ...rest } = row;
  return rest;
}

function applyEvent(row: CaseRow, event: Exclude<CaseEvent, CaseFiled>, workflow: WorkflowDefinition | undefined): CaseRow {
  switch (event.type) {
    case 'CaseAccepted':
    case 'CaseRejected':
    case 'CaseForwarded':
    case 'VerificationStarted':
    case 'VerificationReported':
    case 'DialogueHeld':
    case 'DecisionDrafted':
    case 'DecisionIssued':
    case 'DecisionSent':
    case 'ConclusionHandled':
    case 'ConclusionPublished':
    case 'CitizenAnswered':
    case 'CaseTerminated':
    case 'CaseReviewed':
    case 'CaseClosed':
      return withStage(row, event.data.stage, workflow);
    case 'InspectorAssigned': {
      const { inspectorName: _previous, ...rest } = withStage(row, event.data.stage, workflow);
      return {
        ...rest,
        inspectorId: event.data.inspectorId,
        ...(event.data.inspectorName !== undefined ? { inspectorName: event.data.inspectorName.normalize('NFC') } : {}),
      };
    }
    case 'CaseWithdrawn':
      // Luật Tố cáo 2018, art. 33(3): a continued denunciation keeps its stage and clocks.
      return event.data.continueGround ? { ...row, continuedAfterWithdrawal: true } : withStage(row, event.data.stage, workflow);
    case 'CaseSuspended':
      return {
        ...row,
        suspended: true,
        suspendedOn: event.data.suspendedOn,
        clocks: row.clocks.map((c) => (c.status === 'running' ? { ...c, status: 'paused', pausedOn: event.data.suspendedOn } : c)),
      };
    case 'CaseResumed': {
      const { suspendedOn: _ended, ...rest } = row;
      return { ...rest, suspended: false };
    }
    case 'ComplexityDetermined':
      return { ...row, complexity: event.data.level };
    case 'DeadlineSet': {
      const previous = row.clocks.find((c) => c.clock === event.data.clock);
      return upsertClock(row, {
        clock: event.data.clock,
        label: workflow?.clocks[event.data.clock]?.label ?? event.data.clock,
        status: 'running',
        startedOn: event.data.startedOn,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        extensions: previous?.extensions ?? 0,
        provisional: event.data.basis.provisional,
        // Resumed after its due date: still missed, at the escalation level it had reached.
        ...(event.data.overdue ? { missed: event.data.overdue.missed, escalationLevel: event.data.overdue.escalationLevel } : FRESH_DUE_DATE),
      });
    }
    case 'DeadlineExtended': {
      const previous = row.clocks.find((c) => c.clock === event.data.clock);
      if (!previous) return row;
      return upsertClock(row, {
        ...previous,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        extensions: event.data.extension,
        provisional: event.data.basis.provisional,
        ...FRESH_DUE_DATE,
      });
    }
    case 'DeadlineStopped': {
      const previous = row.clocks.find((c) => c.clock === event.data.clock);
      if (!previous) return row;
      const { pausedOn: _paused, ...kept } = previous;
      return upsertClock(row, { ...kept, status: 'stopped', stoppedOn: event.data.stoppedOn, metDeadline: event.data.metDeadline });
    }
    case 'DeadlineReminderSent':
      return row;
    case 'DeadlineMissed':
      return updateClock(row, event.data.clock, (c) => ({ ...c, missed: true }));
    case 'CaseEscalated': {
      if (event.data.reason === 'stalled') {
        const since = event.data.since;
        return { ...row, stalled: { stage: event.data.stage ?? row.stage, ...(since !== undefined ? { since } : {}), level: event.data.level } };
      }
      const level = event.data.level;
      return event.data.clock === undefined ? row : updateClock(row, event.data.clock, (c) => ({ ...c, escalationLevel: level }));
    }
    default: {
      const unknown: never = event;
      throw new Error(`case-summary: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
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

function withStage(row: CaseRow, stage: string, workflow: WorkflowDefinition | undefined): CaseRow {
  return { ...row, stage, stageLabel: workflow?.stages[stage]?.label ?? stage, final: workflow?.stages[stage]?.final === true };
}

/** A new due date starts not missed and not escalated. */
const FRESH_DUE_DATE = { missed: false, escalationLevel: 0 } as const;

function updateClock(row: CaseRow, name: string, f: (clock: ClockRow) => ClockRow): CaseRow {
  const clock = row.clocks.find((c) => c.clock === name);
  return clock ? upsertClock(row, f(clock)) : row;
}

function upsertClock(row: CaseRow, clock: ClockRow): CaseRow {
  const index = row.clocks.findIndex((c) => c.clock === clock.clock);
  const clocks = index < 0 ? [...row.clocks, clock] : row.clocks.map((c, i) => (i === index ? clock : c));
  return { ...row, clocks };
}

function workflowOf(ctx: CaseRowContext, kind: string, version: number): WorkflowDefinition | undefined {
  return ctx.workflows.has(kind, version) ? ctx.workflows.get(kind, version) : undefined;
}
