import { foldReception, readReceptionEvent, receptionStream, type Actor, type ReceptionEvent, type ReceptionState } from '@kntc/domain';
import type { EventStore, RecordedEvent } from '@kntc/event-store';
import { canSeeDepartment } from '@kntc/auth';
import { ReceptionSessionNotFoundError } from './reception.errors';

export interface LoadedSession {
  recorded: RecordedEvent[];
  events: ReceptionEvent[];
  state: ReceptionState;
  /** Revision of the last event; -1 when the session does not exist yet. */
  revision: number;
}

/** Reads a session stream and folds it; a session outside the actor's departments reads as absent. */
export class ReceptionSessionRepository {
  constructor(private readonly store: EventStore) {}

  async load(sessionId: string, actor: Actor): Promise<LoadedSession> {
    const recorded = await this.store.readStream(receptionStream(sessionId));
    const events = recorded.map(readReceptionEvent).filter((e): e is ReceptionEvent => e !== undefined);
    const state = foldReception(events);
    if (state.status !== 'none' && !canSeeDepartment(actor, state.department)) throw new ReceptionSessionNotFoundError(sessionId);
    return { recorded, events, state, revision: recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision };
  }
}
