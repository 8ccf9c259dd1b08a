import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationError, canSeeConfidentialIdentity, CaseIdentityVault } from '@kntc/auth';
import { foldCase, readCaseEvent, type Actor, type CaseEvent, type ExistingCase } from '@kntc/domain';
import { verifyStreamChain, type EventStore } from '@kntc/event-store';
import { vnDateOf, type WorkflowRegistry } from '@kntc/workflow';
import { IdentityAccessLog, type AccessLog } from '../identity/identity-access.log';
import { CaseRepository, type LoadedCase } from '../shared/case.repository';
import { CaseNotFoundError } from '../shared/case-errors';
import { caseStream } from '../shared/case-stream';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, WORKFLOW_REGISTRY } from '../shared/case.tokens';
import { GetCaseQuery, type IdentityReveal } from './get-case.query';
import { GetCaseHistoryQuery } from './get-case-history.query';
import { GetIdentityAccessLogQuery } from './get-identity-access-log.query';
import { toCaseView, toHistoryEntry, type CaseHistory, type CaseView, type IdentityView } from './case.view';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, CaseView> {
  private readonly cases: CaseRepository;
  private readonly accessLog: IdentityAccessLog;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cases = new CaseRepository(store);
    this.accessLog = new IdentityAccessLog(store);
  }

  async execute({ caseId, actor, atRevision, reveal, snapshot }: GetCaseQuery): Promise<CaseView> {
    if (snapshot !== undefined && reveal === undefined && snapshot.revision === atRevision && snapshot.state.status !== 'none') {
      const workflow = this.workflows.get(snapshot.state.kind, snapshot.state.workflowVersion);
      return toCaseView(snapshot.state, snapshot.events, workflow, actor, vnDateOf(this.clock.now()), snapshot.revision, await this.identityStatus(snapshot.state));
    }
    const loaded = await this.cases.load(caseId, actor);
    const { state, events, revision } = atRevision === undefined ? loaded : asOf(loaded, atRevision);
    if (state.status === 'none') throw new CaseNotFoundError(caseId);
    const workflow = this.workflows.get(state.kind, state.workflowVersion);
    const identity = reveal === undefined ? await this.identityStatus(state) : await this.reveal(loaded, state, actor, reveal);
    return toCaseView(state, events, workflow, actor, vnDateOf(this.clock.now()), revision, identity);
  }

  private async identityStatus(state: ExistingCase): Promise<IdentityView | undefined> {
    if (!state.parties.some((p) => p.confidential)) return undefined;
    return { status: (await this.vault.keyState(state.caseId)) === 'shredded' ? 'shredded' : 'sealed' };
  }

  /**
   * Decrypts the confidential identities for a cleared role of the case's own department, after recording
   * who, when and why: no read without its record (Luật Tố cáo 2018, art. 56).
   */
  private async reveal(loaded: LoadedCase, state: ExistingCase, actor: Actor, reveal: IdentityReveal): Promise<IdentityView | undefined> {
    if (!canSeeConfidentialIdentity(actor.role) || actor.department !== state.department) throw AuthorizationError.denied(actor.role, 'identity.reveal');
    const reason = reveal.reason.normalize('NFC').trim();
    if (reason === '') throw new AuthorizationError('permission-denied', 'Cần nêu lý do xem danh tính.', 'identity.reveal');
    const stored = loaded.recorded.find((r) => r.type === 'CaseFiled')?.data['parties'];
    const parties = Array.isArray(stored) ? (stored as unknown[]) : [];
    const confidential = parties.filter((p) => (p as { confidential?: unknown }).confidential === true).length;
    if (confidential === 0) return undefined;
    const status = await this.identityStatus(state);
    if (status?.status === 'shredded') return status;
    await this.accessLog.record(
      { type: 'IdentityRevealed', data: { caseId: state.caseId, revealedAt: this.clock.now().toISOString(), actor, reason, parties: confidential } },
      { actor, ...(reveal.correlationId !== undefined ? { correlationId: reveal.correlationId } : {}) },
    );
    const revealed = await this.vault.revealParties(state.caseId, parties);
    return revealed.outcome === 'shredded' ? { status: 'shredded' } : { status: 'revealed', revealed: revealed.parties };
  }
}

/** The case folded from its events up to `revision` (inclusive). */
function asOf(loaded: LoadedCase, revision: number): Pick<LoadedCase, 'state' | 'events' | 'revision'> {
  const recorded = loaded.recorded.filter((r) => r.revision <= revision);
  const events = recorded.map((r) => readCaseEvent(r)).filter((e): e is CaseEvent => e !== undefined);
  return { state: foldCase(events), events, revision: recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision };
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistoryQuery, CaseHistory> {
  private readonly cases: CaseRepository;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.cases = new CaseRepository(store);
  }

  async execute({ caseId, actor }: GetCaseHistoryQuery): Promise<CaseHistory> {
    const loaded = await this.cases.load(caseId, actor);
    if (loaded.state.status === 'none') throw new CaseNotFoundError(caseId);
    return { events: loaded.recorded.map(toHistoryEntry), chain: verifyStreamChain(caseStream(caseId), loaded.recorded) };
  }
}

@QueryHandler(GetIdentityAccessLogQuery)
export class GetIdentityAccessLogHandler implements IQueryHandler<GetIdentityAccessLogQuery, AccessLog> {
  private readonly cases: CaseRepository;
  private readonly accessLog: IdentityAccessLog;
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.cases = new CaseRepository(store);
    this.accessLog = new IdentityAccessLog(store);
  }

  async execute({ caseId, actor }: GetIdentityAccessLogQuery): Promise<AccessLog> {
    const loaded = await this.cases.load(caseId, actor);
    if (loaded.state.status === 'none') throw new CaseNotFoundError(caseId);
    return this.accessLog.read(caseId);
  }
}
