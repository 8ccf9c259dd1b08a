import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import { evolveClocks, foldCase } from '../case.evolve';
import type { ExistingCase } from '../case.state';
import { caseProgressOf, clockTimersOf } from '../case.views';

const { workflow, calendar } = loadSpecEngine('complaint-first');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;

// Received Tue 10/02/2026: acceptance due 03/03 (10 working days past Tết), reminders 3 and 0 working days before.
const filing: Step = { command: fileCase('complaint-first', '2026-02-10'), actor: actors.intake, at: at('2026-02-10') };
const DUE = '2026-03-03';
const fold = (steps: Step[]) => foldCase(spec.history(steps)) as ExistingCase;

describe('what the read models and the timers read off the domain fold', () => {
  it('gives a running clock its reminders, then the miss, as steps', () => {
    const [timers] = clockTimersOf(fold([filing]).clocks, workflow, calendar);
    expect(timers).toMatchObject({ clock: 'acceptance', paused: false, dueDate: DUE, missed: false });
    expect(timers!.steps).toEqual([
      { step: 'remind', workingDaysBefore: 3, on: '2026-02-26' },
      { step: 'remind', workingDaysBefore: 0, on: DUE },
      { step: 'missed', after: '2026-03-03T16:59:59.999Z' },
    ]);
  });

  it('after the miss, gives the next escalation repeatEvery working days after the last', () => {
    const missed: Step = { command: { type: 'RecordDeadlineMissed', caseId, clock: 'acceptance', dueDate: DUE }, actor: actors.system, at: at('2026-03-04', '08:00') };
    const [timers] = clockTimersOf(fold([filing, missed]).clocks, workflow, calendar, '2026-03-04');
    expect(timers).toMatchObject({ missed: true, escalation: { level: 1, on: '2026-03-04' } });
    expect(timers!.steps).toEqual([{ step: 'escalate', level: 2, on: '2026-03-06' }]);
  });

  it('leaves out a stopped clock, and shows an ended case with its stage and status', () => {
    const accepted = fold([filing, { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-02-24') }]);
    expect(clockTimersOf(accepted.clocks, workflow, calendar).map((t) => t.clock)).not.toContain('acceptance');
    const progress = caseProgressOf(accepted);
    expect(progress).toMatchObject({ status: 'active', stage: 'accepted' });
    expect(progress.clocks.find((c) => c.clock === 'acceptance')).toMatchObject({ status: 'stopped', stoppedOn: '2026-02-24', metDeadline: true });
  });

  it('changes no clock for an event that is not about clocks (the same object back)', () => {
    const clocks = fold([filing]).clocks;
    expect(evolveClocks(clocks, { type: 'CaseAccepted', data: { caseId, acceptedAt: at('2026-02-24'), stage: 'accepted' } })).toBe(clocks);
  });
});
