import { decideAttachDon } from '../don-attachment.decide';
import { foldCase } from '../case.evolve';
import { readCaseEvent } from '../case.upcast';
import { DeciderSpecification } from '../../testing/decider-specification';
import { actors, at, CASE_ID, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';

const { workflow, calendar } = loadSpecEngine('complaint-first');
const spec = new DeciderSpecification(workflow, calendar);

describe('a case opened from a registered đơn', () => {
  it('names its đơn and matter in CaseFiled, and its clocks start from the filing like any case', () => {
    spec
      .given()
      .when(fileCase('complaint-first', '2026-03-04', { donIds: ['don-1'], matterId: 'matter-1' }), actors.intake, at('2026-03-04'))
      .thenMatches([
        { type: 'CaseFiled', data: { donIds: ['don-1'], matterId: 'matter-1', receivedOn: '2026-03-04' } },
        { type: 'DeadlineSet', data: { clock: 'acceptance', startedOn: '2026-03-04' } },
      ]);
  });

  it('lists a case filed directly with no đơn', () => {
    spec.given().when(fileCase('complaint-first', '2026-03-04'), actors.intake, at('2026-03-04')).thenMatches([{ type: 'CaseFiled', data: { donIds: [] } }, { type: 'DeadlineSet' }]);
  });
});

describe('attaching a later đơn to a case', () => {
  const filed = () => spec.history([{ command: fileCase('complaint-first', '2026-03-04', { donIds: ['don-1'] }), actor: actors.intake, at: at('2026-03-04') }]);

  it('appends DonAttached in any stage and the case lists both đơn', () => {
    const events = decideAttachDon({ type: 'AttachDon', caseId: CASE_ID, donId: 'don-2' }, foldCase(filed()), at('2026-03-10'));
    expect(events).toEqual([{ type: 'DonAttached', data: { caseId: CASE_ID, donId: 'don-2', attachedAt: at('2026-03-10') } }]);
    expect(foldCase([...filed(), ...events])).toMatchObject({ donIds: ['don-1', 'don-2'], stage: 'filed' });
  });

  it('refuses the same đơn twice, and a case that does not exist', () => {
    expect(() => decideAttachDon({ type: 'AttachDon', caseId: CASE_ID, donId: 'don-1' }, foldCase(filed()), at('2026-03-10'))).toThrow(
      expect.objectContaining({ code: 'don-already-attached' }),
    );
    expect(() => decideAttachDon({ type: 'AttachDon', caseId: CASE_ID, donId: 'don-1' }, foldCase([]), at('2026-03-10'))).toThrow(
      expect.objectContaining({ code: 'case-not-found' }),
    );
  });
});

describe('a CaseFiled stored before đơn existed (schema v1)', () => {
  it('upcasts to donIds: [] and the case still loads', () => {
    const [filed] = spec.history([{ command: fileCase('complaint-first', '2026-03-04'), actor: actors.intake, at: at('2026-03-04') }]);
    const { donIds: _dropped, ...v1 } = filed!.data as unknown as Record<string, unknown>;
    const read = readCaseEvent({ type: 'CaseFiled', schemaVersion: 1, data: v1 });
    expect(read).toEqual({ type: 'CaseFiled', data: { ...v1, donIds: [] } });
    expect(foldCase([read!])).toMatchObject({ status: 'active', caseId: CASE_ID, donIds: [] });
  });
});
