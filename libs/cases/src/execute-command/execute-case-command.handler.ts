import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRefused, decide, EVENT_SCHEMA_VERSIONS, type CaseEvent, type Party } from '@kntc/domain';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  deriveEventId,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@kntc/event-store';
import { canSeeDepartment, CaseIdentityVault, hasPermission } from '@kntc/auth';
import { vnDateOf, type WorkflowDefinition, type WorkflowRegistry, type WorkingCalendar } from '@kntc/workflow';
import { CaseRepository, type LoadedCase } from '../shared/case.repository';
import { caseStream } from '../shared/case-stream';
import { BusinessTimeNotAllowedError, CaseNotFoundError, DepartmentNotAllowedError, IdempotencyKeyReusedError } from '../shared/case-errors';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, WORKFLOW_REGISTRY, WORKING_CALENDAR } from '../shared/case.tokens';
import { ExecuteCaseCommand, type CommandEnvelope, type CommandResult } from './execute-case-command.command';

/** Concurrent changes absorbed by re-deciding, when the caller did not pin a revision with If-Match. */
const MAX_ATTEMPTS = 5;

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
 * The events of a command get ids derived from its Idempotency-Key within the case's stream: the same key sent
 * again to the same case finds them (a replay), the same key on another case is another command. KurrentDB's
 * event ids are unique per stream, SQLite's across the store; scoping by stream makes both behave alike.
 */
