import { vnDateOf } from '@kntc/workflow';
import type { CaseEvent } from './case.events';
import type { CaseState, ClockState, ExistingCase } from './case.state';

/** Folds one event into the case state. Pure; never fails on an event the decider could have produced. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseFiled') {
    const d = event.data;
    return {
      status: 'active',
      caseId: d.caseId,
      kind: d.kind,
      workflowVersion: d.workflowVersion,
      department: d.department,
      channel: d.channel,
      receivedOn: d.receivedOn,
      subject: d.subject,
      parties: d.parties,
      remoteArea: d.remoteArea,
      stage: d.stage,
      complexity: { level: 'none', criteria: [] },
      clocks: {},
      continuedAfterWithdrawal: false,
      lastActOn: vnDateOf(d.filedAt),
      // `?? []`: a v1 event read without the reader (a test fixture) still folds.
      donIds: [...(d.donIds ?? [])],
      ...(d.matterId !== undefined ? { matterId: d.matterId } : {}),
    };
  }
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

/** When an act happened; clock and deadline events are not acts. */
const ACT_TIME_FIELD: Partial<Record<CaseEvent['type'], string>> = {
  CaseAccepted: 'acceptedAt',
  CaseRejected: 'rejectedAt',
  CaseForwarded: 'forwardedAt',
  InspectorAssigned: 'assignedAt',
  VerificationStarted: 'startedAt',
  VerificationReported: 'reportedAt',
  DialogueHeld: 'heldAt',
  DecisionDrafted: 'draftedAt',
  DecisionIssued: 'issuedAt',
  DecisionSent: 'sentAt',
  ConclusionHandled: 'handledAt',
  ConclusionPublished: 'publishedAt',
  CitizenAnswered: 'answeredAt',
  CaseWithdrawn: 'withdrawnAt',
  CaseSuspended: 'suspendedAt',
  CaseResumed: 'resumedAt',
  CaseTerminated: 'terminatedAt',
  CaseReviewed: 'reviewedAt',
  CaseClosed: 'closedAt',
  ComplexityDetermined: 'determinedAt',
  DeadlineExtended: 'extendedAt',
};

function evolveExisting(current: ExistingCase, event: Exclude<CaseEvent, { type: 'CaseFiled' }>): CaseState {
  const field = ACT_TIME_FIELD[event.type];
  const at = field ? (event.data as unknown as Record<string, unknown>)[field] : undefined;
  const state: ExistingCase = typeof at === 'string' ? { ...current, lastActOn: vnDateOf(at) } : current;
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
      return { ...endSuspension(state), stage: event.data.stage };
    case 'CaseReviewed':
    case 'CaseClosed':
      return { ...state, stage: event.data.stage };
    case 'InspectorAssigned':
      return { ...state, stage: event.data.stage, inspectorId: event.data.inspectorId };
    case 'CaseWithdrawn':
      return event.data.continueGround
        ? { ...state, continuedAfterWithdrawal: true }
        : { ...endSuspension(state), stage: event.data.stage };
    case 'CaseSuspended':
      return { ...state, status: 'suspended', suspendedOn: event.data.suspendedOn, clocks: evolveClocks(state.clocks, event) };
    case 'CaseResumed':
      return endSuspension(state);
    case 'ComplexityDetermined':
      return { ...state, complexity: { level: event.data.level, criteria: event.data.criteria } };
    case 'DonAttached':
      return state.donIds.includes(event.data.donId) ? state : { ...state, donIds: [...state.donIds, event.data.donId] };
    case 'DeadlineSet':
    case 'DeadlineExtended':
    case 'DeadlineStopped':
    case 'DeadlineReminderSent':
    case 'DeadlineMissed': {
      const clocks = evolveClocks(state.clocks, event);
      return clocks === state.clocks ? state : { ...state, clocks };
    }
    case 'CaseEscalated':
      if (event.data.reason === 'stalled') return { ...state, stallFlagged: `${event.data.stage}@${event.data.since}` };
      {
        const clocks = evolveClocks(state.clocks, event);
        return clocks === state.clocks ? state : { ...state, clocks };
      }
    default:
      return assertNever(event);
  }
}

