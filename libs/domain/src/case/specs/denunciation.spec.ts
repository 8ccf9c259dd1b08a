import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import { foldCase } from '../case.evolve';

const { workflow, calendar } = loadSpecEngine('denunciation');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;

// Received Tue 10/02/2026, just before Tết (14-22/02/2026 off).
const filing: Step = { command: fileCase('denunciation', '2026-02-10'), actor: actors.intake, at: at('2026-02-10') };
const acceptance: Step = { command: { type: 'AcceptCase', caseId, documentNo: '03/QĐ-TTr' }, actor: actors.head, at: at('2026-03-02') };
const accepted = () => spec.history([filing, acceptance]);

describe('denunciation: a đơn received just before Tết 2026', () => {
  it('is screened within 7 working days, due Thu 26/02/2026 after the Tết holiday', () => {
    // 11-13/02 (3), Tết 14-22/02 off, 23-26/02 (7).
    spec
      .given()
      .when(filing.command, actors.intake, filing.at)
      .thenMatches([
        { type: 'CaseFiled', data: { stage: 'screening' } },
        { type: 'DeadlineSet', data: { clock: 'screening', dueDate: '2026-02-26', basis: { ruleId: 'TC.SCREEN', length: 7 } } },
      ]);
  });

  it('keeps the denouncer identity confidential whatever the form said', () => {
    const [filed] = spec.given().when(filing.command, actors.intake, filing.at).thenMatches([{ type: 'CaseFiled' }, { type: 'DeadlineSet' }]);
    expect(filed?.type === 'CaseFiled' && filed.data.parties[0]).toMatchObject({ role: 'denouncer', confidential: true });
  });

  it('extends screening once to 10 working days (Tue 03/03/2026), not twice', () => {
    const extended = spec.history([filing, { command: { type: 'ExtendDeadline', caseId, clock: 'screening', reason: 'Xác minh nhiều nơi' }, actor: actors.head, at: at('2026-02-24') }]);
    // 27/02 (8), 02/03 (9), 03/03 (10).
    expect(extended.at(-1)).toMatchObject({
      type: 'DeadlineExtended',
      data: { clock: 'screening', extension: 1, previousDueDate: '2026-02-26', dueDate: '2026-03-03', basis: { extendedBy: 3 } },
    });
    spec.given(extended).when({ type: 'ExtendDeadline', caseId, clock: 'screening', reason: 'again' }, actors.head, at('2026-02-25')).thenRefused('extension-not-allowed');
  });

  it('refuses to accept a đơn on the ground codes of complaints', () => {
    spec
      .given(spec.history([filing]))
      .when({ type: 'RejectCase', caseId, groundCode: 'KN11.6', reason: 'x' }, actors.head, at('2026-02-12'))
      .thenRefused('invalid-ground');
  });

  it('starts a 30-day resolution clock on acceptance (Mon 02/03 → Wed 01/04/2026), stopping screening late', () => {
    spec
      .given(spec.history([filing]))
      .when(acceptance.command, actors.head, acceptance.at)
      .thenMatches([
        { type: 'CaseAccepted', data: { stage: 'accepted' } },
        { type: 'DeadlineStopped', data: { clock: 'screening', metDeadline: false, dueDate: '2026-02-26' } },
        { type: 'DeadlineSet', data: { clock: 'resolution', startedOn: '2026-03-02', dueDate: '2026-04-01', basis: { unit: 'calendar-days' } } },
      ]);
  });
});

describe('denunciation: extensions of the resolution clock follow the complexity (NĐ 31/2019 art. 3)', () => {
  const extend = { type: 'ExtendDeadline', caseId, clock: 'resolution', reason: 'Vụ việc phức tạp', documentNo: '05/QĐ-GH' } as const;

  it('refuses an extension of a case not found complex', () => {
    spec.given(accepted()).when(extend, actors.head, at('2026-03-25')).thenRefused('extension-not-allowed');
  });

  it('allows one extension of 30 days for a complex case: 60 days end Fri 01/05 (holiday), rolled to Mon 04/05', () => {
    const complex = spec.history([filing, acceptance, { command: { type: 'DetermineComplexity', caseId, criteria: ['a'], reason: 'Nhiều địa điểm' }, actor: actors.head, at: at('2026-03-10') }]);
    expect(complex.at(-1)).toMatchObject({ type: 'ComplexityDetermined', data: { level: 'complex' } });
    const once = [...complex, ...spec.given(complex).when(extend, actors.head, at('2026-03-25')).thenMatches([
      { type: 'DeadlineExtended', data: { extension: 1, previousDueDate: '2026-04-01', dueDate: '2026-05-04', documentNo: '05/QĐ-GH', basis: { extendedBy: 30, rolledForward: true } } },
    ])];
    spec.given(once).when(extend, actors.head, at('2026-04-20')).thenRefused('extension-not-allowed');
  });

  it('allows two extensions for an especially complex case: 90 days end Sun 31/05, rolled to Mon 01/06', () => {
    const especially = spec.history([
      filing,
      acceptance,
      { command: { type: 'DetermineComplexity', caseId, criteria: ['a', 'g'], reason: 'Nhiều địa điểm, chứng cứ mâu thuẫn' }, actor: actors.director, at: at('2026-03-10') },
      { command: extend, actor: actors.head, at: at('2026-03-25') },
    ]);
    spec
      .given(especially)
      .when(extend, actors.head, at('2026-04-25'))
      .thenMatches([{ type: 'DeadlineExtended', data: { extension: 2, previousDueDate: '2026-05-04', dueDate: '2026-06-01', basis: { extendedBy: 60 } } }]);
  });
});

