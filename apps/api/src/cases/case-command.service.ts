import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ExecuteCaseCommand, GetCaseQuery, type CaseView, type CommandResult } from '@kntc/cases';
import type { Actor, CaseCommand } from '@kntc/domain';
import type { CommandHeaders } from './command-headers';

export interface CaseCommandResponse extends Omit<CommandResult, 'replayed' | 'after'> {
  /** The case as it stood right after the command: a retry of the same key answers the same body. */
  case: CaseView;
}

export interface CaseCommandOutcome {
  body: CaseCommandResponse;
  /** Answered from an earlier execution of the same Idempotency-Key (header `Idempotent-Replayed`). */
  replayed: boolean;
}

/** Runs a command for the HTTP actor and answers with the case as of the revision it produced (read back only for a replay). */
@Injectable()
export class CaseCommandService {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async run(command: CaseCommand, actor: Actor, headers: CommandHeaders): Promise<CaseCommandOutcome> {
    const { replayed, after, ...result } = await this.commands.execute(
      new ExecuteCaseCommand(command, {
        actor,
        principal: { id: actor.id, role: actor.role },
        idempotencyKey: headers.idempotencyKey,
        ...(headers.expectedRevision !== undefined ? { expectedRevision: headers.expectedRevision } : {}),
        ...(headers.correlationId !== undefined ? { correlationId: headers.correlationId } : {}),
      }),
    );
    const view = await this.queries.execute(new GetCaseQuery(result.caseId, actor, result.revision, undefined, after));
    return { body: { ...result, case: view }, replayed };
  }
}
