import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { canSeeDepartment, CaseIdentityVault, hasPermission, IDENTITY_FIELDS, type Permission } from '@kntc/auth';
import {
  CommandRefused,
  decideAttachDon,
  decideDon,
  decideMatter,
  DON_EVENT_SCHEMA_VERSIONS,
  EVENT_SCHEMA_VERSIONS,
  evolveMatter,
  foldVietnamese,
  guidanceCitizenOf,
  MATTER_EVENT_SCHEMA_VERSIONS,
  signerOf,
  type DonCommand,
  type DonDecideContext,
  type DonEvent,
  type DonSourceKind,
  type ExistingDon,
  type FileCase,
  type MatterCommand,
  type MatterEvent,
  type MatterState,
  type Party,
  type ReceiptChannel,
} from '@kntc/domain';
import { ConcurrencyError, type EventStore } from '@kntc/event-store';
import { vnDateOf, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import { assertChosenIdAllowed, assertEnvelopeAllowed, principalMetadata } from '../execute-command/command-envelope';
import { ExecuteCaseCommand, type CommandEnvelope } from '../execute-command/execute-case-command.command';
import { CaseRepository } from '../shared/case.repository';
import { caseStream } from '../shared/case-stream';
import { CaseNotFoundError, DepartmentNotAllowedError } from '../shared/case-errors';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, WORKFLOW_REGISTRY, WORKING_CALENDAR } from '../shared/case.tokens';
import { DonNotFoundError } from './don-errors';
import { caseIdOfAcceptance, donIdOfRegistration, donStream, matterIdOfDon, matterStream } from './don-streams';
import { loadDon, loadMatter, type Loaded } from './don.repository';
import { appendBatch, earlierBatch, type AppendedBatch, type StreamCommandMeta } from './idempotent-streams';
import { ExecuteDonCommand, type DonCommandResult, type DonRequest, type RegisterDonRequest } from './execute-don-command.command';

/** Concurrent changes absorbed by deciding again, when the caller did not pin a revision with If-Match. */
const MAX_ATTEMPTS = 5;

/**
 * The key-store entry whose key makes citizen keys: one for the deployment, so the same person gets the same key
 * on every đơn; shredding it makes every citizen key unmatchable (and nothing else).
 */
const CITIZEN_KEY_SCOPE = 'kntc-citizen-key';

/** A case's receipt channel from a đơn's source (a suggestion box is read like a letter). */
const CHANNEL_OF_SOURCE: Record<DonSourceKind, ReceiptChannel> = {
  post: 'post',
  reception: 'in-person',
  online: 'online',
  referral: 'referral',
  box: 'post',
};

/**
 * One stream's part of a command: the batch an earlier execution of the same key already appended (`done`), or
 * the events decided now. Every part is decided before anything is appended, so a refusal appends nothing anywhere.
 */
interface Step {
  stream: string;
  versions: Readonly<Record<string, number>>;
  revision: number;
  done?: AppendedBatch;
  events?: ReadonlyArray<{ type: string; data: object }>;
}

/**
 * Đơn commands touch up to three streams (đơn, matter, case). Each stream is appended with its own expected
 * revision, in an order stated per command, and each batch's event ids derive from (stream, sender, key): a
 * retry with the same Idempotency-Key finds the batches already written, skips them, and appends the rest, so a
 * command stopped half-way (a crash, a conflict) completes instead of running twice. One command, not two joined
 * by a reactor: the user gets the refusal (already guided, not qualifying…) in the answer, before anything is written.
 */
