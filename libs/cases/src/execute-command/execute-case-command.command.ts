import { Command } from '@nestjs/cqrs';
import type { Actor, CaseCommand, DeadlineCommand } from '@kntc/domain';
import type { Role } from '@kntc/workflow';
import type { CaseSnapshot } from '../shared/case.repository';

/** The account that sent the command; differs from the actor only when the importer replays a register. */
export interface Principal {
  id: string;
  role: Role;
}

export interface CommandEnvelope {
  /** On whose behalf the act is recorded. */
  actor: Actor;
  principal: Principal;
  /** The same key appends nothing new and answers as the first time did. */
  idempotencyKey: string;
  /** The revision the caller saw (HTTP If-Match); omitted = the handler retries on a concurrent change. */
  expectedRevision?: number;
  /** Business time of a historical act; only for the importer. */
  occurredAt?: string;
  correlationId?: string;
  causationId?: string;
}

export interface CommandResult {
  caseId: string;
  /** Revision of the case stream after the command. */
  revision: number;
  /** Global store position of the last event written; a query `?after=` waits for it. */
  position: string;
  events: Array<{ id: string; type: string; revision: number }>;
  /** True when this answer repeats an earlier execution of the same idempotency key. */
  replayed: boolean;
  /**
   * The case as this command left it (its events as stored, identities sealed), when this execution appended them:
   * the answer's view is built from it instead of reading the stream again. Not part of an answer's body.
   */
  after?: CaseSnapshot;
}

/** Runs any case command through the workflow's decider: read, evolve, decide, append. */
export class ExecuteCaseCommand extends Command<CommandResult> {
  constructor(
    /** A user's command, or a deadline worker's system command (a fired timer). */
    readonly command: CaseCommand | DeadlineCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
