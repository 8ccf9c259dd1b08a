import { CommandRefused, type AnyRefusalCode } from '../../case/case.errors';

/**
 * Given/when/then over a pure decider of a stream other than a case's (đơn, matter): given events, when a
 * command at a business time, then the events it causes or the refusal it gets (nothing appended).
 */
export class StreamSpecification<C, E, S> {
  constructor(
    private readonly fold: (events: readonly E[]) => S,
    private readonly decide: (command: C, state: S, now: string) => E[],
  ) {}

  given(events: E[] = []) {
    return {
      when: (command: C, now: string) => {
        const run = () => this.decide(command, this.fold(events), now);
        return {
          then: (expected: E[]) => {
            const events = run();
            expect(events).toEqual(expected);
            return events;
          },
          thenMatches: (expected: Array<{ type: string; data?: Record<string, unknown> }>) => {
            const events = run();
            expect(events).toMatchObject(expected);
            expect(events).toHaveLength(expected.length);
            return events;
          },
          thenRefused: (code: AnyRefusalCode) => {
            let refusal: unknown;
            try {
              run();
            } catch (error) {
              refusal = error;
            }
            expect(refusal).toBeInstanceOf(CommandRefused);
            expect((refusal as CommandRefused).code).toBe(code);
            return refusal as CommandRefused;
          },
        };
      },
    };
  }

  /** The events of running the commands one after the other; each must succeed. */
  history(steps: Array<[C, string]>): E[] {
    return steps.reduce<E[]>((events, [command, now]) => [...events, ...this.decide(command, this.fold(events), now)], []);
  }
}