describe('denunciation: suspension time is not counted (Luật Tố cáo art. 34(2))', () => {
  it('re-sets the resolution clock from the resumption with the days left: 10 used of 30, 20 from Fri 20/03 → Thu 09/04', () => {
    const suspended = spec.history([
      filing,
      acceptance,
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actor: actors.head, at: at('2026-03-12') },
    ]);
    spec
      .given(suspended)
      .when({ type: 'ResumeCase', caseId, reason: 'Có kết quả giám định' }, actors.head, at('2026-03-20'))
      .thenMatches([
        { type: 'CaseResumed', data: { resumedOn: '2026-03-20' } },
        { type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', startedOn: '2026-03-20', dueDate: '2026-04-09', basis: { consumed: 10, length: 20 } } },
      ]);
  });
});

describe('denunciation: withdrawal (Luật Tố cáo art. 33)', () => {
  it('lets the head continue a withdrawn denunciation: the stage and clocks go on', () => {
    spec
      .given(accepted())
      .when({ type: 'WithdrawCase', caseId, reason: 'Người tố cáo rút đơn', continueGround: 'signs-of-violation' }, actors.head, at('2026-03-09'))
      .thenMatches([{ type: 'CaseWithdrawn', data: { stage: 'accepted', continueGround: 'signs-of-violation' } }]);
  });

  it('refuses to continue on a ground the law does not give', () => {
    spec
      .given(accepted())
      .when({ type: 'WithdrawCase', caseId, reason: 'x', continueGround: 'because' }, actors.head, at('2026-03-09'))
      .thenRefused('invalid-ground');
  });

  it('ends the case when the withdrawal is not continued', () => {
    spec
      .given(accepted())
      .when({ type: 'WithdrawCase', caseId, reason: 'Rút đơn' }, actors.intake, at('2026-03-09'))
      .thenMatches([{ type: 'CaseWithdrawn', data: { stage: 'withdrawn' } }, { type: 'DeadlineStopped', data: { clock: 'resolution' } }]);
  });
});

describe('denunciation: the whole path to the end', () => {
  it('runs from filing through conclusion, handling and publication to closing', () => {
    const events = spec.history([
      filing,
      { command: { type: 'AssignInspector', caseId, inspectorId: 'u-inspector' }, actor: actors.head, at: at('2026-02-11') },
      acceptance,
      { command: { type: 'StartVerification', caseId }, actor: actors.head, at: at('2026-03-03') },
      { command: { type: 'ReportVerification', caseId, summary: 'Báo cáo', finding: 'right' }, actor: actors.inspector, at: at('2026-03-20') },
      { command: { type: 'DraftDecision', caseId, summary: 'Dự thảo kết luận' }, actor: actors.inspector, at: at('2026-03-23') },
      { command: { type: 'IssueDecision', caseId, decisionNo: '09/KL-Sở', finding: 'right', summary: 'Kết luận' }, actor: actors.director, at: at('2026-03-27') },
      { command: { type: 'RecordHandling', caseId, summary: 'Kiểm điểm' }, actor: actors.head, at: at('2026-04-02') },
      { command: { type: 'PublishConclusion', caseId, method: 'Niêm yết tại trụ sở' }, actor: actors.head, at: at('2026-04-03') },
      { command: { type: 'CloseCase', caseId }, actor: actors.head, at: at('2026-04-20') },
    ]);
    expect(events.filter((e) => e.type.startsWith('Case') || e.type.startsWith('Conclusion') || e.type.startsWith('Decision')).map((e) => e.type)).toEqual([
      'CaseFiled',
      'CaseAccepted',
      'DecisionDrafted',
      'DecisionIssued',
      'ConclusionHandled',
      'ConclusionPublished',
      'CaseClosed',
    ]);
    // Conclusion Fri 27/03: 7 working days → 30/03-03/04 (5), 06-07/04 (7).
    expect(events).toContainEqual(expect.objectContaining({ type: 'DeadlineSet', data: expect.objectContaining({ clock: 'handling', dueDate: '2026-04-07' }) }));
    expect(events.filter((e) => e.type === 'DeadlineStopped').map((e) => e.type === 'DeadlineStopped' && [e.data.clock, e.data.metDeadline])).toEqual([
      ['screening', false],
      ['resolution', true],
      ['handling', true],
      ['publication', true],
    ]);
  });
});

