import type { WorkingCalendar } from '@kntc/workflow';
import type { Actor } from '../../shared/actor';
import type { ReceptionCommand } from '../reception.commands';
import { decideReception } from '../reception.decide';
import { ReceptionCommandRefused, type ReceptionRefusalCode } from '../reception.errors';
import type { ReceptionEvent } from '../reception.events';
import { foldReception } from '../reception.evolve';

export interface ReceptionStep {
  command: ReceptionCommand;
  actor: Actor;
  at: string;
}

/** Given/when/then over the reception decider, as DeciderSpecification does for cases. */
export class ReceptionSpecification {
  constructor(private readonly calendar: WorkingCalendar) {}

  /** Events produced by running the steps one after the other; each must succeed. */
  history(steps: ReceptionStep[]): ReceptionEvent[] {
    return steps.reduce<ReceptionEvent[]>(
      (events, step) => [...events, ...decideReception(step.command, foldReception(events), { calendar: this.calendar, now: step.at, actor: step.actor })],
      [],
    );
  }

  given(events: ReceptionEvent[] = []) {
    return {
      when: (command: ReceptionCommand, actor: Actor, at: string) => {
        const run = () => decideReception(command, foldReception(events), { calendar: this.calendar, now: at, actor });
        return {
          then: (expected: ReceptionEvent[]) => expect(run()).toEqual(expected),
          thenMatches: (expected: Array<{ type: ReceptionEvent['type']; data?: Record<string, unknown> }>) => {
            const produced = run();
            expect(produced).toMatchObject(expected);
            expect(produced).toHaveLength(expected.length);
            return produced;
          },
          thenRefused: (code: ReceptionRefusalCode) => {
            let refusal: unknown;
            try {
              run();
            } catch (error) {
              refusal = error;
            }
            expect(refusal).toBeInstanceOf(ReceptionCommandRefused);
            expect((refusal as ReceptionCommandRefused).code).toBe(code);
            return refusal as ReceptionCommandRefused;
          },
        };
      },
    };
  }
}
