import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideReception,
  INITIAL_RECEPTION_STATE,
  RECEPTION_COMMAND_PERMISSIONS,
  RECEPTION_EVENT_SCHEMA_VERSIONS,
  receptionStream,
  type Party,
  type ReceptionCommand,
  type ReceptionEvent,
} from '@kntc/domain';
import { ConcurrencyError, DuplicateEventIdError, deriveEventId, type EventStore, type NewEvent, type RecordedEvent } from '@kntc/event-store';
import { AuthorizationError, canSeeDepartment, CaseIdentityVault, hasPermission, IDENTITY_FIELDS } from '@kntc/auth';
import type { WorkingCalendar } from '@kntc/workflow';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import { DepartmentNotAllowedError, IdempotencyKeyReusedError } from '../shared/case-errors';
import { CLOCK, type Clock } from '../shared/clock';
import { EVENT_STORE, IDENTITY_VAULT, WORKING_CALENDAR } from '../shared/case.tokens';
import { assertEnvelopeAllowed, commandMetadata } from '../execute-command/command-envelope';
import type { CommandEnvelope } from '../execute-command/execute-case-command.command';
import { ExecuteReceptionCommand, type ReceptionCommandResult } from './execute-reception-command.command';
import { ReceptionSessionNotFoundError } from './reception.errors';
import { ReceptionSessionRepository } from './reception-session.repository';

/** Concurrent changes absorbed by re-deciding, when the caller did not pin a revision with If-Match. */
const MAX_ATTEMPTS = 5;

/** A session created without an id is named from its sender and Idempotency-Key: retries name the same session. */
export function sessionIdOfRequest(userId: string, idempotencyKey: string): string {
  return deriveEventId(`reception\n${userId}\n${idempotencyKey}`, -2);
}

/** The key that seals one visit's identities: a visit's key can be erased without touching the others. */
export function visitKeyId(sessionId: string, visitNo: number): string {
  return `${receptionStream(sessionId)}/visit-${visitNo}`;
}

