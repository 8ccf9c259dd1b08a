import {
  CommandValidationError,
  DON_COMMAND_ROUTES,
  normalizeText,
  parseCaseCommand,
  parseCreateReceptionSession,
  parseDonCommand,
  parseReceptionCommand,
  parseRegisterDon,
  RECEPTION_COMMAND_ROUTES,
  type AcceptDonIntoCaseRequest,
  type CommandEnvelope,
  type DonCommandSegment,
  type DonRequest,
  type ReceptionCommandSegment,
} from '@kntc/cases';
import { RECEPTION_COMMAND_PERMISSIONS, type Actor, type CaseCommand, type ReceptionCommand, type ReceptionCommandType } from '@kntc/domain';
import { CASE_COMMAND_TYPES, ROLES, type CaseCommandType, type Role } from '@kntc/workflow';
import { isUUID } from 'class-validator';

/**
 * One line of a register file (JSON Lines), one historical act on a case, a đơn or a reception session:
 * `{"command", "caseId" | "donId" | "sessionId", "actor": {id, role, department, name?}, "occurredAt", "idempotencyKey", "payload"}`.
 */
export interface RegisterLine {
  lineNo: number;
  act: RegisterAct;
  envelope: CommandEnvelope;
}

/** The command of a line, by the stream it acts on; `id` names that stream's case, đơn or session. */
export type RegisterAct =
  | { stream: 'case'; id: string; command: CaseCommand }
  | { stream: 'don'; id: string; request: DonRequest }
  | { stream: 'reception'; id: string; command: ReceptionCommand };

export type RegisterStream = RegisterAct['stream'];

/** Why a line was not imported; `code` is stable (the domain's refusal codes, or one of the line checks). */
export interface LineRefusal {
  lineNo: number;
  code: string;
  message: string;
}

/** The importer is the principal of every imported act; the actor is the officer named in the register. */
export const IMPORTER_PRINCIPAL = { id: 'importer', role: 'importer' } as const satisfies CommandEnvelope['principal'];

/** The key that names a line's case, đơn or session, as the API's paths do. */
export const STREAM_ID_KEYS = { case: 'caseId', don: 'donId', reception: 'sessionId' } as const satisfies Record<RegisterStream, string>;

/** Đơn commands by name, each with the API route segment whose body its payload is. */
const DON_SEGMENTS = new Map<string, DonCommandSegment>(Object.entries(DON_COMMAND_ROUTES).map(([segment, route]) => [route.type, segment as DonCommandSegment]));
const DON_COMMAND_TYPES: readonly string[] = ['RegisterDon', ...DON_SEGMENTS.keys()];
const RECEPTION_SEGMENTS = new Map<string, ReceptionCommandSegment>(
  Object.entries(RECEPTION_COMMAND_ROUTES).map(([segment, route]) => [route.type, segment as ReceptionCommandSegment]),
);
const RECEPTION_COMMAND_TYPES = Object.keys(RECEPTION_COMMAND_PERMISSIONS) as ReceptionCommandType[];

