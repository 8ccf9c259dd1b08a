import { CASE_STREAM_PREFIX, ExecuteCaseCommand } from '@kntc/cases';
import { CommandRefused, foldCase, readCaseEvent, type Actor, type CaseEvent, type DeadlineCommand } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import type { CommandBus } from '@nestjs/cqrs';
import type { JobOutcome } from '../queues';

export const DEADLINE_WORKER_ID = 'deadline-worker';

/** Refusals that mean "this timer is stale or already done": the job completes as skipped, not failed. */
export const SKIP_CODES = ['clock-not-running', 'deadline-moved', 'deadline-step-done', 'deadline-reminder-passed', 'deadline-not-due', 'case-not-stalled'] as const;

/**
 * Sends a fired timer's command through the command bus as the system actor of the case's department, with
 * the job id as idempotency key: a job that runs twice appends once (event ids derive from the key).
 */
export class DeadlineCommandSender {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async send(command: DeadlineCommand, idempotencyKey: string): Promise<JobOutcome> {
    const department = await this.departmentOf(command.caseId);
    if (department === undefined) return { skipped: 'case-not-found' };
    const actor: Actor = { id: DEADLINE_WORKER_ID, role: 'system', department };
    try {
      const result = await this.commands.execute(new ExecuteCaseCommand(command, { actor, principal: { id: actor.id, role: actor.role }, idempotencyKey }));
      return { done: true, position: result.position };
    } catch (error) {
      if (error instanceof CommandRefused && (SKIP_CODES as readonly string[]).includes(error.code)) return { skipped: error.code };
      throw error;
    }
  }

  /** The case's department, from its own stream (the store, not a read model that may lag). */
  private async departmentOf(caseId: string): Promise<string | undefined> {
    const events = (await this.store.readStream(`${CASE_STREAM_PREFIX}${caseId}`)).map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
    const state = foldCase(events);
    return state.status === 'none' ? undefined : state.department;
  }
}
