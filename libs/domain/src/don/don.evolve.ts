import { vnDateOf } from '@kntc/workflow';
import { assertNever } from '../case/case.evolve';
import type { DonEvent } from './don.events';
import type { DonState, ExistingDon } from './don.state';

/** Folds one event into the đơn's state. Pure. */
export function evolveDon(state: DonState, event: DonEvent): DonState {
  if (event.type === 'DonRegistered') {
    const d = event.data;
    return {
      status: 'open',
      donId: d.donId,
      department: d.department,
      matterId: d.matterId,
      source: d.source,
      receivedOn: d.receivedOn,
      anonymous: d.anonymous,
      signers: d.signers,
      ...(d.citizenKey !== undefined ? { citizenKey: d.citizenKey } : {}),
      ...(d.processingDueOn !== undefined ? { processingDueOn: d.processingDueOn } : {}),
      caseIds: [],
      urged: 0,
    };
  }
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

function evolveExisting(state: ExistingDon, event: Exclude<DonEvent, { type: 'DonRegistered' }>): DonState {
  const processed = (on: string, more: Partial<ExistingDon> = {}): ExistingDon => ({
    ...state,
    ...more,
    status: 'processed',
    // The first outcome ends processing; a later one (an urging after an urging) keeps its date.
    outcome: state.status === 'processed' ? state.outcome : { type: event.type, on },
  });
  switch (event.type) {
    case 'DonClassified': {
      const { donId: _d, at: _a, ...classification } = event.data;
      return { ...state, classification };
    }
    case 'DonAcceptedIntoCase':
      return processed(vnDateOf(event.data.at), { caseIds: [...state.caseIds, event.data.caseId], matterId: event.data.matterId });
    case 'DonAttachedToCase':
      return processed(vnDateOf(event.data.at), { caseIds: [...state.caseIds, event.data.caseId], matterId: event.data.matterId });
    case 'DonAttachedToDon':
      return processed(vnDateOf(event.data.at), { matterId: event.data.matterId });
    case 'CitizenGuided':
    case 'DonForwarded':
    case 'DonSplitRequested':
    case 'DonArchived':
      return processed(event.data.documentDate);
    case 'LowerLevelUrged':
      return processed(event.data.documentDate, { urged: state.urged + 1 });
    case 'ReferrerAnswered':
      return { ...state, referrerAnswered: { on: event.data.documentDate, late: event.data.late } };
    default:
      return assertNever(event);
  }
}

export function foldDon(events: readonly DonEvent[]): DonState {
  return events.reduce<DonState>(evolveDon, { status: 'none' });
}