/** Resumed, or ended while suspended: the case is no longer suspended (its stopped clocks stay stopped). */
function endSuspension(state: ExistingCase): ExistingCase {
  if (state.status === 'active') return state;
  const { suspendedOn: _ignored, ...rest } = state as ExistingCase & { suspendedOn?: string };
  return { ...rest, status: 'active' };
}

/**
 * The clock part of the fold: how one event changes a case's statutory clocks. `evolve` uses it, and so do the
 * timers, which keep only the clocks; returns `clocks` itself when the event changes none.
 */
export function evolveClocks(clocks: Readonly<Record<string, ClockState>>, event: CaseEvent): Record<string, ClockState> {
  const get = (name: string) => (Object.hasOwn(clocks, name) ? clocks[name] : undefined);
  const put = (name: string, clock: ClockState) => ({ ...clocks, [name]: clock });
  const update = (name: string, f: (c: ClockState) => ClockState) => {
    const clock = get(name);
    return clock ? put(name, f(clock)) : clocks;
  };
  switch (event.type) {
    case 'CaseSuspended':
      return mapClocks(clocks, (c) => (c.status === 'running' ? { ...c, status: 'paused', pausedOn: event.data.suspendedOn } : c));
    case 'DeadlineSet': {
      const previous = get(event.data.clock);
      return put(event.data.clock, {
        status: 'running',
        startedOn: event.data.startedOn,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        basis: event.data.basis,
        extensions: previous ? previous.extensions : 0,
        ...(event.data.overdue
          ? {
              remindersSent: previous?.remindersSent ?? [],
              missed: event.data.overdue.missed,
              escalationLevel: event.data.overdue.escalationLevel,
              ...(event.data.overdue.escalationLevel > 0 ? { escalatedOn: event.data.startedOn } : {}),
            }
          : FRESH_DUE_DATE),
      });
    }
    case 'DeadlineExtended': {
      const previous = get(event.data.clock);
      if (!previous) return clocks;
      const { escalatedOn: _escalatedOn, ...kept } = previous;
      return put(event.data.clock, {
        ...kept,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        basis: event.data.basis,
        extensions: event.data.extension,
        ...FRESH_DUE_DATE,
      });
    }
    case 'DeadlineStopped': {
      const previous = get(event.data.clock);
      if (!previous) return clocks;
      const { status: _s, ...kept } = previous;
      return put(event.data.clock, { ...kept, status: 'stopped', stoppedOn: event.data.stoppedOn, metDeadline: event.data.metDeadline });
    }
    case 'DeadlineReminderSent':
      return update(event.data.clock, (c) => ({ ...c, remindersSent: [...c.remindersSent, event.data.workingDaysBefore] }));
    case 'DeadlineMissed':
      return update(event.data.clock, (c) => ({ ...c, missed: true }));
    case 'CaseEscalated':
      return event.data.reason === 'stalled'
        ? clocks
        : update(event.data.clock ?? '', (c) => ({ ...c, escalationLevel: event.data.level, escalatedOn: vnDateOf(event.data.escalatedAt) }));
    default:
      return clocks;
  }
}

/** A new due date starts with no reminder sent, not missed, not escalated. */
const FRESH_DUE_DATE = { remindersSent: [], missed: false, escalationLevel: 0 };

function mapClocks(clocks: Readonly<Record<string, ClockState>>, f: (c: ClockState) => ClockState): Record<string, ClockState> {
  return Object.fromEntries(Object.entries(clocks).map(([name, c]) => [name, f(c)]));
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

/** Folds a whole stream. */
export function foldCase(events: readonly CaseEvent[]): CaseState {
  return events.reduce<CaseState>(evolve, { status: 'none' });
}
