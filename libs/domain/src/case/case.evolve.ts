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
    };
  }
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

function evolveExisting(state: ExistingCase, event: Exclude<CaseEvent, { type: 'CaseFiled' }>): CaseState {
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
      return { ...state, stage: event.data.stage };
    case 'InspectorAssigned':
      return { ...state, stage: event.data.stage, inspectorId: event.data.inspectorId };
    case 'CaseWithdrawn':
      return event.data.continueGround
        ? { ...state, continuedAfterWithdrawal: true }
        : { ...state, stage: event.data.stage };
    case 'CaseSuspended':
      return {
        ...state,
        status: 'suspended',
        suspendedOn: event.data.suspendedOn,
        clocks: mapClocks(state.clocks, (c) =>
          c.status === 'running' ? { ...c, status: 'paused', pausedOn: event.data.suspendedOn } : c,
        ),
      };
    case 'CaseResumed': {
      const { suspendedOn: _ignored, ...rest } = state as ExistingCase & { suspendedOn?: string };
      return { ...rest, status: 'active' };
    }
    case 'ComplexityDetermined':
      return { ...state, complexity: { level: event.data.level, criteria: event.data.criteria } };
    case 'DeadlineSet': {
      const previous = state.clocks[event.data.clock];
      const clock: ClockState = {
        status: 'running',
        startedOn: event.data.startedOn,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        basis: event.data.basis,
        extensions: previous ? previous.extensions : 0,
      };
      return { ...state, clocks: { ...state.clocks, [event.data.clock]: clock } };
    }
    case 'DeadlineExtended': {
      const previous = state.clocks[event.data.clock];
      if (!previous) return state;
      const clock: ClockState = {
        ...previous,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        basis: event.data.basis,
        extensions: event.data.extension,
      };
      return { ...state, clocks: { ...state.clocks, [event.data.clock]: clock } };
    }
    case 'DeadlineStopped': {
      const previous = state.clocks[event.data.clock];
      if (!previous) return state;
      const { status: _s, ...kept } = previous;
      const clock: ClockState = {
        ...kept,
        status: 'stopped',
        stoppedOn: event.data.stoppedOn,
        metDeadline: event.data.metDeadline,
      };
      return { ...state, clocks: { ...state.clocks, [event.data.clock]: clock } };
    }
    default:
      return assertNever(event);
  }
}

function mapClocks(clocks: Record<string, ClockState>, f: (c: ClockState) => ClockState): Record<string, ClockState> {
  return Object.fromEntries(Object.entries(clocks).map(([name, c]) => [name, f(c)]));
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

/** Folds a whole stream. */
export function foldCase(events: readonly CaseEvent[]): CaseState {
  return events.reduce<CaseState>(evolve, { status: 'none' });
}
