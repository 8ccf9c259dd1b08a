import type { Role } from '@kntc/workflow';

/**
 * Roles whose work spans every department: supervisors audit all cases; VP UBND records the provincial
 * Chair's decisions on the cases every Sở advises on; the deadline workers act on all.
 */
const CROSS_DEPARTMENT_ROLES: ReadonlySet<Role> = new Set<Role>(['supervisor', 'ubnd', 'system']);

export function spansDepartments(role: Role): boolean {
  return CROSS_DEPARTMENT_ROLES.has(role);
}

export function canSeeDepartment(actor: { role: Role; department: string }, department: string): boolean {
  return spansDepartments(actor.role) || actor.department === department;
}

/**
 * Roles cleared to see a confidential identity (a denouncer's, or a party who asked for secrecy): the
 * officer who registered the đơn and the resolver's side. Verifiers and others see a redacted form
 * (Luật Tố cáo 2018, art. 56).
 */
const IDENTITY_CLEARED_ROLES: ReadonlySet<Role> = new Set<Role>(['intake', 'head', 'director']);

export function canSeeConfidentialIdentity(role: Role): boolean {
  return IDENTITY_CLEARED_ROLES.has(role);
}