describe('denunciation: inputs the review found unguarded', () => {
  it('refuses a ground named like an object property (toString, __proto__)', () => {
    spec.given(spec.history([filing])).when({ type: 'RejectCase', caseId, groundCode: 'toString', reason: 'x' }, actors.head, at('2026-02-12')).thenRefused('invalid-ground');
    spec.given(accepted()).when({ type: 'WithdrawCase', caseId, reason: 'x', continueGround: '__proto__' }, actors.head, at('2026-03-09')).thenRefused('invalid-ground');
  });

  it('refuses the decision to continue from an intake officer as a matter of role', () => {
    spec.given(accepted()).when({ type: 'WithdrawCase', caseId, reason: 'x', continueGround: 'coerced' }, actors.intake, at('2026-03-09')).thenRefused('role-not-allowed');
  });

  it('refuses a later plain withdrawal once the resolver decided to continue', () => {
    const continued = spec.history([
      filing,
      acceptance,
      { command: { type: 'WithdrawCase', caseId, reason: 'Rút đơn', continueGround: 'coerced' }, actor: actors.head, at: at('2026-03-09') },
    ]);
    spec.given(continued).when({ type: 'WithdrawCase', caseId, reason: 'Rút lần nữa' }, actors.intake, at('2026-03-10')).thenRefused('resolution-continued');
  });

  it('allows a suspension before 01/07/2026: denunciation suspension is in Luật Tố cáo 2018 (art. 34) from the start', () => {
    expect(workflow.commands.SuspendCase?.validFrom).toBeUndefined();
    spec
      .given(accepted())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actors.head, at('2026-03-09'))
      .thenMatches([{ type: 'CaseSuspended', data: { suspendedOn: '2026-03-09' } }]);
  });

  it('refuses a suspension dated before the clock it would pause started', () => {
    spec.given(accepted()).when({ type: 'SuspendCase', caseId, reason: 'x', documentDate: '2026-02-20' }, actors.head, at('2026-03-09')).thenRefused('invalid-date');
  });
});

describe('denunciation: terminated while suspended', () => {
  const terminated = () =>
    spec.history([
      filing,
      acceptance,
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actor: actors.head, at: at('2026-03-12') },
      { command: { type: 'TerminateCase', caseId, groundCode: 'TC34.3b', reason: 'Người bị tố cáo chết' }, actor: actors.head, at: at('2026-06-10') },
    ]);

  it('counts the paused resolution clock as met: it was paused on 12/03, before its due date 01/04', () => {
    expect(terminated().at(-1)).toMatchObject({ type: 'DeadlineStopped', data: { clock: 'resolution', metDeadline: true, stoppedOn: '2026-06-10' } });
  });

  it('is no longer suspended: it ended', () => {
    expect(foldCase(terminated())).toMatchObject({ status: 'active', stage: 'terminated' });
  });
});

