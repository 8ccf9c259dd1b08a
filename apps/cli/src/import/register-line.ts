import { CommandValidationError, normalizeText, parseCaseCommand, type CommandEnvelope } from '@kntc/cases';
import type { Actor, CaseCommand } from '@kntc/domain';
import { CASE_COMMAND_TYPES, ROLES, type CaseCommandType, type Role } from '@kntc/workflow';

/**
 * One line of a register file (JSON Lines), one historical act:
 * `{"command", "caseId", "actor": {id, role, department, name?}, "occurredAt", "idempotencyKey", "payload"}`.
 */
export interface RegisterLine {
  lineNo: number;
  command: CaseCommand;
  envelope: CommandEnvelope;
}

/** Why a line was not imported; `code` is stable (the domain's refusal codes, or one of the line checks). */
export interface LineRefusal {
  lineNo: number;
  code: string;
  message: string;
}

/** The importer is the principal of every imported act; the actor is the officer named in the register. */
export const IMPORTER_PRINCIPAL = { id: 'importer', role: 'importer' } as const satisfies CommandEnvelope['principal'];

const LINE_KEYS = ['command', 'caseId', 'actor', 'occurredAt', 'idempotencyKey', 'payload'] as const;
const ACTOR_KEYS = ['id', 'role', 'department', 'name'] as const;
/** The officer on whose behalf an act is recorded; the importer itself is only ever the principal. */
const ACTOR_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'importer');
/** An instant with its offset, e.g. 2026-03-02T09:30:00+07:00: a register's local times are ambiguous without it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks a line's shape and its payload (with the API's own validation); executes nothing. */
export function parseRegisterLine(text: string, lineNo: number, now: Date): RegisterLine | LineRefusal {
  const refuse = (code: string, message: string): LineRefusal => ({ lineNo, code, message });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse('invalid-json', `not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(data)) return refuse('invalid-line', 'a line must be a JSON object');

  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (!(LINE_KEYS as readonly string[]).includes(key)) problems.push(`unknown key "${key}"`);
  }
  const { command: type, caseId, actor, occurredAt, idempotencyKey, payload } = data;
  if (typeof type !== 'string' || !(CASE_COMMAND_TYPES as readonly string[]).includes(type)) {
    problems.push(`command: must be one of ${CASE_COMMAND_TYPES.join(', ')}`);
  }
  if (typeof caseId !== 'string' || caseId === '') problems.push('caseId: must be a non-empty string (a UUID)');
  const actorProblems = checkActor(actor);
  problems.push(...actorProblems);
  if (typeof occurredAt !== 'string' || !INSTANT.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))) {
    problems.push('occurredAt: must be an ISO 8601 instant with its offset, e.g. 2026-03-02T09:30:00+07:00');
  } else if (Date.parse(occurredAt) > now.getTime()) {
    problems.push(`occurredAt: ${occurredAt} is in the future; a register records acts that happened`);
  }
  if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '') problems.push('idempotencyKey: must be a non-empty string');
  if (!isObject(payload)) problems.push('payload: must be a JSON object');
  else if (payload['caseId'] !== undefined && payload['caseId'] !== caseId) problems.push('payload.caseId: differs from caseId');
  if (problems.length > 0) return refuse('invalid-line', problems.join('; '));

  let command: CaseCommand;
  try {
    command = parseCaseCommand(type as CaseCommandType, caseId as string, payload);
  } catch (error) {
    if (error instanceof CommandValidationError) {
      return refuse(error.code, error.errors.map((e) => (e.field ? `payload.${e.field}: ${e.message}` : `payload: ${e.message}`)).join('; '));
    }
    throw error;
  }
  return {
    lineNo,
    command,
    envelope: {
      // Names arrive in NFC or NFD like any Vietnamese text; the actor is stored NFC as the payload is.
      actor: normalizeText(actor).value as Actor,
      principal: IMPORTER_PRINCIPAL,
      idempotencyKey: idempotencyKey as string,
      occurredAt: new Date(Date.parse(occurredAt as string)).toISOString(),
    },
  };
}

export function isRefusal(result: RegisterLine | LineRefusal): result is LineRefusal {
  return 'code' in result;
}

function checkActor(actor: unknown): string[] {
  if (!isObject(actor)) return ['actor: must be an object {id, role, department, name?}'];
  const problems: string[] = [];
  for (const key of Object.keys(actor)) {
    if (!(ACTOR_KEYS as readonly string[]).includes(key)) problems.push(`actor: unknown key "${key}"`);
  }
  if (typeof actor['id'] !== 'string' || actor['id'] === '') problems.push('actor.id: must be a non-empty string');
  if (typeof actor['role'] !== 'string' || !(ACTOR_ROLES as readonly string[]).includes(actor['role'])) {
    problems.push(`actor.role: must be one of ${ACTOR_ROLES.join(', ')}`);
  }
  if (typeof actor['department'] !== 'string' || actor['department'] === '') problems.push('actor.department: must be a non-empty string');
  if (actor['name'] !== undefined && typeof actor['name'] !== 'string') problems.push('actor.name: must be a string');
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
