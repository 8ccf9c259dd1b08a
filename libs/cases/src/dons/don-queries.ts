import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationError, canSeeConfidentialIdentity, CaseIdentityVault } from '@kntc/auth';
import { foldDon, type Actor, type ExistingDon, type Party } from '@kntc/domain';
import { verifyStreamChain, type ChainStatus, type EventStore, type RecordedEvent } from '@kntc/event-store';
import { IdentityAccessLog, type AccessLog } from '../identity/identity-access.log';
import type { IdentityReveal } from '../queries/get-case.query';
import { CLOCK, type Clock } from '../shared/clock';
import { toHistoryEntry, type HistoryEntry } from '../queries/case.view';
import { EVENT_STORE, IDENTITY_VAULT } from '../shared/case.tokens';
import { redactParties } from '../shared/redaction';
import { DonNotFoundError } from './don-errors';
import { loadDon } from './don.repository';
import { receptionVisitOfDon } from './don-reception-visit';
import { donStream } from './don-streams';
import { toDonView, type DonView } from './don.view';

/** A đơn's audit trail and whether its hash chain holds. */
export interface DonHistory {
  chain: ChainStatus;
  events: HistoryEntry[];
}

export class GetDonQuery extends Query<DonView> {
  constructor(
    readonly donId: string,
    readonly actor: Actor,
    /** Decrypt the confidential identities for a cleared role of the đơn's department, recording the read. */
    readonly reveal?: IdentityReveal,
    /** The đơn as it was at this revision (a command's answer, repeated identically on a retry); default: now. */
    readonly atRevision?: number,
  ) {
    super();
  }
}

export class GetDonHistoryQuery extends Query<DonHistory> {
  constructor(
    readonly donId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Who revealed the đơn's confidential identities, when and why (its stream `access-<donId>`), as for a case. */
export class GetDonIdentityAccessLogQuery extends Query<AccessLog> {
  constructor(
    readonly donId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetDonQuery)
export class GetDonHandler implements IQueryHandler<GetDonQuery, DonView> {
  private readonly accessLog: IdentityAccessLog;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.accessLog = new IdentityAccessLog(store);
  }

  async execute({ donId, actor, reveal, atRevision }: GetDonQuery): Promise<DonView> {
    const loaded = await loadDon(this.store, donId, actor);
    if (loaded.state.status === 'none') throw new DonNotFoundError(donId);
    const events = atRevision === undefined ? loaded.events : loaded.events.slice(0, loaded.recorded.filter((r) => r.revision <= atRevision).length);
    const state = atRevision === undefined ? loaded.state : foldDon(events);
    if (state.status === 'none') throw new DonNotFoundError(donId);
    let view = toDonView(state, events, atRevision ?? loaded.revision);
    // A command's answer is the đơn stream alone: a retry of the key answers the same body whatever the session holds.
    if (atRevision === undefined) {
      const visit = await receptionVisitOfDon(this.store, view, actor);
      if (visit !== undefined) view = { ...view, visit };
    }
    if (reveal === undefined) return view;
    return { ...view, parties: await this.reveal(loaded.state, loaded.recorded, actor, reveal) };
  }

  /**
   * As for a case: a cleared role of the đơn's own department, with a reason recorded in the access stream of the
   * đơn (`access-<donId>`) before anything is decrypted (Luật Tố cáo 2018, art. 56).
   */
  private async reveal(state: ExistingDon, recorded: RecordedEvent[], actor: Actor, reveal: IdentityReveal): Promise<Party[]> {
    if (!canSeeConfidentialIdentity(actor.role) || actor.department !== state.department) throw AuthorizationError.denied(actor.role, 'identity.reveal');
    const stored = recorded.find((r) => r.type === 'DonRegistered')?.data['parties'];
    const parties = Array.isArray(stored) ? (stored as Party[]) : [];
    const confidential = parties.filter((p) => p.confidential).length;
    if (confidential === 0) return parties;
    await this.accessLog.record(
      { type: 'IdentityRevealed', data: { caseId: state.donId, revealedAt: this.clock.now().toISOString(), actor, reason: reveal.reason, parties: confidential } },
      { actor, ...(reveal.correlationId !== undefined ? { correlationId: reveal.correlationId } : {}) },
    );
    const revealed = await this.vault.revealParties(state.donId, parties);
    return revealed.outcome === 'shredded' ? redactParties(parties, { shredded: true }) : revealed.parties;
  }
}

/** A đơn's audit trail: every event with its actor and time; sealed identities stay sealed. */
@QueryHandler(GetDonHistoryQuery)
export class GetDonHistoryHandler implements IQueryHandler<GetDonHistoryQuery, DonHistory> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ donId, actor }: GetDonHistoryQuery): Promise<DonHistory> {
    const loaded = await loadDon(this.store, donId, actor);
    if (loaded.state.status === 'none') throw new DonNotFoundError(donId);
    return {
      chain: verifyStreamChain(donStream(donId), loaded.recorded),
      events: loaded.recorded.map((recorded) => {
        const entry = toHistoryEntry(recorded);
        if (recorded.type !== 'DonRegistered') return entry;
        // The citizen key joins a đơn to every other đơn of its signer: a confidential one to a name read elsewhere.
        const { citizenKey: _key, ...data } = entry.data;
        return { ...entry, data: { ...data, parties: redactParties(recorded.data['parties'] as Party[]) } };
      }),
    };
  }
}

/** The đơn's access log, for whoever may read the đơn (its department, or a supervisor): another's đơn is unknown. */
@QueryHandler(GetDonIdentityAccessLogQuery)
export class GetDonIdentityAccessLogHandler implements IQueryHandler<GetDonIdentityAccessLogQuery, AccessLog> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ donId, actor }: GetDonIdentityAccessLogQuery): Promise<AccessLog> {
    if ((await loadDon(this.store, donId, actor)).state.status === 'none') throw new DonNotFoundError(donId);
    return new IdentityAccessLog(this.store).read(donId);
  }
}
