import { setImmediate } from 'node:timers/promises';
import { sessionIdOfStream } from '@kntc/domain';
import type { EventStore, Position } from '@kntc/event-store';
import { donFactEvent, type DonFacts } from '../report-facts/don-facts';
import { applyReceptionEvent, type ReceptionFacts } from '../report-facts/reception-facts';
import { toProjectedEvent } from '../shared/projected-event';
import { donProcessingFigures, receptionFigures, type DonProcessingFigures, type DonReportWindow, type ReceptionFigures } from './don-report';

const PAGE_SIZE = 250;

/**
 * The reception and đơn-processing figures by scanning the store's đơn and reception streams up to `head`: what the
 * don-facts and reception-facts projections hold, made the same way (their pure functions), for the report without
 * Redis and as the reference the projections are tested against.
 */
export async function donAndReceptionFiguresFromStore(
  store: Pick<EventStore, 'readAll'>,
  department: string,
  window: DonReportWindow,
  head: Position,
): Promise<{ reception: ReceptionFigures; dons: DonProcessingFigures }> {
  const dons = new Map<string, { department?: string; facts: DonFacts }>();
  for await (const projected of scan(store, 'don-', head)) {
    const don = projected.don;
    if (don === undefined) continue;
    const entry = dons.get(don.data.donId) ?? { facts: { events: [] } };
    if (don.type === 'DonRegistered') entry.department = don.data.department;
    entry.facts.events.push(donFactEvent(don, projected));
    dons.set(don.data.donId, entry);
  }
  const sessions = new Map<string, { department?: string; facts?: ReceptionFacts }>();
  for await (const projected of scan(store, 'reception-', head)) {
    const sessionId = sessionIdOfStream(projected.stream);
    if (sessionId === undefined || projected.reception === undefined) continue;
    const entry = sessions.get(sessionId) ?? {};
    if (projected.reception.type === 'ReceptionSessionOpened') entry.department = projected.reception.data.department;
    const facts = applyReceptionEvent(entry.facts, projected);
    sessions.set(sessionId, { ...entry, ...(facts !== undefined ? { facts } : {}) });
  }
  return {
    reception: receptionFigures(
      [...sessions.values()].flatMap((s) => (s.department === department && s.facts !== undefined ? [s.facts] : [])),
      window,
    ),
    dons: donProcessingFigures(
      [...dons.values()].flatMap((d) => (d.department === department ? [d.facts] : [])),
      window,
    ),
  };
}

async function* scan(store: Pick<EventStore, 'readAll'>, streamPrefix: string, head: Position) {
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ streamPrefix, limit: PAGE_SIZE, ...(after !== undefined ? { after } : {}) });
    for (const recorded of page) {
      if (recorded.position > head) return;
      yield toProjectedEvent(recorded);
    }
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1]!.position;
    await setImmediate();
  }
}
