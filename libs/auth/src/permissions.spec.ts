import * as path from 'node:path';
import { ROLES, WorkflowRegistry, type Role } from '@kntc/workflow';
import { loadWorkflows } from '@kntc/workflow/loader';
import { spansDepartments } from './department-scope';
import { commandsOf, hasPermission, permissionsOf, workflowPermissionProblems, ALL_PERMISSIONS } from './permissions';

const shipped = new WorkflowRegistry(loadWorkflows(path.resolve(__dirname, '../../../workflows')));

describe('the permission table', () => {
  it('gives each role exactly these permissions (a change here is a security decision)', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, permissionsOf(role)]));
    expect(table).toEqual({
      intake: ['case.command', 'case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'inbox.read', 'identity.reveal', 'reception.record', 'reception.read', 'profile.read', 'dons.register', 'dons.process', 'dons.read'],
      inspector: ['case.command', 'case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'inbox.read', 'profile.read', 'dons.read'],
      head: ['case.command', 'case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'report.read', 'inbox.read', 'identity.reveal', 'identity.access-log', 'reception.record', 'reception.schedule', 'reception.read', 'profile.read', 'dons.register', 'dons.process', 'dons.read'],
      director: ['case.command', 'case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'report.read', 'inbox.read', 'identity.reveal', 'identity.access-log', 'reception.record', 'reception.schedule', 'reception.read', 'profile.read', 'dons.read'],
      ubnd: ['case.command', 'case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'report.read', 'inbox.read', 'profile.read'],
      supervisor: ['case.read', 'case.history', 'case.list', 'department.summary', 'deadline.board', 'report.read', 'inbox.read', 'identity.access-log', 'reception.read', 'profile.read', 'queues.read', 'dons.read'],
      system: ['case.command'],
      importer: ['case.import', 'profile.read'],
      admin: ['profile.read', 'queues.read', 'queues.admin', 'users.manage'],
    } satisfies Record<Role, string[]>);
  });

  it('keeps the supervisor read-only: no command, no identity', () => {
    expect(hasPermission('supervisor', 'case.command')).toBe(false);
    for (const write of ['dons.register', 'dons.process', 'reception.record', 'reception.schedule'] as const) expect(hasPermission('supervisor', write)).toBe(false);
    expect(hasPermission('supervisor', 'identity.reveal')).toBe(false);
    expect(commandsOf('supervisor', shipped)).toEqual([]);
  });

  it('gives the queues to roles that span departments, their changes to the administrator alone, who reads no case', () => {
    for (const role of ROLES) {
      if (hasPermission(role, 'queues.read')) expect({ role, spans: spansDepartments(role) || role === 'admin' }).toEqual({ role, spans: true });
    }
    expect(ROLES.filter((role) => hasPermission(role, 'queues.admin'))).toEqual(['admin']);
    expect(permissionsOf('admin').filter((p) => !p.startsWith('queues.') && p !== 'profile.read' && p !== 'users.manage')).toEqual([]);
    expect(ROLES.filter((role) => hasPermission(role, 'users.manage'))).toEqual(['admin']);
    expect(commandsOf('admin', shipped)).toEqual([]);
  });

  it('names every permission once', () => {
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
  });
});

describe('the shipped workflows against the table', () => {
  it('give commands only to roles the table lets run commands', () => {
    expect(workflowPermissionProblems(shipped)).toEqual([]);
  });

  it('give the intake officer filing and its follow-ups, and the inspector the verification', () => {
    expect(commandsOf('intake', shipped)).toEqual(expect.arrayContaining(['FileCase', 'ForwardCase', 'WithdrawCase']));
    expect(commandsOf('intake', shipped)).not.toContain('AcceptCase');
    expect(commandsOf('inspector', shipped)).toEqual(expect.arrayContaining(['ReportVerification', 'StartVerification']));
  });
});

describe('a workflow that gives a command to the supervisor', () => {
  it('is named as a problem, so the API refuses to start with it', () => {
    const definition = shipped.latest('petition');
    const broken = new WorkflowRegistry([{ ...definition, commands: { ...definition.commands, AcceptCase: { ...definition.commands.AcceptCase!, roles: ['head', 'supervisor'] } } }]);
    expect(workflowPermissionProblems(broken)).toEqual([`workflow petition v${definition.version}: AcceptCase names role "supervisor", which the permission table does not let run commands`]);
  });
});
