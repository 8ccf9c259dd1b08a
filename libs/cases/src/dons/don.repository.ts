import { canSeeDepartment } from '@kntc/auth';
import {
  foldDon,
  foldMatter,
  isDonEventType,
  isMatterEventType,
  type Actor,
  type DonEvent,
  type DonState,
  type MatterEvent,
  type MatterState,
} from '@kntc/domain';
import type { EventStore, RecordedEvent } from '@kntc/event-store';
import { DonNotFoundError } from './don-errors';
import { donStream, matterStream } from './don-streams';

export interface Loaded<S, E> {
  recorded: RecordedEvent[];
  events: E[];
  state: S;
  /** Revision of the last event; -1 when the stream does not exist yet. */
  revision: number;
}

const revisionOf = (recorded: RecordedEvent[]) => (recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision);

/** Reads a đơn stream and folds it; a đơn outside the actor's departments reads as absent (404). */
export async function loadDon(store: EventStore, donId: string, actor: Actor): Promise<Loaded<DonState, DonEvent>> {
  const recorded = await store.readStream(donStream(donId));
  // Every đơn event is at version 1: no upcaster yet.
  const events = recorded.filter((r) => isDonEventType(r.type)).map((r) => ({ type: r.type, data: r.data }) as DonEvent);
  const state = foldDon(events);
  if (state.status !== 'none' && !canSeeDepartment(actor, state.department)) throw new DonNotFoundError(donId);
  return { recorded, events, state, revision: revisionOf(recorded) };
}

/** A matter links đơn and cases across departments; it holds no personal data, only ids and keyed hashes. */
export async function loadMatter(store: EventStore, matterId: string): Promise<Loaded<MatterState, MatterEvent>> {
  const recorded = await store.readStream(matterStream(matterId));
  const events = recorded.filter((r) => isMatterEventType(r.type)).map((r) => ({ type: r.type, data: r.data }) as MatterEvent);
  return { recorded, events, state: foldMatter(events), revision: revisionOf(recorded) };
}
