import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertRoleMayRun, CommandRefused, decide, evolve, EVENT_SCHEMA_VERSIONS, readCaseEvent, type CaseEvent, type Party } from '@kntc/domain';
import type { UserLookup } from '@kntc/domain';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  deriveEventId,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@kntc/event-store';
import { canSeeDepartment, CaseIdentityVault, hasPermission, IDENTITY_FIELDS } from '@kntc/auth';
import type { WorkflowDefinition, WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import { CaseRepository, type CaseSnapshot, type LoadedCase } from '../shared/case.repository';
import { caseStream } from '../shared/case-stream';
import { CaseNotFoundError, DepartmentNotAllowedError, IdempotencyKeyReusedError } from '../shared/case-errors';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import { batchOf } from '../shared/event-batch';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, USER_LOOKUP, WORKFLOW_REGISTRY, WORKING_CALENDAR } from '../shared/case.tokens';
import { assertEnvelopeAllowed, commandMetadata } from './command-envelope';
import { ExecuteCaseCommand, type CommandEnvelope, type CommandResult, type Principal } from './execute-case-command.command';

/** Concurrent changes absorbed by re-deciding, when the caller did not pin a revision with If-Match. */
const MAX_ATTEMPTS = 5;

/** A case stream before its filing. */
const NO_CASE_YET: LoadedCase = { recorded: [], events: [], state: { status: 'none' }, revision: -1 };

/**
 * A filing is decided on an empty stream without reading it: its case id is new unless the filing is a retry, and
 * the append tells that (a repeat of its events, or a stream that exists). Then the next attempt reads the case and
 * goes the whole way (replay, refusal) as if it had read it first.
 */
function isFreshFiling(command: ExecuteCaseCommand['command'], envelope: CommandEnvelope): boolean {
  return command.type === 'FileCase' && envelope.expectedRevision === undefined;
}

/**
 * A filing sent without a case id names its case from the Idempotency-Key and the user who sent it: retries of
 * one filing name the same case, and two users who happen to use the same key file two cases.
 */
export function caseIdOfFiling(userId: string, idempotencyKey: string): string {
  return deriveEventId(`filing\n${userId}\n${idempotencyKey}`, -2);
}

/**
 * The case a filing without a case id names. Filings stored before case ids were scoped by user named their case
 * from the bare key: a retry of one of those, by the same user, still finds it instead of filing a second case.
 */
export async function resolveFilingCaseId(store: EventStore, userId: string, idempotencyKey: string): Promise<string> {
  const legacy = deriveEventId(idempotencyKey, -2);
  const [filed] = await store.readStream(caseStream(legacy));
  const actor = filed?.metadata['actor'] as { id?: unknown } | undefined;
  if (filed !== undefined && filed.metadata['idempotencyKey'] === idempotencyKey && actor?.id === userId) return legacy;
  return caseIdOfFiling(userId, idempotencyKey);
}

/**
 * The events of a command get ids derived from its sender and Idempotency-Key within the case's stream: the same
 * key sent again by the same user to the same case finds them (a replay); the same key from another user, or on
 * another case, is another command. KurrentDB's event ids are unique per stream, SQLite's across the store;
 * scoping by stream makes both behave alike.
 */
export function idempotencyScope(caseId: string, senderId: string, idempotencyKey: string): string {
  return `${caseStream(caseId)}\n${senderId}\n${idempotencyKey}`;
}

