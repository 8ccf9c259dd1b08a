import type { CaseCommand } from '@kntc/domain';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync, type ValidationError } from 'class-validator';
import { CASE_COMMAND_REQUEST_DTOS, type CaseCommandType } from './case-command.routes';
import { CommandValidationError, type FieldError } from './command-validation.error';
import { normalizeText } from './normalize-text';

/** Messages of class-validator's own checks, which take no message option. */
const BUILT_IN_MESSAGES: Record<string, string> = {
  whitelistValidation: 'Trường này không được phép.',
  nestedValidation: 'Phải là một đối tượng JSON.',
  unknownValue: 'Dữ liệu không hợp lệ.',
};

/**
 * Turns a request body into a command, for the HTTP API and the register importer alike: every string NFC
 * and trimmed, fields checked against the command's DTO, unknown fields refused. For a filing, `caseId`
 * is used when the body names no case id.
 */
export function parseCaseCommand(type: CaseCommandType, caseId: string, body: unknown): CaseCommand {
  const { fields, errors } = checkRequestBody(CASE_COMMAND_REQUEST_DTOS[type] as new () => object, body);
  const id = type === 'FileCase' && fields['caseId'] !== undefined ? fields['caseId'] : caseId;
  if (!(typeof id === 'string' && isUUID(id)) && !errors.some((e) => e.field === 'caseId')) {
    errors.unshift({ field: 'caseId', message: 'Mã hồ sơ phải là UUID.' });
  }
  if (errors.length > 0) throw new CommandValidationError(errors);
  return { ...fields, type, caseId: (id as string).toLowerCase() } as CaseCommand;
}

/**
 * A request body checked against a DTO, for every command route (cases, đơn): strings NFC and trimmed, unknown
 * fields refused. Throws for a body that is no JSON object; returns the field errors for the caller to add its own.
 */
export function checkRequestBody(dto: new () => object, body: unknown): { fields: Record<string, unknown>; errors: FieldError[] } {
  const normalized = normalizeText(body);
  if (normalized.errors.length > 0) throw new CommandValidationError(normalized.errors);
  const payload = normalized.value;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new CommandValidationError([{ field: '', message: 'Nội dung yêu cầu phải là một đối tượng JSON.' }]);
  }
  const errors = validateSync(plainToInstance(dto, payload), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  }).flatMap((error) => fieldErrors(error, ''));
  return { fields: payload as Record<string, unknown>, errors };
}

function fieldErrors(error: ValidationError, parent: string): FieldError[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([key, message]) => ({ field, message: BUILT_IN_MESSAGES[key] ?? message }));
  return [...own, ...(error.children ?? []).flatMap((child) => fieldErrors(child, field))];
}
