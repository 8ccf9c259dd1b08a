import { Command } from '@nestjs/cqrs';
import type { ReceptionCommand } from '@kntc/domain';
import type { CommandEnvelope } from '../execute-command/execute-case-command.command';

export interface ReceptionCommandResult {
  sessionId: string;
  /** Revision of the session stream after the command. */
  revision: number;
  /** Global store position of the last event written; `?after=` of the schedule and the book waits for it. */
  position: string;
  events: Array<{ id: string; type: string; revision: number }>;
  /** True when this answer repeats an earlier execution of the same idempotency key. */
  replayed: boolean;
}

/** Runs a command on a reception session: read, evolve, decide, append (as ExecuteCaseCommand does for cases). */
export class ExecuteReceptionCommand extends Command<ReceptionCommandResult> {
  constructor(
    readonly command: ReceptionCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