describe('denunciation: overdue, then suspended and resumed (Luật Tố cáo art. 34(2): suspension time is not counted)', () => {
  // Resolution due Wed 01/04/2026; missed just after midnight, escalated to level 2 on Mon 06/04.
  const DUE = '2026-04-01';
  const missed = { type: 'RecordDeadlineMissed', caseId, clock: 'resolution', dueDate: DUE } as const;
  const escalate = (level: number) => ({ type: 'EscalateOverdueCase', caseId, clock: 'resolution', dueDate: DUE, level }) as const;
  const suspend: Step = { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, actor: actors.head, at: at('2026-04-08') };
  const resume = { type: 'ResumeCase', caseId, reason: 'Có kết quả giám định' } as const;
  const overdueThenSuspended = () =>
    spec.history([
      filing,
      acceptance,
      { command: missed, actor: actors.system, at: at('2026-04-02', '00:00') },
      { command: escalate(2), actor: actors.system, at: at('2026-04-06', '08:00') },
      suspend,
    ]);
  const resumed = () => [...overdueThenSuspended(), ...spec.given(overdueThenSuspended()).when(resume, actors.head, at('2026-04-20')).thenMatches([{ type: 'CaseResumed' }, { type: 'DeadlineSet' }])];

  it('resumes with the due date that passed, still missed at escalation level 2: no new period from the resumption', () => {
    // 37 days of 30 used (02/03 → 08/04): nothing is left, so nothing is given back.
    spec
      .given(overdueThenSuspended())
      .when(resume, actors.head, at('2026-04-20'))
      .then([
        { type: 'CaseResumed', data: { caseId, resumedAt: at('2026-04-20'), resumedOn: '2026-04-20', reason: 'Có kết quả giám định', stage: 'accepted' } },
        {
          type: 'DeadlineSet',
          data: {
            caseId,
            clock: 'resolution',
            cause: 'resumed',
            startedOn: '2026-04-20',
            dueDate: DUE,
            dueAt: '2026-04-01T16:59:59.999Z',
            basis: expect.objectContaining({ ruleId: 'TC.RESOLVE', consumed: 37, length: 0, rolledForward: false }) as never,
            overdue: { missed: true, escalationLevel: 2 },
          },
        },
      ]);
    expect(foldCase(resumed())).toMatchObject({ status: 'active', clocks: { resolution: { status: 'running', dueDate: DUE, missed: true, escalationLevel: 2 } } });
  });

  it('refuses a second RecordDeadlineMissed for that due date: the miss was recorded once', () => {
    spec.given(resumed()).when(missed, actors.system, at('2026-04-20', '09:05')).thenRefused('deadline-step-done');
  });

  it('goes on escalating from level 3 (to the director), not from level 1, and no level twice', () => {
    const third = [...resumed(), ...spec.given(resumed()).when(escalate(3), actors.system, at('2026-04-22', '08:00')).thenMatches([
      { type: 'CaseEscalated', data: { reason: 'overdue', level: 3, to: 'director', clock: 'resolution', dueDate: DUE } },
    ])];
    spec.given(resumed()).when(escalate(1), actors.system, at('2026-04-22')).thenRefused('deadline-step-done');
    spec.given(resumed()).when(escalate(2), actors.system, at('2026-04-22')).thenRefused('deadline-step-done');
    spec.given(third).when(escalate(3), actors.system, at('2026-04-22', '08:05')).thenRefused('deadline-step-done');
  });

  it('counts a conclusion after the resumption as late', () => {
    const concluded = spec.history([
      filing,
      acceptance,
      { command: missed, actor: actors.system, at: at('2026-04-02', '00:00') },
      suspend,
      { command: resume, actor: actors.head, at: at('2026-04-20') },
      { command: { type: 'StartVerification', caseId }, actor: actors.head, at: at('2026-04-20', '10:00') },
      { command: { type: 'ReportVerification', caseId, summary: 'x', finding: 'right' }, actor: actors.inspector, at: at('2026-04-20', '11:00') },
      { command: { type: 'DraftDecision', caseId, summary: 'x' }, actor: actors.inspector, at: at('2026-04-20', '14:00') },
      { command: { type: 'IssueDecision', caseId, decisionNo: '12/KL', finding: 'right', summary: 'x' }, actor: actors.director, at: at('2026-04-20', '16:00') },
    ]);
    expect(concluded.find((e) => e.type === 'DeadlineStopped' && e.data.clock === 'resolution')).toMatchObject({ data: { dueDate: DUE, metDeadline: false } });
  });

  it('records the miss once after the resumption when the workers had not recorded it before the suspension', () => {
    const notRecorded = spec.history([filing, acceptance, suspend, { command: resume, actor: actors.head, at: at('2026-04-20') }]);
    expect(notRecorded.at(-1)).toMatchObject({ type: 'DeadlineSet', data: { dueDate: DUE, overdue: { missed: false, escalationLevel: 0 } } });
    spec
      .given(notRecorded)
      .when(missed, actors.system, at('2026-04-20', '09:01'))
      .thenMatches([
        { type: 'DeadlineMissed', data: { clock: 'resolution', dueDate: DUE } },
        { type: 'CaseEscalated', data: { reason: 'overdue', level: 1, to: 'head' } },
      ]);
  });

  it('gives the days left back when the suspension decision is dated before the due date, though the miss was recorded first', () => {
    // Suspended as of Mon 30/03 (recorded on 03/04): 28 days used, 2 left from Mon 20/04 → Wed 22/04.
    const backdated = spec.history([
      filing,
      acceptance,
      { command: missed, actor: actors.system, at: at('2026-04-02', '00:00') },
      { command: { type: 'SuspendCase', caseId, reason: 'Chờ giám định', documentDate: '2026-03-30' }, actor: actors.head, at: at('2026-04-03') },
    ]);
    const events = spec.given(backdated).when(resume, actors.head, at('2026-04-20')).thenMatches([
      { type: 'CaseResumed' },
      { type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', dueDate: '2026-04-22', basis: { consumed: 28, length: 2 } } },
    ]);
    expect(events[1]!.data).not.toHaveProperty('overdue');
    expect(foldCase([...backdated, ...events])).toMatchObject({ clocks: { resolution: { dueDate: '2026-04-22', missed: false, escalationLevel: 0 } } });
  });
});
