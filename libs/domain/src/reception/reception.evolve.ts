import type { LocalDate } from '@kntc/workflow';
import type { ReceptionEvent, VisitRecorded } from './reception.events';
import type { ReceptionKind } from './reception.values';

export interface ScheduleEntry {
  date: LocalDate;
  /** Set while the current date is posted; a postponement clears it until the new date is posted. */
  published?: { publishedOn: LocalDate; workingDaysAhead: number; late: boolean };
  postponements: number;
}

interface SessionFields {
  sessionId: string;
  department: string;
  kind: ReceptionKind;
  date: LocalDate;
  place: string;
  leader?: string;
}

export type ReceptionState =
  | { status: 'none' }
  | ({ status: 'planned'; schedule: ScheduleEntry } & SessionFields)
  | ({ status: 'cancelled'; schedule: ScheduleEntry; reason: string } & SessionFields)
  | ({ status: 'open' | 'closed'; schedule?: ScheduleEntry; receivedBy: string; visits: Array<VisitRecorded['data']>; conclusion?: { documentNo: string; documentDate: LocalDate } } & SessionFields);

export type ReceptionStatus = ReceptionState['status'];

export const INITIAL_RECEPTION_STATE: ReceptionState = { status: 'none' };

export function evolveReception(state: ReceptionState, event: ReceptionEvent): ReceptionState {
  switch (event.type) {
    case 'ReceptionSessionPlanned': {
      const { plannedAt: _plannedAt, ...fields } = event.data;
      return { status: 'planned', ...fields, schedule: { date: fields.date, postponements: 0 } };
    }
    case 'ReceptionSessionPublished': {
      if (state.status !== 'planned') return state;
      const { publishedOn, workingDaysAhead, late } = event.data;
      return { ...state, schedule: { ...state.schedule, published: { publishedOn, workingDaysAhead, late } } };
    }
    case 'ReceptionSessionPostponed': {
      if (state.status !== 'planned') return state;
      return { ...state, date: event.data.newDate, schedule: { date: event.data.newDate, postponements: state.schedule.postponements + 1 } };
    }
    case 'ReceptionSessionCancelled':
      return state.status === 'planned' ? { ...state, status: 'cancelled', reason: event.data.reason } : state;
    case 'ReceptionSessionOpened': {
      const { openedAt: _openedAt, planned: _planned, receivedBy, ...fields } = event.data;
      const schedule = state.status === 'planned' ? state.schedule : undefined;
      return { status: 'open', ...fields, ...(schedule ? { schedule } : {}), receivedBy, visits: [] };
    }
    case 'VisitRecorded':
      return state.status === 'open' ? { ...state, visits: [...state.visits, event.data] } : state;
    case 'ReceptionConclusionIssued':
      return state.status === 'open' ? { ...state, conclusion: { documentNo: event.data.documentNo, documentDate: event.data.documentDate } } : state;
    case 'ReceptionSessionClosed':
      return state.status === 'open' ? { ...state, status: 'closed' } : state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown reception event ${JSON.stringify(unknown)}`);
    }
  }
}

export function foldReception(events: readonly ReceptionEvent[]): ReceptionState {
  return events.reduce(evolveReception, INITIAL_RECEPTION_STATE);
}
