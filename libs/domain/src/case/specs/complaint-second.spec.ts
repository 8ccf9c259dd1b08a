import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';

const { workflow, calendar } = loadSpecEngine('complaint-second');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;

const steps: Step[] = [
  { command: fileCase('complaint-second', '2026-08-17'), actor: actors.intake, at: at('2026-08-17') },
  { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-08-20') },
  { command: { type: 'StartVerification', caseId }, actor: actors.head, at: at('2026-08-21') },
  { command: { type: 'ReportVerification', caseId, summary: 'Báo cáo', finding: 'wrong' }, actor: actors.inspector, at: at('2026-09-10') },
];

describe('complaint-second: a second complaint received Mon 17/08/2026', () => {
  it('has 7 working days to be accepted, across the 2/9 holidays and the make-up Saturday 22/08', () => {
    // 18-21/08 (4), Sat 22/08 worked (5), 24/08 (6), 25/08 (7).
    spec
      .given()
      .when(steps[0]!.command, actors.intake, steps[0]!.at)
      .thenMatches([{ type: 'CaseFiled' }, { type: 'DeadlineSet', data: { clock: 'acceptance', dueDate: '2026-08-25', basis: { ruleId: 'KN.ACCEPT.7WD' } } }]);
  });

  it('gets 45 days to resolve from acceptance on Thu 20/08: Sun 04/10 rolled to Mon 05/10', () => {
    const events = spec.history(steps.slice(0, 2));
    expect(events.at(-1)).toMatchObject({ type: 'DeadlineSet', data: { clock: 'resolution', dueDate: '2026-10-05', basis: { ruleId: 'KN.RESOLVE.2', baseLength: 45 } } });
  });

  it('refuses a draft decision before the dialogue, which is mandatory at second instance (art. 39)', () => {
    spec
      .given(spec.history(steps))
      .when({ type: 'DraftDecision', caseId, summary: 'x' }, actors.inspector, at('2026-09-11'))
      .thenRefused('command-not-allowed-in-stage', { allowedCommands: ['RecordDialogue'] });
  });

  it('sets a 7-day sending clock on the decision (Luật Khiếu nại art. 41(1)): Fri 25/09 → Fri 02/10', () => {
    const events = spec.history([
      ...steps,
      { command: { type: 'RecordDialogue', caseId, summary: 'Đối thoại' }, actor: actors.director, at: at('2026-09-14') },
      { command: { type: 'DraftDecision', caseId, summary: 'Dự thảo' }, actor: actors.inspector, at: at('2026-09-18') },
      { command: { type: 'IssueDecision', caseId, decisionNo: '88/QĐ-UBND', finding: 'wrong', summary: 'QĐ lần hai' }, actor: actors.ubnd, at: at('2026-09-25') },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'DeadlineSet', data: { clock: 'decision-sending', dueDate: '2026-10-02', basis: { unit: 'calendar-days', length: 7 } } });
  });
});

describe('complaint-second: suspension exists only from 01/07/2026 (NĐ 155/2026, art. 12)', () => {
  const acceptedInJune = () =>
    spec.history([
      { command: fileCase('complaint-second', '2026-06-15'), actor: actors.intake, at: at('2026-06-15') },
      { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-06-17') },
    ]);

  it('refuses a suspension dated 30/06/2026 and accepts one dated 01/07/2026', () => {
    spec
      .given(acceptedInJune())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.director, at('2026-06-30'))
      .thenRefused('command-not-in-force');
    spec
      .given(acceptedInJune())
      .when({ type: 'SuspendCase', caseId, reason: 'Chờ kết quả giám định' }, actors.director, at('2026-07-01'))
      .thenMatches([{ type: 'CaseSuspended', data: { suspendedOn: '2026-07-01' } }]);
  });
});
