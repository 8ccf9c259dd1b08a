import { CommandRefused } from '@kntc/domain';
import { hasPermission } from '@kntc/auth';
import { BusinessTimeNotAllowedError } from '../shared/case-errors';
import type { CommandEnvelope, Principal } from './execute-case-command.command';

/**
 * Who may send a command for whom, on any stream (case, đơn, reception session): a business time (`occurredAt`) is
 * the register importer's alone, and an account recording an act on someone else's behalf must be the importer.
 */
export function assertEnvelopeAllowed(envelope: CommandEnvelope): void {
  const { principal } = envelope;
  if (envelope.occurredAt !== undefined && principal.role !== 'importer') throw new BusinessTimeNotAllowedError();
  if (actsForAnother(envelope) && !hasPermission(principal.role, 'case.import')) {
    throw new CommandRefused('role-not-allowed', `Vai trò "${principal.role}" không được ghi nhận thao tác thay người khác.`, [], { permission: 'case.import' });
  }
}

/** The principal as event metadata records it: only when it differs from the actor (an imported act). */
export function principalMetadata(envelope: Pick<CommandEnvelope, 'actor' | 'principal'>): { principal?: Principal } {
  return actsForAnother(envelope) ? { principal: envelope.principal } : {};
}

function actsForAnother({ actor, principal }: Pick<CommandEnvelope, 'actor' | 'principal'>): boolean {
  return principal.id !== actor.id || principal.role !== actor.role;
}
