import { CommandRefused } from '@kntc/domain';
import { hasPermission } from '@kntc/auth';
import { vnDateOf } from '@kntc/workflow';
import { CommandValidationError } from '../dto/command-validation.error';
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

/**
 * An id the sender chose for the stream a command creates (a đơn's `donId`, a reception session's `sessionId`) is the
 * register importer's alone: anyone else's derives from the Idempotency-Key and the sender, so a known id neither
 * tells whether another department's stream exists nor takes the id another request would get.
 */
export function assertChosenIdAllowed(principal: Principal, field: string, label: string): void {
  if (hasPermission(principal.role, 'case.import')) return;
  throw new CommandValidationError([{ field, message: `Chỉ tài khoản nhập sổ được tự chọn ${label}; bỏ trống để mã được suy ra từ Idempotency-Key.` }]);
}

/** The principal as event metadata records it: only when it differs from the actor (an imported act). */
export function principalMetadata(envelope: Pick<CommandEnvelope, 'actor' | 'principal'>): { principal?: Principal } {
  return actsForAnother(envelope) ? { principal: envelope.principal } : {};
}

function actsForAnother({ actor, principal }: Pick<CommandEnvelope, 'actor' | 'principal'>): boolean {
  return principal.id !== actor.id || principal.role !== actor.role;
}

/**
 * The metadata every command's events carry, whatever the stream: who acted (and for whom), which command, its key,
 * correlation, business time and the reason the law asks for. Handlers add what is their own (request hashes, workflow).
 */
export function commandMetadata(
  envelope: CommandEnvelope,
  command: { type: string; commandId: string; occurredAt: string; reason?: string | undefined },
): Record<string, unknown> {
  return {
    actor: envelope.actor,
    ...principalMetadata(envelope),
    commandId: command.commandId,
    commandType: command.type,
    idempotencyKey: envelope.idempotencyKey,
    correlationId: envelope.correlationId ?? command.commandId,
    causationId: envelope.causationId ?? command.commandId,
    occurredAt: command.occurredAt,
    occurredOn: vnDateOf(command.occurredAt),
    ...(command.reason ? { reason: command.reason } : {}),
  };
}