@CommandHandler(ExecuteReceptionCommand)
export class ExecuteReceptionCommandHandler implements ICommandHandler<ExecuteReceptionCommand, ReceptionCommandResult> {
  private readonly sessions: ReceptionSessionRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTITY_VAULT) private readonly vault: CaseIdentityVault,
  ) {
    this.sessions = new ReceptionSessionRepository(store);
  }

  async execute({ command, envelope }: ExecuteReceptionCommand): Promise<ReceptionCommandResult> {
    const { actor } = envelope;
    assertEnvelopeAllowed(envelope);
    const permission = RECEPTION_COMMAND_PERMISSIONS[command.type];
    if (!hasPermission(actor.role, permission)) throw AuthorizationError.denied(actor.role, permission);
    const stream = receptionStream(command.sessionId);
    const request = requestOf(command);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.sessions.load(command.sessionId, actor).catch((error: unknown) => {
        // Another department's session: refused as the decider refuses an unknown id, so no answer tells it exists.
        if (error instanceof ReceptionSessionNotFoundError) decideReception(command, INITIAL_RECEPTION_STATE, { calendar: this.calendar, now: this.clock.now().toISOString(), actor });
        throw error;
      });
      const earlier = await this.findEarlierExecution(loaded.recorded, command, envelope, request);
      if (earlier) return earlier;
      if (loaded.state.status === 'none' && 'department' in command && command.department !== undefined && !canSeeDepartment(actor, command.department)) {
        throw new DepartmentNotAllowedError(command.department);
      }
      if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== loaded.revision) {
        throw new ConcurrencyError(stream, envelope.expectedRevision, loaded.revision);
      }
      // Business time: now, or the act's time in an imported register.
      const now = envelope.occurredAt ?? this.clock.now().toISOString();
      const events = decideReception(command, loaded.state, { calendar: this.calendar, now, actor });
      const newEvents = await Promise.all(this.toNewEvents(command, events, envelope, now).map((event) => this.sealVisit(event)));
      const hashes = await this.requestHashes(command, request, newEvents, true);
      for (const event of newEvents) Object.assign(event.metadata, hashes);
      try {
        const appended = await this.store.append(stream, newEvents, loaded.revision);
        if (!appended.written) {
          const again = await this.sessions.load(command.sessionId, actor);
          const winner = await this.findEarlierExecution(again.recorded, command, envelope, request);
          if (winner) return winner;
        }
        const first = appended.revision - newEvents.length + 1;
        return {
          sessionId: command.sessionId,
          revision: appended.revision,
          position: appended.position.toString(),
          events: newEvents.map((e, i) => ({ id: e.id, type: e.type, revision: first + i })),
          replayed: !appended.written,
        };
      } catch (error) {
        if (error instanceof DuplicateEventIdError) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
        if (!(error instanceof ConcurrencyError)) throw error;
        const again = await this.sessions.load(command.sessionId, actor);
        const winner = await this.findEarlierExecution(again.recorded, command, envelope, request);
        if (winner) return winner;
        if (envelope.expectedRevision !== undefined || attempt >= MAX_ATTEMPTS) throw new ConcurrencyError(error.stream, envelope.expectedRevision ?? error.expected, again.revision);
      }
    }
  }

  private toNewEvents(command: ReceptionCommand, events: ReceptionEvent[], envelope: CommandEnvelope, occurredAt: string): NewEvent[] {
    const scope = scopeOf(command.sessionId, envelope);
    const commandId = deriveEventId(scope, -1);
    const reason = 'reason' in command ? command.reason : undefined;
    return events.map((event, index) => ({
      id: deriveEventId(scope, index),
      type: event.type,
      schemaVersion: RECEPTION_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data as unknown as Record<string, unknown>,
      metadata: commandMetadata(envelope, { type: command.type, commandId, occurredAt, reason }),
    }));
  }

  /** Visitors' identities are sealed before the event leaves the handler, with a key of the visit's own. */
  private async sealVisit(event: NewEvent): Promise<NewEvent> {
    if (event.type !== 'VisitRecorded') return event;
    const keyId = visitKeyId(String(event.data['sessionId']), Number(event.data['visitNo']));
    return { ...event, data: { ...event.data, parties: await this.vault.sealParties(keyId, event.data['parties'] as Party[]) } };
  }

  /**
   * The request's hashes as stored: SHA-256 of everything but the visitors' identities, and their hash keyed by the
   * visit's key, so the stored hash neither confirms a guessed identity nor outlives an erased key.
   */
  private async requestHashes(command: ReceptionCommand, request: SplitRequest, events: readonly NewEvent[], create: boolean): Promise<{ requestHash: string; sealedRequestHash?: string }> {
    const requestHash = sha256Hex(request.open);
    const visit = events.find((e) => e.type === 'VisitRecorded');
    if (request.sealed === undefined || visit === undefined || command.type !== 'RecordVisit') return { requestHash };
    const sealed = await this.vault.requestHash(visitKeyId(command.sessionId, Number(visit.data['visitNo'])), request.sealed, { create });
    return sealed === undefined ? { requestHash } : { requestHash, sealedRequestHash: sealed };
  }

  /** The events an earlier execution of this key by this sender appended, answered again; a different body is refused. */
  private async findEarlierExecution(recorded: RecordedEvent[], command: ReceptionCommand, envelope: CommandEnvelope, request: SplitRequest): Promise<ReceptionCommandResult | undefined> {
    const scope = scopeOf(command.sessionId, envelope);
    const firstId = deriveEventId(scope, 0);
    const start = recorded.findIndex((e) => e.id === firstId);
    if (start < 0) return undefined;
    const batch: RecordedEvent[] = [];
    for (let i = start; i < recorded.length && recorded[i]!.id === deriveEventId(scope, i - start); i++) batch.push(recorded[i]!);
    const stored = batch[0]!.metadata;
    if (stored['requestHash'] !== sha256Hex(request.open)) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
    // Identities are compared only for a sender cleared to read them: for anyone else a replay must not confirm a guess.
    const visit = batch.find((e) => e.type === 'VisitRecorded');
    if (request.sealed !== undefined && visit !== undefined && hasPermission(envelope.principal.role, 'identity.reveal')) {
      const sealed = await this.vault.requestHash(visitKeyId(command.sessionId, Number(visit.data['visitNo'])), request.sealed, { create: false });
      if (sealed !== undefined && sealed !== stored['sealedRequestHash']) throw new IdempotencyKeyReusedError(envelope.idempotencyKey);
    }
    const last = batch[batch.length - 1]!;
    return {
      sessionId: command.sessionId,
      revision: last.revision,
      position: last.position.toString(),
      events: batch.map((e) => ({ id: e.id, type: e.type, revision: e.revision })),
      replayed: true,
    };
  }
}

interface SplitRequest {
  /** Canonical JSON of the command without the visitors' identities. */
  open: string;
  /** Canonical JSON of the visitors' identities alone; undefined when there are none. */
  sealed?: string;
}

function requestOf(command: ReceptionCommand): SplitRequest {
  if (command.type !== 'RecordVisit' || command.parties.length === 0) return { open: canonicalJson(command) };
  const open = command.parties.map((party) => {
    const rest: Partial<Party> = { ...party };
    for (const field of IDENTITY_FIELDS) delete rest[field];
    return rest;
  });
  const sealed = command.parties.map((party) => Object.fromEntries(IDENTITY_FIELDS.filter((f) => party[f] !== undefined).map((f) => [f, party[f]])));
  return { open: canonicalJson({ ...command, parties: open }), sealed: canonicalJson(sealed) };
}

/** Event ids of a command are scoped by stream and sender, as for cases: another user's same key is another command. */
function scopeOf(sessionId: string, envelope: CommandEnvelope): string {
  return `${receptionStream(sessionId)}\n${envelope.principal.id}\n${envelope.idempotencyKey}`;
}
