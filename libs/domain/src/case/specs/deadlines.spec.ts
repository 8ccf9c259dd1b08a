import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import { foldCase } from '../case.evolve';

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

  it('is sent on the due day itself for "0 working days before" (the day ends at 24:00)', () => {
    spec.given(filed()).when(reminder(0), actors.system, at('2026-03-03', '23:00')).thenMatches([{ type: 'DeadlineReminderSent' }]);
  });

  it('is skipped once its day has passed: on Mon 02/03 one working day is left, not three', () => {
    spec.given(filed()).when(reminder(3), actors.system, at('2026-03-02', '08:00')).thenRefused('deadline-reminder-passed');
  });

  it('is skipped after the due date: the miss is recorded instead', () => {
    spec.given(filed()).when(reminder(0), actors.system, at('2026-03-04', '08:00')).thenRefused('deadline-reminder-passed');
  });

  // A job promoted by hand in the queues UI runs before its day: "còn 3 ngày" must not be told while 6 remain.
  it('is refused before its day: on Tue 24/02 five working days are left, the 3-day reminder is for Thu 26/02', () => {
    spec.given(filed()).when(reminder(3), actors.system, at('2026-02-24', '08:00')).thenRefused('deadline-not-due');
    spec.given(filed()).when(reminder(3), actors.system, at('2026-02-25', '23:59')).thenRefused('deadline-not-due');
    spec.given(filed()).when(reminder(0), actors.system, at('2026-03-02', '08:00')).thenRefused('deadline-not-due');
  });

  it('is refused on the days off before its day too (Sun 01/03 counts Mon 02/03 and Tue 03/03 still to come)', () => {
    spec.given(filed()).when(reminder(1), actors.system, at('2026-03-01', '08:00')).thenRefused('deadline-not-due');
    spec.given(filed()).when(reminder(1), actors.system, at('2026-03-02', '00:00')).thenMatches([{ type: 'DeadlineReminderSent', data: { workingDaysBefore: 1 } }]);
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

  it('escalates no level before its day: level 2 is for Fri 06/03, two working days after the miss on Wed 04/03', () => {
    const overdue = spec.history([filing, { command: missed, actor: actors.system, at: at('2026-03-04') }]);
    const escalate = (level: number) => ({ type: 'EscalateOverdueCase', caseId, clock: 'acceptance', dueDate: DUE, level }) as const;
    spec.given(overdue).when(escalate(2), actors.system, at('2026-03-05', '23:59')).thenRefused('deadline-not-due');
    const second = [...overdue, ...spec.given(overdue).when(escalate(2), actors.system, at('2026-03-06', '00:00')).thenMatches([{ type: 'CaseEscalated', data: { level: 2 } }])];
    // Level 3 counts from level 2's day: Mon 09/03, Tue 10/03.
    spec.given(second).when(escalate(3), actors.system, at('2026-03-09', '08:00')).thenRefused('deadline-not-due');
  });

  it('is stale when the due date moved (a suspension and resumption re-set it)', () => {
    // Complaint suspension exists from 01/07/2026 (NĐ 155/2026): received Mon 29/06, accepted Wed 01/07 (due Fri 31/07).
    const accepted = spec.history([
      { command: fileCase('complaint-first', '2026-06-29'), actor: actors.intake, at: at('2026-06-29') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-07-01') },
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actor: actors.head, at: at('2026-07-03') },
      { command: { type: 'ResumeCase', caseId, reason: 'Có kết quả' }, actor: actors.head, at: at('2026-07-15') },
    ]);
    // Restarted from Wed 15/07: 30 days end Fri 14/08/2026.
    expect(accepted.at(-1)).toMatchObject({ type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', dueDate: '2026-08-14' } });
    spec
      .given(accepted)
      .when({ type: 'RecordDeadlineMissed', caseId, clock: 'resolution', dueDate: '2026-07-31' }, actors.system, at('2026-08-01'))
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

describe('a complaint overdue, then suspended and resumed (NĐ 155/2026, Điều 28b(2) NĐ 124/2020: the period restarts)', () => {
  // Received Mon 29/06/2026, accepted Wed 01/07: resolution due Fri 31/07; missed on 01/08, escalated to level 2 on Tue 04/08.
  const OLD_DUE = '2026-07-31';
  const missedOld = { type: 'RecordDeadlineMissed', caseId, clock: 'resolution', dueDate: OLD_DUE } as const;
  const escalateOld = (level: number) => ({ type: 'EscalateOverdueCase', caseId, clock: 'resolution', dueDate: OLD_DUE, level }) as const;
  const resumed = () =>
    spec.history([
      { command: fileCase('complaint-first', '2026-06-29'), actor: actors.intake, at: at('2026-06-29') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-07-01') },
      { command: missedOld, actor: actors.system, at: at('2026-08-01', '00:00') },
      { command: escalateOld(2), actor: actors.system, at: at('2026-08-04', '08:00') },
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ kết quả vụ việc liên quan' }, actor: actors.head, at: at('2026-08-05') },
      { command: { type: 'ResumeCase', caseId, reason: 'Đã có kết quả' }, actor: actors.head, at: at('2026-08-10') },
    ]);

  it('gets a fresh full period of 30 days from the resumption (Mon 10/08 → Wed 09/09), no longer missed nor escalated', () => {
    const events = resumed();
    expect(events.at(-1)).toMatchObject({
      type: 'DeadlineSet',
      data: { clock: 'resolution', cause: 'resumed', startedOn: '2026-08-10', dueDate: '2026-09-09', basis: { consumed: 0, length: 30, onResume: 'restart' } },
    });
    expect(events.at(-1)!.data).not.toHaveProperty('overdue');
    expect(foldCase(events)).toMatchObject({ clocks: { resolution: { status: 'running', dueDate: '2026-09-09', missed: false, escalationLevel: 0 } } });
  });

  it('refuses the timers of the old due date as stale: the miss and the next escalation', () => {
    spec.given(resumed()).when(missedOld, actors.system, at('2026-08-10', '09:05')).thenRefused('deadline-moved');
    spec.given(resumed()).when(escalateOld(3), actors.system, at('2026-08-12', '08:00')).thenRefused('deadline-moved');
  });

  it('is not missed before the new due date, and is missed once after it, from escalation level 1', () => {
    const missedNew = { type: 'RecordDeadlineMissed', caseId, clock: 'resolution', dueDate: '2026-09-09' } as const;
    spec.given(resumed()).when(missedNew, actors.system, at('2026-09-09', '23:00')).thenRefused('deadline-not-due');
    spec
      .given(resumed())
      .when(missedNew, actors.system, at('2026-09-10', '00:00'))
      .thenMatches([
        { type: 'DeadlineMissed', data: { clock: 'resolution', dueDate: '2026-09-09' } },
        { type: 'CaseEscalated', data: { reason: 'overdue', level: 1, to: 'head', dueDate: '2026-09-09' } },
      ]);
  });
});
