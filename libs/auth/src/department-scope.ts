import type { Role } from '@kntc/workflow';
import { hasPermission } from './permissions';

/**
 * Roles whose work spans every department: supervisors audit all cases; VP UBND records the provincial
 * Chair's decisions on the cases every Sở advises on; the deadline workers act on all. The administrator
 * (`admin`) spans the queues, not the cases: it is not here, so a case permission granted to it by mistake
 * would still open no other department's case.
 */
const CROSS_DEPARTMENT_ROLES: ReadonlySet<Role> = new Set<Role>(['supervisor', 'ubnd', 'system']);

export function spansDepartments(role: Role): boolean {
  return CROSS_DEPARTMENT_ROLES.has(role);
}

export function canSeeDepartment(actor: { role: Role; department: string }, department: string): boolean {
  return spansDepartments(actor.role) || actor.department === department;
}

/**
 * Roles cleared to see a confidential identity (a denouncer's, or a party who asked for secrecy), decrypted
 * on request with a reason: `identity.reveal` of the permission table. Others see a redacted form
 * (Luật Tố cáo 2018, art. 56).
 */
export function canSeeConfidentialIdentity(role: Role): boolean {
  return hasPermission(role, 'identity.reveal');
}
