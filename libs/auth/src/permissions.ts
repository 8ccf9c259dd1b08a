import type { CaseCommandType, Role, WorkflowDefinition, WorkflowRegistry } from '@kntc/workflow';

const CASE_ROLES = ['intake', 'inspector', 'head', 'director', 'ubnd', 'supervisor'] as const satisfies readonly Role[];

/**
 * THE permission table: role × command and role × query. Every HTTP route declares one permission
 * (`@RequiresPermission`), checked before it runs; the command handler checks `case.command` / `case.import`
 * again for commands that do not come over HTTP. Which case command a role may run, in which stage, is the
 * workflow file's `roles`; `case.command` says which roles may run commands at all, and start-up refuses a
 * workflow that names a role outside it. Department scope is in department-scope.ts.
 */
export const PERMISSIONS = {
  /** Run case commands, filing included. The supervisor audits and never writes. */
  'case.command': ['intake', 'inspector', 'head', 'director', 'ubnd', 'system'],
  /** Record historical acts on behalf of the officers a register names (`kntc import`). */
  'case.import': ['importer'],
  /** Read one case (GET /api/cases/:id). */
  'case.read': CASE_ROLES,
  /** Read a case's full event history and whether its audit chain holds. */
  'case.history': CASE_ROLES,
  /** List and search the cases of a department. */
  'case.list': CASE_ROLES,
  /** A department's counters. */
  'department.summary': CASE_ROLES,
  /** Due soon / overdue cases. */
  'deadline.board': CASE_ROLES,
  /** Statistical reports (TT 01/2024/TT-TTCP) and their exports. */
  'report.read': ['head', 'director', 'ubnd', 'supervisor'],
  /** One's own reminders and escalations. */
  'inbox.read': CASE_ROLES,
  /**
   * Decrypt a confidential identity, giving a reason; every use is recorded. Cleared: the officer who
   * registered the đơn and the resolver's side, of the case's own department (Luật Tố cáo 2018, art. 56).
   */
  'identity.reveal': ['intake', 'head', 'director'],
  /** Who revealed which identity, when and why. */
  'identity.access-log': ['head', 'director', 'supervisor'],
  /** Record reception sessions (opened, visits, conclusion notice, closed) in the reception book (Luật TCD 2013). */
  'reception.record': ['intake', 'head', 'director'],
  /** Plan, publish, postpone and cancel a leader's reception sessions (Luật TCD 2013, art. 24(4)). */
  'reception.schedule': ['head', 'director'],
  /** Read reception sessions, the schedule and the reception book. */
  'reception.read': ['intake', 'head', 'director', 'supervisor'],
  /** One's own account and permissions. */
  'profile.read': [...CASE_ROLES, 'importer', 'admin'],
  /**
   * See the deadline queues (Bull Board at /admin/queues): every department's timers, so only roles that span
   * departments. The supervisor audits them; a director of one Sở would see the other Sở's cases.
   */
  'queues.read': ['admin', 'supervisor'],
  /** Change the queues (retry, promote, clean, pause…): the system administrator alone, who reads no case. */
  'queues.admin': ['admin'],
  /** Register a đơn (vào sổ): post, reception desk, online, referral, box. */
  'dons.register': ['intake', 'head'],
  /** Classify and process a đơn: accept into a case, attach, guide, forward, urge, split, archive, answer a referrer. */
  'dons.process': ['intake', 'head'],
  /** Read a đơn and its history. */
  'dons.read': ['intake', 'inspector', 'head', 'director', 'supervisor'],
  /** Create accounts, change their role or department, reset passwords, disable them; read their audit trail. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => hasPermission(role, permission));
}

/** The case commands a role may run in some stage of some loaded workflow (empty without `case.command`). */
export function commandsOf(role: Role, workflows: WorkflowRegistry): CaseCommandType[] {
  if (!hasPermission(role, 'case.command')) return [];
  const commands = new Set<CaseCommandType>();
  for (const definition of definitionsOf(workflows)) {
    for (const [command, rule] of Object.entries(definition.commands)) if (rule?.roles.includes(role)) commands.add(command as CaseCommandType);
  }
  return [...commands].sort();
}

/** Workflow rules that give a command to a role the table does not let run commands; start-up refuses them. */
export function workflowPermissionProblems(workflows: WorkflowRegistry): string[] {
  const problems: string[] = [];
  for (const definition of definitionsOf(workflows)) {
    for (const [command, rule] of Object.entries(definition.commands)) {
      for (const role of rule?.roles ?? []) {
        if (!hasPermission(role, 'case.command')) {
          problems.push(`workflow ${definition.id} v${definition.version}: ${command} names role "${role}", which the permission table does not let run commands`);
        }
      }
    }
  }
  return problems;
}

function definitionsOf(workflows: WorkflowRegistry): WorkflowDefinition[] {
  return workflows.kinds().flatMap((kind) => workflows.versions(kind).map((version) => workflows.get(kind, version)));
}
