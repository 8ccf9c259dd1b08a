import { isSealedParty, REDACTED_IDENTITY_NAME } from '@kntc/auth';
import { RECEPTION_KIND_LABELS, type Party, type ReceptionState, type VisitRecorded } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';

export type VisitView = Omit<VisitRecorded['data'], 'parties'> & { parties: Array<Pick<Party, 'role' | 'name' | 'confidential'>> };

/** A session as the API shows it; visitors' identities are always redacted here (the book reveals them to cleared roles). */
export interface ReceptionSessionView {
  sessionId: string;
  revision: number;
  status: Exclude<ReceptionState['status'], 'none'>;
  department: string;
  kind: string;
  kindLabel: string;
  date: LocalDate;
  place: string;
  leader?: string;
  schedule?: { date: LocalDate; published?: { publishedOn: LocalDate; workingDaysAhead: number; late: boolean }; postponements: number };
  cancelReason?: string;
  receivedBy?: string;
  visits: VisitView[];
  conclusion?: { documentNo: string; documentDate: LocalDate };
}

export function receptionSessionView(state: Exclude<ReceptionState, { status: 'none' }>, revision: number): ReceptionSessionView {
  const { sessionId, department, kind, date, place, leader } = state;
  return {
    sessionId,
    revision,
    status: state.status,
    department,
    kind,
    kindLabel: RECEPTION_KIND_LABELS[kind],
    date,
    place,
    ...(leader !== undefined ? { leader } : {}),
    ...(state.schedule !== undefined ? { schedule: state.schedule } : {}),
    ...(state.status === 'cancelled' ? { cancelReason: state.reason } : {}),
    ...(state.status === 'open' || state.status === 'closed'
      ? { receivedBy: state.receivedBy, visits: state.visits.map(redactVisit), ...(state.conclusion ? { conclusion: state.conclusion } : {}) }
      : { visits: [] }),
  };
}

function redactVisit(visit: VisitRecorded['data']): VisitView {
  return {
    ...visit,
    parties: visit.parties.map((party) => ({ role: party.role, name: party.confidential || isSealedParty(party) ? REDACTED_IDENTITY_NAME : party.name, confidential: party.confidential })),
  };
}
