import type { WorkflowDefinition, WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../shared/actor';
import type { CaseCommand } from '../case/case.commands';
import type { UserLookup } from '../case/case.context';
import type { DeadlineCommand } from '../case/deadline.commands';
import { decide } from '../case/case.decide';
import { CommandRefused, type RefusalCode } from '../case/case.errors';
import type { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.evolve';
import type { CaseState } from '../case/case.state';

/** One step of a history: a command, who ran it and when (business time, UTC ISO-8601). */
export interface Step {
  command: CaseCommand | DeadlineCommand;
  actor: Actor;
  at: string;
}

/**
 * Given/when/then over the pure decider (Emmett's DeciderSpecification): given events (written out, or
 * produced by earlier steps), when a command, then the events it causes or the refusal it gets.
 */
export class DeciderSpecification {
  constructor(
    private readonly workflow: WorkflowDefinition,
    private readonly calendar: WorkingCalendar,
    /** The users directory the application would hand in; without it assignees are not judged. */
    private readonly users?: UserLookup,
  ) {}

  given(events: CaseEvent[] = []): Given {
    return new Given(this.workflow, this.calendar, events, this.users);
  }

  /** Events produced by running the steps one after the other; each must succeed. */
  history(steps: Step[]): CaseEvent[] {
    return steps.reduce<CaseEvent[]>((events, step) => [...events, ...this.run(foldCase(events), step)], []);
  }

  private run(state: CaseState, step: Step): CaseEvent[] {
    return decide(step.command, state, { workflow: this.workflow, calendar: this.calendar, now: step.at, actor: step.actor, ...this.usersCtx() });
  }

  private usersCtx(): { users?: UserLookup } {
    return this.users ? { users: this.users } : {};
  }
}

class Given {
  constructor(
    private readonly workflow: WorkflowDefinition,
    private readonly calendar: WorkingCalendar,
    private readonly events: CaseEvent[],
    private readonly users: UserLookup | undefined,
  ) {}

  when(command: CaseCommand | DeadlineCommand, actor: Actor, at: string): When {
    const users = this.users;
    const run = () =>
      decide(command, foldCase(this.events), { workflow: this.workflow, calendar: this.calendar, now: at, actor, ...(users ? { users } : {}) });
    return new When(run);
  }
}

class When {
  constructor(private readonly run: () => CaseEvent[]) {}

  then(expected: CaseEvent[]): CaseEvent[] {
    const events = this.run();
    expect(events).toEqual(expected);
    return events;
  }

  /** Only the listed fields are compared, event by event, in order. */
  thenMatches(expected: Array<{ type: CaseEvent['type']; data?: Record<string, unknown> }>): CaseEvent[] {
    const events = this.run();
    expect(events).toMatchObject(expected);
    expect(events).toHaveLength(expected.length);
    return events;
  }

  thenRefused(code: RefusalCode, extra: { allowedCommands?: string[] } = {}): CommandRefused {
    let refusal: unknown;
    try {
      this.run();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CommandRefused);
    const refused = refusal as CommandRefused;
    expect(refused.code).toBe(code);
    if (extra.allowedCommands) expect([...refused.allowedCommands].sort()).toEqual([...extra.allowedCommands].sort());
    return refused;
  }
}