export function idempotencyScope(caseId: string, idempotencyKey: string): string {
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
  ) {
    this.cases = new CaseRepository(store);
  }

  async execute({ command, envelope }: ExecuteCaseCommand): Promise<CommandResult> {
    if (envelope.occurredAt !== undefined && envelope.principal.role !== 'importer') throw new BusinessTimeNotAllowedError();
    assertMayRunCommands(envelope);
    const canonicalCommand = canonicalJson(command);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.cases.load(command.caseId, envelope.actor);
      const earlier = await this.findEarlierExecution(loaded.recorded, command, envelope.idempotencyKey, canonicalCommand);
      if (earlier) return earlier;
      if (loaded.state.status === 'none' && command.type !== 'FileCase') throw new CaseNotFoundError(command.caseId);
      if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== loaded.revision) {
        throw new ConcurrencyError(caseStream(command.caseId), envelope.expectedRevision, loaded.revision);
      }
      // Read once: the events' own times and their metadata must name the same instant (and day).
      const now = envelope.occurredAt ?? this.clock.now().toISOString();
      const { events, workflow } = this.decide(command, loaded, envelope, now);
      const requestHash = await this.requestHashOf(command, canonicalCommand, true);
      const newEvents = await this.sealIdentities(command.caseId, this.toNewEvents(command, events, workflow, envelope, requestHash, now));
      try {
        const appended = await this.store.append(caseStream(command.caseId), newEvents, loaded.revision);
        if (!appended.written) {
          // A concurrent request with this key won: answer as it did, or refuse if its body differed.
          const again = await this.cases.load(command.caseId, envelope.actor);
          const winner = await this.findEarlierExecution(again.recorded, command, envelope.idempotencyKey, canonicalCommand);
          if (winner) return winner;
        }
        const first = appended.revision - newEvents.length + 1;
        return {
          caseId: command.caseId,
          revision: appended.revision,
          position: appended.position.toString(),
          events: newEvents.map((e, i) => ({ id: e.id, type: e.type, revision: first + i })),
          replayed: !appended.written,
        };
      } catch (error) {
        if (error instanceof DuplicateEventIdError) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
        // A concurrent retry of the same key may have won the race: answer as it did.
        if (!(error instanceof ConcurrencyError)) throw error;
        const again = await this.cases.load(command.caseId, envelope.actor);
        const winner = await this.findEarlierExecution(again.recorded, command, envelope.idempotencyKey, canonicalCommand);
        if (winner) return winner;
        if (envelope.expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) {
          throw new ConcurrencyError(error.stream, envelope.expectedRevision ?? error.expected, again.revision);
        }
      }
    }
  }

  private decide(command: ExecuteCaseCommand['command'], loaded: LoadedCase, envelope: CommandEnvelope, now: string) {
    const state = loaded.state;
    let workflow: WorkflowDefinition;
    if (state.status !== 'none') workflow = this.workflows.get(state.kind, state.workflowVersion);
    else if (command.type === 'FileCase') {
      if (!canSeeDepartment(envelope.actor, command.department)) throw new DepartmentNotAllowedError(command.department);
      workflow = this.workflows.latest(command.kind);
    }
    else throw new CaseNotFoundError(command.caseId);
    return { events: decide(command, state, { workflow, calendar: this.calendar, now, actor: envelope.actor }), workflow };
  }

  private toNewEvents(
    command: ExecuteCaseCommand['command'],
    events: CaseEvent[],
    workflow: WorkflowDefinition,
    envelope: CommandEnvelope,
    requestHash: string | undefined,
    occurredAt: string,
  ): NewEvent[] {
    const scope = idempotencyScope(command.caseId, envelope.idempotencyKey);
    const commandId = deriveEventId(scope, -1);
    const reason = 'reason' in command && typeof command.reason === 'string' ? command.reason : undefined;
    return events.map((event, index) => ({
      id: deriveEventId(scope, index),
      type: event.type,
      schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data as unknown as Record<string, unknown>,
      metadata: {
        actor: envelope.actor,
        ...(envelope.principal.id !== envelope.actor.id || envelope.principal.role !== envelope.actor.role
          ? { principal: envelope.principal }
          : {}),
        commandId,
        commandType: command.type,
        idempotencyKey: envelope.idempotencyKey,
        ...(requestHash !== undefined ? { requestHash } : {}),
        correlationId: envelope.correlationId ?? commandId,
        causationId: envelope.causationId ?? commandId,
        workflow: { id: workflow.id, version: workflow.version },
        occurredAt,
        occurredOn: vnDateOf(occurredAt),
        ...(reason ? { reason } : {}),
      },
    }));
  }

  /**
   * A filing carries identities: its stored request hash is keyed by the case key, so it neither confirms a
   * guessed identity nor outlives a shredded key. Other commands carry none and keep a plain SHA-256.
   */
  private requestHashOf(command: ExecuteCaseCommand['command'], canonicalCommand: string, create: boolean): Promise<string | undefined> {
    if (command.type === 'FileCase') return this.vault.requestHash(command.caseId, canonicalCommand, { create });
    return Promise.resolve(sha256Hex(canonicalCommand));
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
   * The events an earlier execution of this idempotency key on this case appended, if any. Events stored before
   * keys were scoped by stream have ids derived from the bare key; a retry of one of those is still recognised.
   */
  private async findEarlierExecution(
    recorded: RecordedEvent[],
    command: ExecuteCaseCommand['command'],
    idempotencyKey: string,
    canonicalCommand: string,
  ): Promise<CommandResult | undefined> {
    for (const scope of [idempotencyScope(command.caseId, idempotencyKey), idempotencyKey]) {
      const earlier = await this.findEarlierBatch(recorded, command, scope, idempotencyKey, canonicalCommand);
      if (earlier) return earlier;
    }
    return undefined;
  }

  private async findEarlierBatch(
    recorded: RecordedEvent[],
    command: ExecuteCaseCommand['command'],
    scope: string,
    idempotencyKey: string,
    canonicalCommand: string,
  ): Promise<CommandResult | undefined> {
    const firstId = deriveEventId(scope, 0);
    const start = recorded.findIndex((e) => e.id === firstId);
    if (start < 0) return undefined;
    // Undefined once the case key is shredded: the earlier filing can no longer be compared, only answered.
    const requestHash = await this.requestHashOf(command, canonicalCommand, false);
    if (requestHash !== undefined && recorded[start]!.metadata['requestHash'] !== requestHash) throw new IdempotencyKeyReusedError(idempotencyKey);
    const batch: RecordedEvent[] = [];
    for (let i = start; i < recorded.length && recorded[i]!.id === deriveEventId(scope, i - start); i++) {
      batch.push(recorded[i]!);
    }
    const last = batch[batch.length - 1]!;
    return {
      caseId: String(recorded[start]!.data['caseId']),
      revision: last.revision,
      position: last.position.toString(),
      events: batch.map((e) => ({ id: e.id, type: e.type, revision: e.revision })),
      replayed: true,
    };
  }
}

/**
 * The permission table holds for every command, whatever its path (HTTP, import, workers): the actor's role
 * must run commands at all, and an account acting on someone's behalf must be the register importer.
 */
function assertMayRunCommands(envelope: CommandEnvelope): void {
  const { actor, principal } = envelope;
  if ((principal.id !== actor.id || principal.role !== actor.role) && !hasPermission(principal.role, 'case.import')) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${principal.role}" không được ghi nhận thao tác thay người khác.`, [], { permission: 'case.import' });
  }
  if (!hasPermission(actor.role, 'case.command')) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${actor.role}" không được thực hiện lệnh trên hồ sơ.`, [], { permission: 'case.command' });
  }
}