/** The scope of events stored before keys were scoped by sender. */
function legacyStreamScope(caseId: string, idempotencyKey: string): string {
  return `${caseStream(caseId)}\n${idempotencyKey}`;
}

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandResult> {
  private readonly cases: CaseRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    // Tests that build the handler by hand get a throwaway vault; CasesModule always injects the configured one.
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault = CaseIdentityVault.ephemeral(),
    // The users that judge assignees (the API's: the users store, or the users file with OIDC); CasesModule injects them.
    @Optional() @Inject(USER_LOOKUP) private readonly users?: UserLookup,
  ) {
    this.cases = new CaseRepository(store);
  }

  /** A historical register records whom it names: today's directory does not know retired or moved staff. */
  private usersFor(envelope: CommandEnvelope): { users?: UserLookup } {
    return this.users !== undefined && envelope.occurredAt === undefined ? { users: this.users } : {};
  }

  async execute({ command, envelope }: ExecuteCaseCommand): Promise<CommandResult> {
    assertEnvelopeAllowed(envelope);
    assertMayRunCommands(envelope);
    const request = requestOf(command);
    for (let attempt = 1; ; attempt++) {
      const loaded = attempt === 1 && isFreshFiling(command, envelope) ? NO_CASE_YET : await this.cases.load(command.caseId, envelope.actor);
      // Read once: the events' own times and their metadata must name the same instant (and day).
      const now = envelope.occurredAt ?? this.clock.now().toISOString();
      const ctx = { workflow: this.workflowOf(command, loaded, envelope), calendar: this.calendar, now, actor: envelope.actor, ...this.usersFor(envelope) };
      // Permission before any replay logic: a role that may not run this command learns nothing of earlier requests.
      assertRoleMayRun(command, loaded.state, ctx);
      const earlier = await this.findEarlierExecution(loaded.recorded, command, envelope, request);
      if (earlier) return earlier;
      if (loaded.state.status === 'none' && command.type !== 'FileCase') throw new CaseNotFoundError(command.caseId);
      if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== loaded.revision) {
        throw new ConcurrencyError(caseStream(command.caseId), envelope.expectedRevision, loaded.revision);
      }
      const events = decide(command, loaded.state, ctx);
      const hashes = await this.requestHashesOf(command.caseId, request, true);
      const newEvents = await this.sealIdentities(command.caseId, this.toNewEvents(command, events, ctx.workflow, envelope, hashes, now));
      try {
        const appended = await this.store.append(caseStream(command.caseId), newEvents, loaded.revision);
        if (!appended.written) {
          // A concurrent request with this key won: answer as it did, or refuse if its body differed.
          const again = await this.cases.load(command.caseId, envelope.actor);
          const winner = await this.findEarlierExecution(again.recorded, command, envelope, request);
          if (winner) return winner;
        }
        const first = appended.revision - newEvents.length + 1;
        return {
          caseId: command.caseId,
          revision: appended.revision,
          position: appended.position.toString(),
          events: newEvents.map((e, i) => ({ id: e.id, type: e.type, revision: first + i })),
          replayed: !appended.written,
          ...(appended.written ? { after: snapshotAfter(loaded, newEvents, appended.revision) } : {}),
        };
      } catch (error) {
        if (error instanceof DuplicateEventIdError) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
        // A concurrent retry of the same key may have won the race: answer as it did.
        if (!(error instanceof ConcurrencyError)) throw error;
        const again = await this.cases.load(command.caseId, envelope.actor);
        const winner = await this.findEarlierExecution(again.recorded, command, envelope, request);
        if (winner) return winner;
        if (envelope.expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) {
          throw new ConcurrencyError(error.stream, envelope.expectedRevision ?? error.expected, again.revision);
        }
      }
    }
  }

  private workflowOf(command: ExecuteCaseCommand['command'], loaded: LoadedCase, envelope: CommandEnvelope): WorkflowDefinition {
    const state = loaded.state;
    if (state.status !== 'none') return this.workflows.get(state.kind, state.workflowVersion);
    if (command.type !== 'FileCase') throw new CaseNotFoundError(command.caseId);
    if (!canSeeDepartment(envelope.actor, command.department)) throw new DepartmentNotAllowedError(command.department);
    return this.workflows.latest(command.kind);
  }

  private toNewEvents(
    command: ExecuteCaseCommand['command'],
    events: CaseEvent[],
    workflow: WorkflowDefinition,
    envelope: CommandEnvelope,
    hashes: RequestHashes,
    occurredAt: string,
  ): NewEvent[] {
    const scope = idempotencyScope(command.caseId, envelope.principal.id, envelope.idempotencyKey);
    const commandId = deriveEventId(scope, -1);
    const reason = 'reason' in command && typeof command.reason === 'string' ? command.reason : undefined;
    return events.map((event, index) => ({
      id: deriveEventId(scope, index),
      type: event.type,
      schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data as unknown as Record<string, unknown>,
      metadata: {
        ...commandMetadata(envelope, { type: command.type, commandId, occurredAt, reason }),
        requestHash: hashes.open,
        ...(hashes.sealed !== undefined ? { sealedRequestHash: hashes.sealed } : {}),
        workflow: { id: workflow.id, version: workflow.version },
      },
    }));
  }

  /**
   * The request's hashes as stored: a plain SHA-256 of everything but confidential identities, and, when there are
   * some, their hash keyed by the case key, so the stored hash neither confirms a guessed identity nor outlives a
   * shredded key. Undefined `sealed` with sealed parts means the key is gone (or was never created and `create` is false).
   */
  private async requestHashesOf(caseId: string, request: SplitRequest, create: boolean): Promise<RequestHashes> {
    const open = sha256Hex(request.open);
    if (request.sealed === undefined) return { open };
    return { open, sealed: await this.vault.requestHash(caseId, request.sealed, { create }) };
  }

  /**
   * Confidential identities are sealed before the events leave the handler (Luật Tố cáo 2018, art. 56): the
   * store, its hash chain (HashChainingEventStore) and everything that reads it only ever see ciphertext.
   */
  private sealIdentities(caseId: string, events: NewEvent[]): Promise<NewEvent[]> {
    return Promise.all(
      events.map(async (event) =>
        event.type === 'CaseFiled'
          ? { ...event, data: { ...event.data, parties: await this.vault.sealParties(caseId, event.data['parties'] as Party[]) } }
          : event,
      ),
    );
  }

  /**
   * The events an earlier execution of this idempotency key, by this sender, on this case appended, if any. A key
   * belongs to its sender: the same key sent by someone else is another command. Events stored before keys were
   * scoped by sender (or by stream) are recognised only when their recorded sender is this one.
   */
  private async findEarlierExecution(
    recorded: RecordedEvent[],
    command: ExecuteCaseCommand['command'],
    envelope: CommandEnvelope,
    request: SplitRequest,
  ): Promise<CommandResult | undefined> {
    const { idempotencyKey, principal } = envelope;
    const scopes = [idempotencyScope(command.caseId, principal.id, idempotencyKey), legacyStreamScope(command.caseId, idempotencyKey), idempotencyKey];
    for (const [index, scope] of scopes.entries()) {
      const batch = batchOf(recorded, scope);
      if (batch === undefined || (index > 0 && senderOf(batch[0]!) !== principal.id)) continue;
      await this.assertSameRequest(batch[0]!, command.caseId, principal, request, idempotencyKey);
      const last = batch[batch.length - 1]!;
      return {
        caseId: String(batch[0]!.data['caseId']),
        revision: last.revision,
        position: last.position.toString(),
        events: batch.map((e) => ({ id: e.id, type: e.type, revision: e.revision })),
        replayed: true,
      };
    }
    return undefined;
  }

  /**
   * A replay must carry the body of the first request. Confidential identities are compared only for a sender
   * cleared to read them (Luật Tố cáo 2018, art. 47–56): for anyone else the answer never depends on sealed data,
   * so a replayed key cannot confirm a guessed identity. Once the case key is shredded they cannot be compared.
   */
  private async assertSameRequest(first: RecordedEvent, caseId: string, principal: Principal, request: SplitRequest, idempotencyKey: string): Promise<void> {
    const stored = first.metadata;
    const cleared = hasPermission(principal.role, 'identity.reveal');
    const reused = () => new IdempotencyKeyReusedError(idempotencyKey);
    // Stored before request hashes were: nothing to compare, the key alone names the earlier request.
    if (stored['requestHash'] === undefined) return;
    if (typeof stored['requestHash'] === 'string' && stored['requestHash'].startsWith('hmac-sha256:')) {
      // Stored before the open and sealed parts were hashed apart: one keyed hash over the whole filing.
      if (!cleared) return;
      const whole = await this.vault.requestHash(caseId, request.whole, { create: false });
      if (whole !== undefined && whole !== stored['requestHash']) throw reused();
      return;
    }
    const hashes = await this.requestHashesOf(caseId, cleared ? request : { ...request, sealed: undefined }, false);
    if (stored['requestHash'] !== hashes.open) throw reused();
    if (cleared && hashes.sealed !== undefined && hashes.sealed !== stored['sealedRequestHash']) throw reused();
  }
}

