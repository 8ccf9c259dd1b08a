import { DeciderSpecification } from '../../testing/decider-specification';
import { actors, at, CASE_ID, DEPARTMENT, fileCase } from '../../testing/fixtures';
import { loadSpecEngine } from '../../testing/spec-engine';
import type { KnownUser, UserLookup } from '../case.context';

/** The users directory as the application hands it in. */
const directory: Record<string, KnownUser> = {
  'u-inspector': { role: 'inspector', department: DEPARTMENT },
  'u-inspector-xd': { role: 'inspector', department: 'so-xd' },
  'u-director': { role: 'director', department: DEPARTMENT },
  'u-head': { role: 'head', department: DEPARTMENT },
};
const users: UserLookup = { find: (id) => (Object.hasOwn(directory, id) ? directory[id] : undefined) };

const { workflow, calendar } = loadSpecEngine('complaint-first');
const spec = new DeciderSpecification(workflow, calendar, users);
const caseId = CASE_ID;
const filed = () => spec.history([{ command: fileCase('complaint-first', '2026-03-02'), actor: actors.intake, at: at('2026-03-02') }]);
const assign = (inspectorId: string) => ({ type: 'AssignInspector' as const, caseId, inspectorId });

describe('assigning a case of so-tnmt, filed on Mon 02/03/2026', () => {
  it('assigns an inspector of so-tnmt the users directory knows', () => {
    spec
      .given(filed())
      .when(assign('u-inspector'), actors.head, at('2026-03-03'))
      .thenMatches([{ type: 'InspectorAssigned', data: { caseId, inspectorId: 'u-inspector', stage: 'filed' } }]);
  });

  it('refuses a user id the directory does not know: nobody would receive the reminders', () => {
    const refused = spec.given(filed()).when(assign('u-nobody'), actors.head, at('2026-03-03')).thenRefused('assignee-not-found');
    expect(refused.details).toMatchObject({ field: 'inspectorId', inspectorId: 'u-nobody' });
  });

  it('refuses an inspector of another department, who cannot open the case', () => {
    const refused = spec.given(filed()).when(assign('u-inspector-xd'), actors.head, at('2026-03-03')).thenRefused('assignee-other-department');
    expect(refused.details).toMatchObject({ field: 'inspectorId', department: DEPARTMENT });
  });

  it.each(['u-director', 'u-head'])('refuses %s, who is not an inspector', (id) => {
    const refused = spec.given(filed()).when(assign(id), actors.head, at('2026-03-03')).thenRefused('assignee-not-inspector');
    expect(refused.details).toMatchObject({ field: 'inspectorId', assignableRoles: ['inspector'] });
  });

  it('judges the role first: a role that may not assign learns nothing of the directory', () => {
    spec.given(filed()).when(assign('u-nobody'), actors.inspector, at('2026-03-03')).thenRefused('role-not-allowed');
  });

  it('records whom a historical register names when no directory is handed in (the importer of old registers)', () => {
    new DeciderSpecification(workflow, calendar)
      .given(filed())
      .when(assign('tt-retired'), actors.head, at('2026-03-03'))
      .thenMatches([{ type: 'InspectorAssigned', data: { inspectorId: 'tt-retired' } }]);
  });
});
