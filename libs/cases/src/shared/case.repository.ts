import { foldCase, readCaseEvent, type Actor, type CaseEvent, type CaseState } from '@kntc/domain';
import type { EventStore, RecordedEvent } from '@kntc/event-store';
import { canSeeDepartment } from '@kntc/auth';
import { caseStream } from './case-stream';
import { CaseNotFoundError } from './case-errors';

export interface LoadedCase {
  recorded: RecordedEvent[];
  events: CaseEvent[];
  state: CaseState;
  /** Revision of the last event; -1 when the case does not exist yet. */
  revision: number;
}

/** A case as one revision left it: what a view of it needs, without its recorded events. */
export type CaseSnapshot = Pick<LoadedCase, 'events' | 'state' | 'revision'>;

/** Reads a case stream and folds it; a case outside the actor's departments reads as absent. */
export class CaseRepository {
  constructor(private readonly store: EventStore) {}

  async load(caseId: string, actor: Actor): Promise<LoadedCase> {
    const recorded = await this.store.readStream(caseStream(caseId));
    const events = recorded.map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
    const state = foldCase(events);
    if (state.status !== 'none' && !canSeeDepartment(actor, state.department)) throw new CaseNotFoundError(caseId);
    return { recorded, events, state, revision: recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision };
  }
}