interface SplitRequest {
  /** Canonical JSON of the command without confidential identities. */
  open: string;
  /** Canonical JSON of the confidential identities alone; undefined when there are none. */
  sealed?: string;
  /** Canonical JSON of the whole command, as filings stored before this split were hashed. */
  whole: string;
}

interface RequestHashes {
  open: string;
  sealed?: string | undefined;
}

/** Splits a command into what anyone who may run it can know and the identities only cleared roles may. */
function requestOf(command: ExecuteCaseCommand['command']): SplitRequest {
  const whole = canonicalJson(command);
  if (command.type !== 'FileCase' || !command.parties.some((p) => p.confidential)) return { open: whole, whole };
  const open = command.parties.map((party) => (party.confidential ? withoutIdentity(party) : party));
  const sealed = command.parties.map((party) => (party.confidential ? identityOf(party) : null));
  return { open: canonicalJson({ ...command, parties: open }), sealed: canonicalJson(sealed), whole };
}

function withoutIdentity(party: Party): Partial<Party> {
  const rest: Partial<Party> = { ...party };
  for (const field of IDENTITY_FIELDS) delete rest[field];
  return rest;
}

function identityOf(party: Party): Partial<Party> {
  const identity: Partial<Party> = {};
  for (const field of IDENTITY_FIELDS) if (party[field] !== undefined) identity[field] = party[field];
  return identity;
}

/** The case after an append, folded on from the state it was decided on, from the events as they were stored. */
function snapshotAfter(loaded: LoadedCase, appended: NewEvent[], revision: number): CaseSnapshot {
  const events = appended.map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
  return { events: [...loaded.events, ...events], state: events.reduce(evolve, loaded.state), revision };
}

/** The account that sent the request an event records: the principal when it acted for someone, else the actor. */
function senderOf(event: RecordedEvent): string | undefined {
  const who = (event.metadata['principal'] ?? event.metadata['actor']) as { id?: unknown } | undefined;
  return typeof who?.id === 'string' ? who.id : undefined;
}

/** The permission table holds for every command, whatever its path (HTTP, import, workers): the actor's role must run commands at all. */
function assertMayRunCommands(envelope: CommandEnvelope): void {
  const { actor } = envelope;
  if (!hasPermission(actor.role, 'case.command')) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${actor.role}" không được thực hiện lệnh trên hồ sơ.`, [], { permission: 'case.command' });
  }
}
