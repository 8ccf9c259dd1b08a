import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';

const { workflow, calendar } = loadSpecEngine('complaint-first');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;

// Received Tue 10/02/2026: acceptance due after 10 working days, past Tết (14-22/02): 11-13/02 (3), 23-27/02 (8), 02-03/03 (10).
const filing: Step = { command: fileCase('complaint-first', '2026-02-10'), actor: actors.intake, at: at('2026-02-10') };
const DUE = '2026-03-03';
const filed = () => spec.history([filing]);
const reminder = (workingDaysBefore: number) => ({ type: 'SendDeadlineReminder', caseId, clock: 'acceptance', dueDate: DUE, workingDaysBefore }) as const;
const missed = { type: 'RecordDeadlineMissed', caseId, clock: 'acceptance', dueDate: DUE } as const;

describe('deadline timers: a reminder fired for a running clock', () => {
  it('records the reminder for the inspector and the head', () => {
    spec
      .given(filed())
      .when(reminder(3), actors.system, at('2026-02-26', '08:00'))
      .then([
        {
          type: 'DeadlineReminderSent',
          data: { caseId, clock: 'acceptance', dueDate: DUE, workingDaysBefore: 3, sentAt: at('2026-02-26', '08:00'), notify: ['inspector', 'head'] },
        },
      ]);
  });

  it('is ignored when the same reminder was already recorded (the job ran twice)', () => {
    const reminded = [...filed(), ...spec.given(filed()).when(reminder(3), actors.system, at('2026-02-26')).thenMatches([{ type: 'DeadlineReminderSent' }])];
    spec.given(reminded).when(reminder(3), actors.system, at('2026-02-26', '08:05')).thenRefused('deadline-step-done');
  });

  it('is ignored once the case is accepted: the clock stopped', () => {
    const accepted = spec.history([filing, { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-02-24') }]);
    spec.given(accepted).when(reminder(0), actors.system, at('2026-03-03')).thenRefused('clock-not-running');
  });

  it('is refused to anyone but the system', () => {
    spec.given(filed()).when(reminder(3), actors.head, at('2026-02-26')).thenRefused('role-not-allowed');
  });
});

describe('deadline timers: the due date passes', () => {
  it('is not missed during the due day itself (it ends at 24:00 in Hanoi)', () => {
    spec.given(filed()).when(missed, actors.system, at('2026-03-03', '23:59')).thenRefused('deadline-not-due');
  });

  it('records DeadlineMissed and escalates to the head just after midnight', () => {
    spec
      .given(filed())
      .when(missed, actors.system, at('2026-03-04', '00:00'))
      .thenMatches([
        { type: 'DeadlineMissed', data: { clock: 'acceptance', dueDate: DUE } },
        { type: 'CaseEscalated', data: { reason: 'overdue', level: 1, to: 'head', clock: 'acceptance' } },
      ]);
  });

  it('escalates once per level, up to the director, and no level twice', () => {
    const overdue = spec.history([filing, { command: missed, actor: actors.system, at: at('2026-03-04') }]);
    const escalate = (level: number) => ({ type: 'EscalateOverdueCase', caseId, clock: 'acceptance', dueDate: DUE, level }) as const;
    const second = [...overdue, ...spec.given(overdue).when(escalate(2), actors.system, at('2026-03-06')).thenMatches([{ type: 'CaseEscalated', data: { level: 2, to: 'director' } }])];
    spec.given(second).when(escalate(2), actors.system, at('2026-03-06')).thenRefused('deadline-step-done');
    spec.given(second).when(escalate(3), actors.system, at('2026-03-10')).thenMatches([{ type: 'CaseEscalated', data: { level: 3, to: 'director' } }]);
  });

  it('is stale when the due date moved (a suspension and resumption re-set it)', () => {
    const accepted = spec.history([
      filing,
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-02-24') },
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actor: actors.head, at: at('2026-02-25') },
      { command: { type: 'ResumeCase', caseId, reason: 'Có kết quả' }, actor: actors.head, at: at('2026-03-10') },
    ]);
    // Restarted from 10/03: 30 days end Thu 09/04/2026.
    spec
      .given(accepted)
      .when({ type: 'RecordDeadlineMissed', caseId, clock: 'resolution', dueDate: '2026-03-26' }, actors.system, at('2026-03-27'))
      .thenRefused('deadline-moved');
  });
});

describe('stalled cases: no progress in a stage', () => {
  it('flags a case filed and not assigned after 2 working days (10/02 → 12/02)', () => {
    spec
      .given(filed())
      .when({ type: 'FlagStalledCase', caseId, stage: 'filed', since: '2026-02-10' }, actors.system, at('2026-02-12', '18:00'))
      .thenMatches([{ type: 'CaseEscalated', data: { reason: 'stalled', stage: 'filed', since: '2026-02-10', level: 1, to: 'head' } }]);
  });

  it('does not flag it after one working day (11/02)', () => {
    spec.given(filed()).when({ type: 'FlagStalledCase', caseId, stage: 'filed', since: '2026-02-10' }, actors.system, at('2026-02-11')).thenRefused('case-not-stalled');
  });

  it('does not flag a case that moved since the check was planned', () => {
    const assigned = spec.history([filing, { command: { type: 'AssignInspector', caseId, inspectorId: 'u-inspector' }, actor: actors.head, at: at('2026-02-11') }]);
    spec.given(assigned).when({ type: 'FlagStalledCase', caseId, stage: 'filed', since: '2026-02-10' }, actors.system, at('2026-02-20')).thenRefused('case-not-stalled');
  });

  it('flags one standstill once', () => {
    const flagged = spec.history([filing, { command: { type: 'FlagStalledCase', caseId, stage: 'filed', since: '2026-02-10' }, actor: actors.system, at: at('2026-02-13') }]);
    spec.given(flagged).when({ type: 'FlagStalledCase', caseId, stage: 'filed', since: '2026-02-10' }, actors.system, at('2026-02-24')).thenRefused('deadline-step-done');
  });
});
