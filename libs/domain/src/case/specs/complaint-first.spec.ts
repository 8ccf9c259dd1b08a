import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { allowedCommands } from '../case.decide';
import { foldCase } from '../case.evolve';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';

const { workflow, calendar } = loadSpecEngine('complaint-first');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;

const filing = { command: fileCase('complaint-first', '2026-03-02'), actor: actors.intake, at: at('2026-03-02') };
const filedOn2March = () => spec.history([filing]);
const acceptedOn5March = () => spec.history([filing, { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-03-05') }]);

describe('complaint-first: a complaint received on Mon 02/03/2026', () => {
  it('is filed with an acceptance clock of 10 working days, due Mon 16/03/2026', () => {
    // 3-6/3 (4), 9-13/3 (9), 16/3 (10): start day excluded, weekends skipped.
    spec
      .given()
      .when(fileCase('complaint-first', '2026-03-02'), actors.intake, at('2026-03-02'))
      .thenMatches([
        { type: 'CaseFiled', data: { caseId, kind: 'complaint-first', stage: 'filed', receivedOn: '2026-03-02', filedAt: at('2026-03-02') } },
        {
          type: 'DeadlineSet',
          data: {
            clock: 'acceptance',
            cause: 'started',
            startedOn: '2026-03-02',
            dueDate: '2026-03-16',
            dueAt: '2026-03-16T16:59:59.999Z',
            basis: { ruleId: 'KN.ACCEPT.10WD', unit: 'working-days', length: 10, provisional: false },
          },
        },
      ]);
  });

  it('is accepted on time: the acceptance clock stops met and the 30-day resolution clock rolls from Sat 04/04 to Mon 06/04', () => {
    spec
      .given(filedOn2March())
      .when({ type: 'AcceptCase', caseId, documentNo: '12/TB-TTr' }, actors.head, at('2026-03-05'))
      .thenMatches([
        { type: 'CaseAccepted', data: { caseId, stage: 'accepted', documentNo: '12/TB-TTr' } },
        { type: 'DeadlineStopped', data: { clock: 'acceptance', stoppedOn: '2026-03-05', metDeadline: true, stoppedBy: 'CaseAccepted' } },
        {
          type: 'DeadlineSet',
          data: {
            clock: 'resolution',
            startedOn: '2026-03-05',
            dueDate: '2026-04-06',
            basis: { ruleId: 'KN.RESOLVE.1', unit: 'calendar-days', length: 30, variant: 'default', rolledForward: true },
          },
        },
      ]);
  });

  it('refuses an acceptance recorded by an inspector, naming what the inspector may do', () => {
    spec
      .given(filedOn2March())
      .when({ type: 'AcceptCase', caseId }, actors.inspector, at('2026-03-05'))
      .thenRefused('role-not-allowed', { allowedCommands: [] });
  });

  it('refuses to draft a decision before acceptance, and lists the commands the head may run', () => {
    spec
      .given(filedOn2March())
      .when({ type: 'DraftDecision', caseId, summary: 'x' }, actors.head, at('2026-03-05'))
      .thenRefused('command-not-allowed-in-stage', {
        allowedCommands: ['AcceptCase', 'RejectCase', 'ForwardCase', 'AssignInspector', 'WithdrawCase'],
      });
  });

  it('refuses a rejection without a ground of Luật Khiếu nại art. 11', () => {
    spec
      .given(filedOn2March())
      .when({ type: 'RejectCase', caseId, groundCode: 'TC25', reason: 'x' }, actors.head, at('2026-03-05'))
      .thenRefused('invalid-ground');
  });

  it('rejects on a legal ground and stops the acceptance clock', () => {
    spec
      .given(filedOn2March())
      .when({ type: 'RejectCase', caseId, groundCode: 'KN11.6', reason: 'Hết thời hiệu' }, actors.head, at('2026-03-05'))
      .thenMatches([
        { type: 'CaseRejected', data: { stage: 'rejected', groundCode: 'KN11.6' } },
        { type: 'DeadlineStopped', data: { clock: 'acceptance', metDeadline: true } },
      ]);
  });

  it('refuses a document dated in the future or before the đơn was received', () => {
    spec.given(filedOn2March()).when({ type: 'AcceptCase', caseId, documentDate: '2026-03-06' }, actors.head, at('2026-03-05')).thenRefused('invalid-date');
    spec.given(filedOn2March()).when({ type: 'AcceptCase', caseId, documentDate: '2026-03-01' }, actors.head, at('2026-03-05')).thenRefused('invalid-date');
  });

  it('refuses a command on a case that was never filed', () => {
    spec.given().when({ type: 'AcceptCase', caseId }, actors.head, at('2026-03-05')).thenRefused('case-not-found');
  });

  it('refuses to file the same case twice', () => {
    spec.given(filedOn2March()).when(fileCase('complaint-first', '2026-03-02'), actors.intake, at('2026-03-02')).thenRefused('case-already-exists');
  });

  it('refuses a filing without a complainant, or received in the future', () => {
    spec
      .given()
      .when(fileCase('complaint-first', '2026-03-02', { parties: [{ role: 'respondent', name: 'UBND xã', confidential: false }] }), actors.intake, at('2026-03-02'))
      .thenRefused('invalid-parties');
    spec.given().when(fileCase('complaint-first', '2026-03-03'), actors.intake, at('2026-03-02')).thenRefused('invalid-date');
  });
});

describe('complaint-first: the acceptance rule follows the date the đơn was received', () => {
  it('gives 10 working days to a đơn received on 30/06/2026 (due 14/07/2026)', () => {
    // 1-3/7 (3), 6-10/7 (8), 13/7 (9), 14/7 (10).
    spec
      .given()
      .when(fileCase('complaint-first', '2026-06-30'), actors.intake, at('2026-07-02'))
      .thenMatches([{ type: 'CaseFiled' }, { type: 'DeadlineSet', data: { dueDate: '2026-07-14', basis: { ruleId: 'KN.ACCEPT.10WD' } } }]);
  });

  it('gives 7 working days to a đơn received on 01/07/2026 (NĐ 155/2026; due 10/07/2026)', () => {
    // 2-3/7 (2), 6-10/7 (7).
    spec
      .given()
      .when(fileCase('complaint-first', '2026-07-01'), actors.intake, at('2026-07-02'))
      .thenMatches([{ type: 'CaseFiled' }, { type: 'DeadlineSet', data: { dueDate: '2026-07-10', basis: { ruleId: 'KN.ACCEPT.7WD', length: 7 } } }]);
  });
});

describe('complaint-first: complexity and remote areas lengthen the resolution clock', () => {
  it('re-sets the resolution clock to 45 days (Sun 19/04 rolled to Mon 20/04) when the case is found complex', () => {
    spec
      .given(acceptedOn5March())
      .when({ type: 'DetermineComplexity', caseId, criteria: ['a'], reason: 'Xác minh ở nhiều địa điểm' }, actors.head, at('2026-03-10'))
      .thenMatches([
        { type: 'ComplexityDetermined', data: { level: 'complex', criteria: ['a'] } },
        {
          type: 'DeadlineSet',
          data: { clock: 'resolution', cause: 'complexity-determined', startedOn: '2026-03-05', dueDate: '2026-04-20', basis: { variant: 'complex', baseLength: 45 } },
        },
      ]);
  });

  it('gives a complex case in a remote area 60 days: 04/05/2026, the first working day after 30/04-03/05', () => {
    const history = spec.history([
      { command: fileCase('complaint-first', '2026-03-02', { remoteArea: true }), actor: actors.intake, at: at('2026-03-02') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-03-05') },
    ]);
    expect(history.at(-1)).toMatchObject({ type: 'DeadlineSet', data: { dueDate: '2026-04-20', basis: { variant: 'remoteArea', baseLength: 45 } } });
    spec
      .given(history)
      .when({ type: 'DetermineComplexity', caseId, criteria: ['b', 'c'], reason: 'Nhiều nội dung' }, actors.head, at('2026-03-10'))
      .thenMatches([
        { type: 'ComplexityDetermined', data: { level: 'especially-complex' } },
        { type: 'DeadlineSet', data: { dueDate: '2026-05-04', basis: { variant: 'complexRemoteArea', baseLength: 60, rolledForward: false } } },
      ]);
  });

  it('refuses an extension: the Complaints Law has none', () => {
    spec.given(acceptedOn5March()).when({ type: 'ExtendDeadline', caseId, clock: 'resolution', reason: 'x' }, actors.head, at('2026-03-10')).thenRefused('command-not-in-workflow');
  });
});

describe('complaint-first: suspension exists only from 01/07/2026 (NĐ 155/2026, art. 12; art. 22 for earlier complaints)', () => {
  // Received Fri 19/06/2026, accepted Mon 22/06: 30 days of resolution, due Wed 22/07.
  const acceptedOn22June = () =>
    spec.history([
      { command: fileCase('complaint-first', '2026-06-19'), actor: actors.intake, at: at('2026-06-19') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-06-22') },
    ]);
  const headInAccepted = ['AssignInspector', 'StartVerification', 'DraftDecision', 'WithdrawCase', 'TerminateCase', 'DetermineComplexity'];

  it('refuses a suspension dated Tue 30/06/2026 with command-not-in-force, citing the decree, and appends nothing', () => {
    const refused = spec
      .given(acceptedOn22June())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.head, at('2026-06-30'))
      .thenRefused('command-not-in-force', { allowedCommands: headInAccepted });
    expect(refused.message).toBe(
      'Không thể thực hiện "Tạm đình chỉ" với ngày 30/06/2026: thao tác này chỉ áp dụng từ ngày 01/07/2026 ' +
        '(NĐ 155/2026, Điều 12 (Điều 28a, 28b NĐ 124/2020), hiệu lực từ 01/7/2026; Điều 22 áp dụng cả cho khiếu nại đã thụ lý trước ngày này).',
    );
    expect(refused.details).toMatchObject({ command: 'SuspendCase', on: '2026-06-30', validFrom: '2026-07-01' });
  });

  it('refuses a suspension entered in July whose decision is dated 30/06 (the act date is the document date)', () => {
    const refused = spec
      .given(acceptedOn22June())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định', documentNo: '05/QĐ-TĐC', documentDate: '2026-06-30' }, actors.head, at('2026-07-02'))
      .thenRefused('command-not-in-force', { allowedCommands: [...headInAccepted, 'SuspendCase'] });
    expect(refused.details).toMatchObject({ on: '2026-06-30', field: 'documentDate' });
  });

  it('offers SuspendCase from 01/07/2026 only', () => {
    const accepted = foldCase(acceptedOn22June());
    expect(allowedCommands(accepted, workflow, actors.head, '2026-06-30')).not.toContain('SuspendCase');
    expect(allowedCommands(accepted, workflow, actors.head, '2026-06-30')).toEqual(headInAccepted);
    expect(allowedCommands(accepted, workflow, actors.head, '2026-07-01')).toContain('SuspendCase');
    expect(allowedCommands(accepted, workflow, actors.director, '2026-06-30')).not.toContain('SuspendCase');
    expect(allowedCommands(accepted, workflow, actors.director, '2026-07-01')).toContain('SuspendCase');
  });

  it('accepts a suspension dated Wed 01/07/2026: the resolution clock pauses', () => {
    spec
      .given(acceptedOn22June())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.head, at('2026-07-01'))
      .then([
        {
          type: 'CaseSuspended',
          data: { caseId, suspendedAt: at('2026-07-01'), suspendedOn: '2026-07-01', reason: 'Chờ kết quả giám định', stage: 'accepted' },
        },
      ]);
  });

  it('suspends a complaint accepted in March 2026 and still undecided in August (art. 22), and restarts its clock on resumption', () => {
    const suspended = [
      ...acceptedOn5March(),
      ...spec.given(acceptedOn5March()).when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.head, at('2026-08-10')).thenMatches([
        { type: 'CaseSuspended', data: { suspendedOn: '2026-08-10', stage: 'accepted' } },
      ]),
    ];
    // Resumed Thu 20/08: 30 days end Sat 19/09, rolled to Mon 21/09.
    spec
      .given(suspended)
      .when({ type: 'ResumeCase', caseId, reason: 'Đã có kết quả' }, actors.director, at('2026-08-20'))
      .thenMatches([
        { type: 'CaseResumed', data: { resumedOn: '2026-08-20' } },
        { type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', startedOn: '2026-08-20', dueDate: '2026-09-21', basis: { consumed: 0, length: 30, rolledForward: true } } },
      ]);
  });
});

describe('complaint-first: suspension restarts the resolution clock (NĐ 155/2026, art. 28b(2))', () => {
  // Received Fri 19/06/2026, accepted Mon 22/06 (due Wed 22/07), suspended Wed 01/07.
  const suspended = () => {
    const accepted = spec.history([
      { command: fileCase('complaint-first', '2026-06-19'), actor: actors.intake, at: at('2026-06-19') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-06-22') },
    ]);
    return [
      ...accepted,
      ...spec.given(accepted).when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.head, at('2026-07-01')).thenMatches([
        { type: 'CaseSuspended', data: { suspendedOn: '2026-07-01', stage: 'accepted' } },
      ]),
    ];
  };

  it('refuses work on a suspended case other than resuming, withdrawing, terminating or assigning', () => {
    spec
      .given(suspended())
      .when({ type: 'StartVerification', caseId }, actors.head, at('2026-07-03'))
      .thenRefused('case-suspended', { allowedCommands: ['AssignInspector', 'WithdrawCase', 'ResumeCase', 'TerminateCase'] });
  });

  it('runs a full 30 days again from the resumption on Mon 20/07 (due Wed 19/08)', () => {
    spec
      .given(suspended())
      .when({ type: 'ResumeCase', caseId, reason: 'Đã có kết quả' }, actors.head, at('2026-07-20'))
      .thenMatches([
        { type: 'CaseResumed', data: { resumedOn: '2026-07-20' } },
        { type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', startedOn: '2026-07-20', dueDate: '2026-08-19', basis: { consumed: 0, length: 30 } } },
      ]);
  });

  it('refuses to resume a case that is not suspended', () => {
    spec.given(acceptedOn5March()).when({ type: 'ResumeCase', caseId, reason: 'x' }, actors.head, at('2026-03-12')).thenRefused('case-not-suspended');
  });

  it('resumes a suspension recorded before 01/07/2026 (an old register) only from that day; until then it may be withdrawn or terminated', () => {
    const legacy = [
      ...acceptedOn5March(),
      { type: 'CaseSuspended', data: { caseId, suspendedAt: at('2026-03-10'), suspendedOn: '2026-03-10', reason: 'Chờ kết quả giám định', stage: 'accepted' } },
    ] as const;
    spec
      .given([...legacy])
      .when({ type: 'ResumeCase', caseId, reason: 'Đã có kết quả' }, actors.head, at('2026-03-20'))
      .thenRefused('command-not-in-force', { allowedCommands: ['AssignInspector', 'WithdrawCase', 'TerminateCase'] });
    spec
      .given([...legacy])
      .when({ type: 'ResumeCase', caseId, reason: 'Đã có kết quả' }, actors.head, at('2026-07-01'))
      .thenMatches([{ type: 'CaseResumed', data: { resumedOn: '2026-07-01' } }, { type: 'DeadlineSet', data: { clock: 'resolution', cause: 'resumed', startedOn: '2026-07-01' } }]);
  });
});

describe('complaint-first: the whole path to the end', () => {
  it('runs from filing to closing, then a review; every clock stops met', () => {
    const steps: Step[] = [
      { command: fileCase('complaint-first', '2026-03-02'), actor: actors.intake, at: at('2026-03-02') },
      { command: { type: 'AssignInspector', caseId, inspectorId: 'u-inspector' }, actor: actors.head, at: at('2026-03-03') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-03-05') },
      { command: { type: 'StartVerification', caseId }, actor: actors.inspector, at: at('2026-03-06') },
      { command: { type: 'ReportVerification', caseId, summary: 'Kết quả xác minh', finding: 'partly-right' }, actor: actors.inspector, at: at('2026-03-20') },
      { command: { type: 'RecordDialogue', caseId, summary: 'Biên bản đối thoại' }, actor: actors.inspector, at: at('2026-03-24') },
      { command: { type: 'DraftDecision', caseId, summary: 'Dự thảo' }, actor: actors.inspector, at: at('2026-03-26') },
      { command: { type: 'IssueDecision', caseId, decisionNo: '45/QĐ-UBND', finding: 'partly-right', summary: 'Quyết định' }, actor: actors.ubnd, at: at('2026-04-28') },
      { command: { type: 'SendDecision', caseId, recipients: ['Người khiếu nại'] }, actor: actors.intake, at: at('2026-05-04') },
      { command: { type: 'CloseCase', caseId }, actor: actors.head, at: at('2026-06-01') },
      { command: { type: 'ReviewCase', caseId, reason: 'Kiểm tra', conclusion: 'Đúng pháp luật' }, actor: actors.director, at: at('2026-06-10') },
    ];
    const events = spec.history(steps);
    expect(events.filter((e) => e.type !== 'DeadlineSet' && e.type !== 'DeadlineStopped').map((e) => [e.type, (e.data as { stage?: string }).stage])).toEqual([
      ['CaseFiled', 'filed'],
      ['InspectorAssigned', 'filed'],
      ['CaseAccepted', 'accepted'],
      ['VerificationStarted', 'verifying'],
      ['VerificationReported', 'verification-reported'],
      ['DialogueHeld', 'dialogue-held'],
      ['DecisionDrafted', 'decision-drafted'],
      ['DecisionIssued', 'decision-issued'],
      ['DecisionSent', 'decision-sent'],
      ['CaseClosed', 'closed'],
      ['CaseReviewed', 'reviewed'],
    ]);
    const issued = events.find((e) => e.type === 'DecisionIssued');
    expect(issued?.data).toMatchObject({ issuer: 'ubnd', issuedBy: 'u-ubnd', decisionNo: '45/QĐ-UBND' });
    // Issued Tue 28/04: 29/04 (1), 30/04-03/05 off, 04/05 (2), 05/05 (3) working days.
    expect(events).toContainEqual(expect.objectContaining({ type: 'DeadlineSet', data: expect.objectContaining({ clock: 'decision-sending', dueDate: '2026-05-05' }) }));
    // Resolution was due 06/04 and the decision came on 28/04: stopped, missed.
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'DeadlineStopped', data: expect.objectContaining({ clock: 'resolution', metDeadline: false, stoppedOn: '2026-04-28' }) }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'DeadlineStopped', data: expect.objectContaining({ clock: 'decision-sending', metDeadline: true }) }),
    );
  });

  it('refuses any act on a closed case except a review', () => {
    const closed = spec.history([
      { command: fileCase('complaint-first', '2026-03-02'), actor: actors.intake, at: at('2026-03-02') },
      { command: { type: 'RejectCase', caseId, groundCode: 'KN11.5', reason: 'Không ký' }, actor: actors.head, at: at('2026-03-03') },
    ]);
    spec.given(closed).when({ type: 'WithdrawCase', caseId, reason: 'x' }, actors.intake, at('2026-03-04')).thenRefused('command-not-allowed-in-stage', { allowedCommands: [] });
  });

  it('lets the citizen withdraw before the decision, stopping the running clocks', () => {
    spec
      .given(acceptedOn5March())
      .when({ type: 'WithdrawCase', caseId, reason: 'Công dân rút đơn' }, actors.intake, at('2026-03-09'))
      .thenMatches([
        { type: 'CaseWithdrawn', data: { stage: 'withdrawn' } },
        { type: 'DeadlineStopped', data: { clock: 'resolution', stoppedBy: 'CaseWithdrawn', metDeadline: true } },
      ]);
  });

  it('refuses to continue a withdrawn complaint: only denunciations continue', () => {
    spec
      .given(acceptedOn5March())
      .when({ type: 'WithdrawCase', caseId, reason: 'x', continueGround: 'coerced' }, actors.head, at('2026-03-09'))
      .thenRefused('invalid-ground');
  });
});
