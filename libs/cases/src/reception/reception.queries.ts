import { Inject, Injectable } from '@nestjs/common';
import { canSeeConfidentialIdentity, CaseIdentityVault } from '@kntc/auth';
import type { Actor, Party, ReceptionState } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { LocalDate } from '@kntc/workflow';
import { IdentityAccessLog } from '../identity/identity-access.log';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT } from '../shared/case.tokens';
import { visitKeyId } from './execute-reception-command.handler';
import { receptionBookRows, type BookRow } from './reception-book';
import { ReceptionSessionNotFoundError } from './reception.errors';
import { ReceptionSessionRepository } from './reception-session.repository';
import { receptionSessionView, type ReceptionSessionView } from './reception-session.view';

export type ExistingSession = Exclude<ReceptionState, { status: 'none' }>;

/** Reads reception sessions from their streams: one session, the sessions an index names, the reception book. */
@Injectable()
export class ReceptionQueries {
  private readonly sessions: ReceptionSessionRepository;
  private readonly accessLog: IdentityAccessLog;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.sessions = new ReceptionSessionRepository(store);
    this.accessLog = new IdentityAccessLog(store);
  }

  async get(sessionId: string, actor: Actor): Promise<ReceptionSessionView> {
    const loaded = await this.sessions.load(sessionId, actor);
    if (loaded.state.status === 'none') throw new ReceptionSessionNotFoundError(sessionId);
    return receptionSessionView(loaded.state, loaded.revision);
  }

  /** The sessions of these ids (from the index) that exist and the actor may see, in the order given. */
  async states(sessionIds: readonly string[], actor: Actor): Promise<ExistingSession[]> {
    const loaded = await Promise.all(sessionIds.map((id) => this.sessions.load(id, actor).catch((error: unknown) => (error instanceof ReceptionSessionNotFoundError ? undefined : Promise.reject(error)))));
    return loaded.flatMap((l) => (l !== undefined && l.state.status !== 'none' ? [l.state] : []));
  }

  /**
   * The reception book of the sessions held in a period (Mẫu 03/TCD). The identity columns are filled only for a
   * role cleared to read identities, in the session's own department, and every visit revealed is recorded in the
   * access log of its key (Luật Tố cáo 2018, art. 56: every use is accounted for).
   */
  async book(sessionIds: readonly string[], actor: Actor, period: { from: LocalDate; to: LocalDate }): Promise<BookRow[]> {
    const held = (await this.states(sessionIds, actor)).filter((s): s is Extract<ExistingSession, { status: 'open' | 'closed' }> => s.status === 'open' || s.status === 'closed');
    const cleared = canSeeConfidentialIdentity(actor.role);
    const revealed = new Map<string, Party[]>();
    if (cleared) {
      const revealedAt = this.clock.now().toISOString();
      for (const session of held.filter((s) => s.department === actor.department)) {
        for (const visit of session.visits.filter((v) => v.parties.length > 0)) {
          const keyId = visitKeyId(session.sessionId, visit.visitNo);
          const reason = `In sổ tiếp công dân (Mẫu 03/TCD) từ ${period.from} đến ${period.to}`;
          await this.accessLog.record({ type: 'IdentityRevealed', data: { caseId: keyId, revealedAt, actor, reason, parties: visit.parties.length } }, { actor });
          revealed.set(`${session.sessionId}/${visit.visitNo}`, (await this.vault.revealParties(keyId, visit.parties)).parties);
        }
      }
    }
    return receptionBookRows(held, cleared ? (index, visitNo) => revealed.get(`${held[index]!.sessionId}/${visitNo}`) : undefined);
  }
}
