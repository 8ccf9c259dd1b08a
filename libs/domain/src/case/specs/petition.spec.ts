import { DeciderSpecification, type Step } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';

const { workflow, calendar } = loadSpecEngine('petition');
const spec = new DeciderSpecification(workflow, calendar);
const caseId = CASE_ID;
const filing: Step = { command: fileCase('petition', '2026-04-24'), actor: actors.intake, at: at('2026-04-24') };

describe('petition: a kiến nghị received Fri 24/04/2026', () => {
  it('must be answered within 10 working days (Luật Tiếp công dân art. 28(1)): Wed 13/05/2026', () => {
    // 27/04 compensatory day off (Giỗ Tổ on Sun 26/04), 28-29/04 (2), 30/04-03/05 off, 04-08/05 (7), 11-13/05 (10).
    spec
      .given()
      .when(filing.command, actors.intake, filing.at)
      .thenMatches([{ type: 'CaseFiled', data: { stage: 'filed' } }, { type: 'DeadlineSet', data: { clock: 'reply', dueDate: '2026-05-13' } }]);
  });

  it('is answered by the inspector and ends; the reply clock stops met', () => {
    spec
      .given(spec.history([filing, { command: { type: 'AcceptCase', caseId }, actor: actors.head, at: at('2026-04-28') }]))
      .when({ type: 'AnswerCitizen', caseId, summary: 'Trả lời công dân', documentNo: '77/TL' }, actors.inspector, at('2026-05-06'))
      .thenMatches([
        { type: 'CitizenAnswered', data: { stage: 'answered', documentNo: '77/TL' } },
        { type: 'DeadlineStopped', data: { clock: 'reply', metDeadline: true, stoppedOn: '2026-05-06' } },
      ]);
  });

  it('refuses a rejection: a petition is taken up or forwarded', () => {
    spec.given(spec.history([filing])).when({ type: 'RejectCase', caseId, groundCode: 'KN11.1', reason: 'x' }, actors.head, at('2026-04-28')).thenRefused('command-not-in-workflow');
  });

  it('stops the reply clock when forwarded to the competent body', () => {
    spec
      .given(spec.history([filing]))
      .when({ type: 'ForwardCase', caseId, toAgency: 'Sở Xây dựng', reason: 'Không thuộc thẩm quyền' }, actors.intake, at('2026-04-28'))
      .thenMatches([{ type: 'CaseForwarded', data: { stage: 'forwarded' } }, { type: 'DeadlineStopped', data: { clock: 'reply', stoppedBy: 'CaseForwarded' } }]);
  });
});
