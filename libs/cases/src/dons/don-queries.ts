import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor, Party } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { toHistoryEntry, type HistoryEntry } from '../queries/case.view';
import { EVENT_STORE } from '../shared/case.tokens';
import { redactParties } from '../shared/redaction';
import { DonNotFoundError } from './don-errors';
import { loadDon } from './don.repository';
import { toDonView, type DonView } from './don.view';

export class GetDonQuery extends Query<DonView> {
  constructor(
    readonly donId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

export class GetDonHistoryQuery extends Query<{ events: HistoryEntry[] }> {
  constructor(
    readonly donId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetDonQuery)
export class GetDonHandler implements IQueryHandler<GetDonQuery, DonView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ donId, actor }: GetDonQuery): Promise<DonView> {
    const loaded = await loadDon(this.store, donId, actor);
    if (loaded.state.status === 'none') throw new DonNotFoundError(donId);
    return toDonView(loaded.state, loaded.events, loaded.revision);
  }
}

/** A đơn's audit trail: every event with its actor and time; sealed identities stay sealed. */
@QueryHandler(GetDonHistoryQuery)
export class GetDonHistoryHandler implements IQueryHandler<GetDonHistoryQuery, { events: HistoryEntry[] }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ donId, actor }: GetDonHistoryQuery): Promise<{ events: HistoryEntry[] }> {
    const loaded = await loadDon(this.store, donId, actor);
    if (loaded.state.status === 'none') throw new DonNotFoundError(donId);
    return {
      events: loaded.recorded.map((recorded) => {
        const entry = toHistoryEntry(recorded);
        return recorded.type === 'DonRegistered' ? { ...entry, data: { ...entry.data, parties: redactParties(recorded.data['parties'] as Party[]) } } : entry;
      }),
    };
  }
}