const LINE_KEYS = ['command', ...Object.values(STREAM_ID_KEYS), 'actor', 'occurredAt', 'idempotencyKey', 'payload'] as const;
const ACTOR_KEYS = ['id', 'role', 'department', 'name'] as const;
/** The officer on whose behalf an act is recorded; the importer itself is only ever the principal. */
const ACTOR_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'importer');
/** An instant with its offset, e.g. 2026-03-02T09:30:00+07:00: a register's local times are ambiguous without it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The stream a command acts on; undefined for a name no stream knows. */
export function streamOfCommand(type: string): RegisterStream | undefined {
  if ((CASE_COMMAND_TYPES as readonly string[]).includes(type)) return 'case';
  if (DON_COMMAND_TYPES.includes(type)) return 'don';
  if ((RECEPTION_COMMAND_TYPES as readonly string[]).includes(type)) return 'reception';
  return undefined;
}

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
  const { command: type, actor, occurredAt, idempotencyKey, payload } = data;
  const stream = typeof type === 'string' ? streamOfCommand(type) : undefined;
  if (stream === undefined) {
    problems.push(`command: must be one of ${[...CASE_COMMAND_TYPES, ...DON_COMMAND_TYPES, ...RECEPTION_COMMAND_TYPES].join(', ')}`);
  }
  const idKey = stream !== undefined ? STREAM_ID_KEYS[stream] : undefined;
  const id = idKey !== undefined ? data[idKey] : undefined;
  if (idKey !== undefined) {
    if (typeof id !== 'string' || id === '') problems.push(`${idKey}: must be a non-empty string (a UUID)`);
    else if (stream !== 'case' && !isUUID(id)) problems.push(`${idKey}: must be a UUID`);
    for (const other of Object.values(STREAM_ID_KEYS)) {
      if (other !== idKey && data[other] !== undefined) problems.push(`${other}: a ${type as string} line names its ${idKey} only`);
    }
  }
  problems.push(...checkActor(actor));
  if (typeof occurredAt !== 'string' || !INSTANT.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))) {
    problems.push('occurredAt: must be an ISO 8601 instant with its offset, e.g. 2026-03-02T09:30:00+07:00');
  } else if (Date.parse(occurredAt) > now.getTime()) {
    problems.push(`occurredAt: ${occurredAt} is in the future; a register records acts that happened`);
  }
  if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '') problems.push('idempotencyKey: must be a non-empty string');
  if (!isObject(payload)) problems.push('payload: must be a JSON object');
  else if (idKey !== undefined && payload[idKey] !== undefined && payload[idKey] !== id) problems.push(`payload.${idKey}: differs from ${idKey}`);
  if (problems.length > 0) return refuse('invalid-line', problems.join('; '));

  let act: RegisterAct;
  try {
    act = actOf(stream!, type as string, id as string, payload as Record<string, unknown>);
  } catch (error) {
    if (error instanceof CommandValidationError) {
      return refuse(error.code, error.errors.map((e) => (e.field ? `payload.${e.field}: ${e.message}` : `payload: ${e.message}`)).join('; '));
    }
    throw error;
  }
  return {
    lineNo,
    act,
    envelope: {
      // Names arrive in NFC or NFD like any Vietnamese text; the actor is stored NFC as the payload is.
      actor: normalizeText(actor).value as Actor,
      principal: IMPORTER_PRINCIPAL,
      idempotencyKey: idempotencyKey as string,
      occurredAt: new Date(Date.parse(occurredAt as string)).toISOString(),
    },
  };
}

/** The payload read as the body of the API request that runs the same command. */
function actOf(stream: RegisterStream, type: string, id: string, payload: Record<string, unknown>): RegisterAct {
  switch (stream) {
    case 'case':
      return { stream, id, command: parseCaseCommand(type as CaseCommandType, id, payload) };
    case 'don': {
      const donId = id.toLowerCase();
      if (type === 'RegisterDon') return { stream, id: donId, request: parseRegisterDon({ ...payload, donId }) };
      if (type === 'AcceptDonIntoCase') {
        // A đơn accepted into a case names that case (the API derives it from the key), as the register's later lines on the case do.
        const { caseId, ...body } = payload;
        const request = parseDonCommand('accept-into-case', donId, body);
        return { stream, id: donId, request: caseId === undefined ? request : { ...(request as AcceptDonIntoCaseRequest), caseId: caseIdOf(caseId) } };
      }
      return { stream, id: donId, request: parseDonCommand(DON_SEGMENTS.get(type)!, donId, payload) };
    }
    case 'reception': {
      const sessionId = id.toLowerCase();
      // A session is created by planning it, or by opening the register of one held without a schedule entry.
      if (type === 'PlanReceptionSession') return { stream, id: sessionId, command: parseCreateReceptionSession({ ...payload, action: 'plan', sessionId }, sessionId) };
      if (type === 'OpenReceptionSession' && payload['department'] !== undefined) {
        return { stream, id: sessionId, command: parseCreateReceptionSession({ ...payload, action: 'open', sessionId }, sessionId) };
      }
      return { stream, id: sessionId, command: parseReceptionCommand(RECEPTION_SEGMENTS.get(type)!, sessionId, payload) };
    }
    default: {
      const unknown: never = stream;
      throw new Error(`unknown stream ${String(unknown)}`);
    }
  }
}

function caseIdOf(value: unknown): string {
  if (typeof value !== 'string' || !isUUID(value)) throw new CommandValidationError([{ field: 'caseId', message: 'Mã hồ sơ phải là UUID.' }]);
  return value.toLowerCase();
}

/** The act creates its stream (a case filed, a đơn registered, a session planned or opened without a schedule). */
export function createsStream(act: RegisterAct): boolean {
  switch (act.stream) {
    case 'case':
      return act.command.type === 'FileCase';
    case 'don':
      return act.request.type === 'RegisterDon';
    case 'reception':
      return act.command.type === 'PlanReceptionSession' || (act.command.type === 'OpenReceptionSession' && act.command.department !== undefined);
  }
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
