import { assertNever } from '../case/case.evolve';
import type { MatterEvent } from './matter.events';
import { guidanceKey, type MatterState } from './matter.state';

export function evolveMatter(state: MatterState, event: MatterEvent): MatterState {
  if (event.type === 'MatterOpened') {
    return { status: 'open', matterId: event.data.matterId, department: event.data.department, donIds: [], caseIds: [], guidance: {}, forwarding: {} };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DonLinkedToMatter':
      return state.donIds.includes(event.data.donId) ? state : { ...state, donIds: [...state.donIds, event.data.donId] };
    case 'CaseLinkedToMatter':
      return state.caseIds.includes(event.data.caseId) ? state : { ...state, caseIds: [...state.caseIds, event.data.caseId] };
    case 'GuidanceRecorded':
      return { ...state, guidance: { ...state.guidance, [guidanceKey(event.data.citizenKey, event.data.content)]: event.data.donId } };
    case 'ForwardingRecorded':
      return { ...state, forwarding: { ...state.forwarding, [event.data.contentKey]: event.data.donId } };
    default:
      return assertNever(event);
  }
}

export function foldMatter(events: readonly MatterEvent[]): MatterState {
  return events.reduce<MatterState>(evolveMatter, { status: 'none' });
}
