import type { Actor, ReceptionKind, VisitRecorded } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { LocalDate } from '@kntc/workflow';
import { ReceptionSessionNotFoundError } from '../reception/reception.errors';
import { ReceptionSessionRepository } from '../reception/reception-session.repository';
import type { DonView } from './don.view';

/** The visit a đơn was received at, as the đơn's page shows it: no visitor's identity, only what the register says of the visit. */
export type DonReceptionVisit = Omit<VisitRecorded['data'], 'parties'> & { sessionDate: LocalDate; sessionKind: ReceptionKind };

/**
 * The visit of a đơn received at a reception session, read from the session's stream through the registration's
 * `source.receptionId` (and `visitNo`, else the visit whose outcome names the đơn): the link is kept on the read
 * side, so neither stream writes to the other. Undefined for another source, or a session the actor may not see.
 */
export async function receptionVisitOfDon(store: EventStore, view: Pick<DonView, 'donId' | 'source'>, actor: Actor): Promise<DonReceptionVisit | undefined> {
  const { receptionId, visitNo } = view.source;
  if (view.source.kind !== 'reception' || receptionId === undefined) return undefined;
  let session;
  try {
    session = (await new ReceptionSessionRepository(store).load(receptionId, actor)).state;
  } catch (error) {
    if (error instanceof ReceptionSessionNotFoundError) return undefined;
    throw error;
  }
  if (session.status !== 'open' && session.status !== 'closed') return undefined;
  const visit = session.visits.find((v) => (visitNo !== undefined ? v.visitNo === visitNo : v.outcome.donId === view.donId));
  if (visit === undefined) return undefined;
  const { parties: _identities, ...recorded } = visit;
  return { ...recorded, sessionDate: session.date, sessionKind: session.kind };
}