@CommandHandler(ExecuteDonCommand)
export class ExecuteDonCommandHandler implements ICommandHandler<ExecuteDonCommand, DonCommandResult> {
  private readonly cases: CaseRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
    private readonly commandBus: CommandBus,
  ) {
    this.cases = new CaseRepository(store);
  }

  async execute({ request, envelope: given }: ExecuteDonCommand): Promise<DonCommandResult> {
    const envelope: CommandEnvelope = { ...given, principal: given.principal ?? { id: given.actor.id, role: given.actor.role } };
    assertEnvelopeAllowed(envelope);
    assertPermission(envelope, request.type === 'RegisterDon' ? 'dons.register' : 'dons.process');
    if (request.type === 'RegisterDon' && request.donId !== undefined) assertChosenIdAllowed(envelope.principal, 'donId', 'mã đơn');
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(request, envelope);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || envelope.expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async once(request: DonRequest, envelope: CommandEnvelope): Promise<DonCommandResult> {
    // Read once: the events' own times and their metadata name the same instant (and day).
    const now = envelope.occurredAt ?? this.clock.now().toISOString();
    const meta: StreamCommandMeta = {
      actor: envelope.actor,
      ...principalMetadata(envelope),
      idempotencyKey: envelope.idempotencyKey,
      commandType: request.type,
      requestHash: sha256Hex(canonicalJson(withoutSealedIdentities(request))),
      occurredAt: now,
      ...(envelope.correlationId !== undefined ? { correlationId: envelope.correlationId } : {}),
      ...(envelope.causationId !== undefined ? { causationId: envelope.causationId } : {}),
    };
    const ctx: DonDecideContext = { calendar: this.calendar, now, actor: envelope.actor, familyOf: (kind) => (this.workflows.has(kind) ? this.workflows.latest(kind).family : undefined) };
    if (request.type === 'RegisterDon') return this.register(request, envelope, meta, ctx);

    const don = await loadDon(this.store, request.donId, envelope.actor);
    if (don.state.status === 'none') throw new DonNotFoundError(request.donId);
    const state = don.state;
    const donStep = (command: DonCommand): Step => this.step(donStream(state.donId), don, meta, DON_EVENT_SCHEMA_VERSIONS, () => decideDon(command, state, ctx));
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== don.revision && !earlierBatch(donStream(state.donId), don.recorded, meta)) {
      throw new ConcurrencyError(donStream(state.donId), envelope.expectedRevision, don.revision);
    }

    switch (request.type) {
      case 'AcceptDonIntoCase':
        return this.acceptIntoCase(request, don, state, meta, ctx, envelope);
      case 'AttachDonToCase': {
        const loaded = await this.cases.load(request.caseId, envelope.actor);
        if (loaded.state.status === 'none') throw new CaseNotFoundError(request.caseId);
        const target = loaded.state;
        const matterId = target.matterId ?? state.matterId;
        const caseStep = this.step(caseStream(target.caseId), loaded, meta, EVENT_SCHEMA_VERSIONS, () =>
          decideAttachDon({ type: 'AttachDon', caseId: target.caseId, donId: state.donId }, target, now),
        );
        const onDon = donStep({ type: 'AttachDonToCase', donId: state.donId, caseId: target.caseId, matterId });
        // A case filed directly has no matter: it joins the đơn's. Else the đơn joins the case's matter.
        const onMatter = await this.matterStep(matterId, meta, now, (matter) =>
          target.matterId === undefined
            ? [{ type: 'LinkCaseToMatter', matterId, caseId: target.caseId, donId: state.donId }]
            : matter.status !== 'none' && matter.donIds.includes(state.donId)
              ? []
              : [{ type: 'LinkDonToMatter', matterId, donId: state.donId }],
        );
        // Case first: it is the record the đơn points to, then the đơn, then the matter's links.
        return this.commit(state.donId, [caseStep, onDon, onMatter], meta, target.caseId);
      }
      case 'AttachDonToDon': {
        const earlier = await loadDon(this.store, request.toDonId, envelope.actor);
        if (earlier.state.status === 'none') throw new DonNotFoundError(request.toDonId);
        const matterId = earlier.state.matterId;
        const onDon = donStep({ type: 'AttachDonToDon', donId: state.donId, toDonId: request.toDonId, matterId });
        const onMatter = await this.matterStep(matterId, meta, now, (matter) =>
          matter.status !== 'none' && matter.donIds.includes(state.donId) ? [] : [{ type: 'LinkDonToMatter', matterId, donId: state.donId }],
        );
        return this.commit(state.donId, [onDon, onMatter], meta);
      }
      case 'GuideCitizen': {
        const onDon = donStep(request);
        const registered = don.events.find((e) => e.type === 'DonRegistered')!.data;
        const citizenKey = guidanceCitizenOf(state.citizenKey!, registered.parties);
        const content = state.classification!.content;
        const onMatter = await this.matterStep(state.matterId, meta, now, () => [{ type: 'RecordGuidance', matterId: state.matterId, citizenKey, content, donId: state.donId }]);
        // Matter first: its revision serialises two guidances of one citizen and content; the đơn records the act.
        return this.commit(state.donId, [onMatter, onDon], meta);
      }
      case 'ForwardDon': {
        const onDon = donStep(request);
        const content = state.classification!.content;
        const onMatter = await this.matterStep(state.matterId, meta, now, () => [{ type: 'RecordForwarding', matterId: state.matterId, content, donId: state.donId }]);
        return this.commit(state.donId, [onMatter, onDon], meta);
      }
      case 'ClassifyDon':
      case 'UrgeLowerLevel':
      case 'RequestDonSplit':
      case 'ArchiveDon':
      case 'AnswerReferrer':
        return this.commit(state.donId, [donStep(request)], meta);
      default: {
        const unknown: never = request;
        throw new Error(`unhandled đơn command ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * Streams: đơn (DonRegistered), then matter (MatterOpened or DonLinkedToMatter): the đơn is the record, the
   * matter its index of links. A repeat of an earlier đơn or case joins that one's matter; else the đơn opens one.
   */
  private async register(request: RegisterDonRequest, envelope: CommandEnvelope, meta: StreamCommandMeta, ctx: DonDecideContext): Promise<DonCommandResult> {
    const { actor } = envelope;
    if (!canSeeDepartment(actor, request.department)) throw new DepartmentNotAllowedError(request.department);
    const donId = request.donId ?? donIdOfRegistration(actor.id, envelope.idempotencyKey);
    const don = await loadDon(this.store, donId, actor);
    let matterId = matterIdOfDon(donId);
    let matterCommands: (matter: MatterState) => MatterCommand[] = () => [{ type: 'OpenMatter', matterId, department: request.department, donId }];
    if (request.repeatOf?.donId !== undefined) {
      const earlier = await loadDon(this.store, request.repeatOf.donId, actor);
      if (earlier.state.status === 'none') throw new DonNotFoundError(request.repeatOf.donId);
      matterId = earlier.state.matterId;
      matterCommands = () => [{ type: 'LinkDonToMatter', matterId, donId }];
    } else if (request.repeatOf?.caseId !== undefined) {
      const loaded = await this.cases.load(request.repeatOf.caseId, actor);
      if (loaded.state.status === 'none') throw new CaseNotFoundError(request.repeatOf.caseId);
      const caseId = loaded.state.caseId;
      if (loaded.state.matterId !== undefined) {
        matterId = loaded.state.matterId;
        matterCommands = () => [{ type: 'LinkDonToMatter', matterId, donId }];
      } else {
        matterCommands = () => [
          { type: 'OpenMatter', matterId, department: request.department, donId },
          { type: 'LinkCaseToMatter', matterId, caseId },
        ];
      }
    }
    const citizenKey = request.anonymous ? undefined : await this.citizenKeyOf(request.parties);
    const { donId: _given, ...fields } = request;
    const command: DonCommand = { ...fields, type: 'RegisterDon', donId, matterId, ...(citizenKey !== undefined ? { citizenKey } : {}) };
    const onDon = this.step(donStream(donId), don, meta, DON_EVENT_SCHEMA_VERSIONS, () => decideDon(command, don.state, ctx));
    const onMatter = await this.matterStep(matterId, meta, ctx.now, matterCommands);
    return this.commit(donId, [await this.sealRegistration(donId, onDon), onMatter], meta);
  }

  /**
   * Streams, in order: the case (CaseFiled with the đơn and its matter, through the case handler: the same
   * validation as any filing, its clocks starting today), the đơn (DonAcceptedIntoCase), the matter
   * (CaseLinkedToMatter). The case id derives from the key, so a retry finds the case it filed and goes on.
   */
  private async acceptIntoCase(
    request: Extract<DonRequest, { type: 'AcceptDonIntoCase' }>,
    don: Loaded<unknown, DonEvent>,
    state: ExistingDon,
    meta: StreamCommandMeta,
    ctx: DonDecideContext,
    envelope: CommandEnvelope,
  ): Promise<DonCommandResult> {
    const caseId = request.caseId ?? caseIdOfAcceptance(state.donId, envelope.actor.id, envelope.idempotencyKey);
    const onDon = this.step(donStream(state.donId), don, meta, DON_EVENT_SCHEMA_VERSIONS, () =>
      decideDon({ type: 'AcceptDonIntoCase', donId: state.donId, caseId, kind: request.kind }, state, ctx),
    );
    const onMatter = await this.matterStep(state.matterId, meta, ctx.now, () => [{ type: 'LinkCaseToMatter', matterId: state.matterId, caseId, donId: state.donId }]);
    const [filing] = await this.store.readStream(caseStream(caseId));
    const filed = filing !== undefined;
    // A case a register names must be this đơn's: another's filing is never taken over.
    if (filed && !onDon.done && !((filing.data['donIds'] as string[] | undefined) ?? []).includes(state.donId)) {
      throw new CommandRefused('case-already-exists', `Hồ sơ ${caseId} đã có và không phải của đơn này.`, [], { field: 'caseId' });
    }
    if (!filed && !onDon.done) {
      const registered = don.events.find((e) => e.type === 'DonRegistered')!.data;
      const stored = don.recorded.find((r) => r.type === 'DonRegistered')!.data['parties'] as unknown[];
      const parties = (await this.vault.revealParties(state.donId, stored)).parties;
      const fileCase: FileCase = {
        type: 'FileCase',
        caseId,
        kind: request.kind,
        department: state.department,
        channel: CHANNEL_OF_SOURCE[state.source.kind],
        // The case's own acceptance clocks start on the day the đơn is accepted into it.
        receivedOn: vnDateOf(ctx.now),
        subject: registered.subject,
        content: registered.content,
        parties,
        remoteArea: request.remoteArea ?? false,
        ...(state.source.referrer !== undefined ? { referredBy: state.source.referrer.body } : {}),
        donIds: [state.donId],
        matterId: state.matterId,
      };
      await this.commandBus.execute(
        new ExecuteCaseCommand(fileCase, {
          actor: envelope.actor,
          principal: envelope.principal,
          idempotencyKey: envelope.idempotencyKey,
          ...(envelope.occurredAt !== undefined ? { occurredAt: envelope.occurredAt } : {}),
          ...(envelope.correlationId !== undefined ? { correlationId: envelope.correlationId } : {}),
        }),
      );
    }
    return this.commit(state.donId, [onDon, onMatter], meta, caseId);
  }

  private step<S, E>(stream: string, loaded: Loaded<S, E>, meta: StreamCommandMeta, versions: Readonly<Record<string, number>>, decide: () => ReadonlyArray<{ type: string; data: object }>): Step {
    const done = earlierBatch(stream, loaded.recorded, meta);
    return done ? { stream, versions, revision: loaded.revision, done } : { stream, versions, revision: loaded.revision, events: decide() };
  }

  /** The matter's part: its commands decided one after the other on the matter as it is. */
  private async matterStep(matterId: string, meta: StreamCommandMeta, now: string, commands: (matter: MatterState) => MatterCommand[]): Promise<Step> {
    const matter = await loadMatter(this.store, matterId);
    return this.step(matterStream(matterId), matter, meta, MATTER_EVENT_SCHEMA_VERSIONS, () => {
      let state = matter.state;
      const events: MatterEvent[] = [];
      for (const command of commands(state)) {
        const decided = decideMatter(command, state, now);
        state = decided.reduce(evolveMatter, state);
        events.push(...decided);
      }
      return events;
    });
  }

  /** Confidential identities are sealed under the đơn's own key before the store sees them (Luật Tố cáo 2018, art. 56). */
  private async sealRegistration(donId: string, step: Step): Promise<Step> {
    if (step.events === undefined) return step;
    const events = await Promise.all(
      step.events.map(async (event) => {
        if (event.type !== 'DonRegistered') return event;
        const data = event.data as Extract<DonEvent, { type: 'DonRegistered' }>['data'];
        return { ...event, data: { ...data, parties: await this.vault.sealParties(donId, data.parties) } };
      }),
    );
    return { ...step, events };
  }

  /**
   * A keyed hash of the first signer (ID number, else folded name and address): the same person gets the same
   * key on every đơn, and the key reveals nothing without the deployment's key.
   */
  private async citizenKeyOf(parties: readonly Party[]): Promise<string | undefined> {
    const signer = signerOf(parties);
    if (!signer) return undefined;
    const identity = signer.idNumber !== undefined ? { idNumber: signer.idNumber.replace(/\s+/g, '') } : { name: foldVietnamese(signer.name), address: foldVietnamese(signer.address ?? '') };
    const hash = await this.vault.requestHash(CITIZEN_KEY_SCOPE, canonicalJson(identity), { create: true });
    return hash?.replace(/^hmac-sha256:/, '').slice(0, 32);
  }

  /** Appends the parts not yet written, in the order given; answers with the đơn stream's revision. */
  private async commit(donId: string, steps: Step[], meta: StreamCommandMeta, caseId?: string): Promise<DonCommandResult> {
    const batches: AppendedBatch[] = [];
    for (const step of steps) {
      if (step.done) batches.push(step.done);
      else if (step.events!.length > 0) batches.push(await appendBatch(this.store, step.stream, step.events!, step.versions, step.revision, meta));
    }
    const own = batches.find((b) => b.stream === donStream(donId));
    const position = batches.reduce((max, b) => (BigInt(b.position) > max ? BigInt(b.position) : max), 0n);
    return {
      donId,
      revision: own?.revision ?? -1,
      position: position.toString(),
      ...(caseId !== undefined ? { caseId } : {}),
      streams: batches,
      replayed: batches.every((b) => b.replayed),
    };
  }
}

function assertPermission(envelope: CommandEnvelope, permission: Permission): void {
  if (!hasPermission(envelope.actor.role, permission)) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${envelope.actor.role}" không được thực hiện thao tác này với đơn.`, [], { permission });
  }
}

/** The request as hashed into event metadata: confidential identities left out, as the case handler does. */
function withoutSealedIdentities(request: DonRequest): DonRequest {
  if (request.type !== 'RegisterDon') return request;
  const parties = request.parties.map((party) => {
    if (!party.confidential && party.role !== 'denouncer') return party;
    const rest: Partial<Party> = { ...party };
    for (const field of IDENTITY_FIELDS) delete rest[field];
    return rest as Party;
  });
  return { ...request, parties };
}
