import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MaxLength, ValidateBy, ValidateIf, ValidateNested, isUUID } from 'class-validator';
import { isLocalDate } from '@kntc/workflow';
import { checkText } from './normalize-text';

/**
 * Property decorators of the request DTOs: each states the validation, its Vietnamese message and the
 * OpenAPI schema once, so the document and the checks cannot drift apart.
 */
interface FieldOptions {
  description: string;
  example?: unknown;
  /** Absent is allowed; null is not, so a command never carries null where the domain expects a value or nothing. */
  optional?: boolean;
}

const optional = (options: FieldOptions): PropertyDecorator[] =>
  options.optional ? [ValidateIf((_object: unknown, value: unknown) => value !== undefined)] : [];

const documented = (options: FieldOptions, schema: Record<string, unknown>): PropertyDecorator =>
  ApiProperty({
    required: !options.optional,
    description: options.description,
    ...(options.example !== undefined ? { example: options.example } : {}),
    ...schema,
  });

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Fields longer than this are prose (content, reasons, summaries, notes): line breaks and tabs belong there, and
 * the web UI gives them a multi-line box; names, numbers, subjects and addresses are one line.
 */
const ONE_LINE_MAX_LENGTH = 500;

/** The characters a text may hold (see `checkText`); a value that is no string is IsString's to refuse. */
function CleanText(maxLength: number, each = false): PropertyDecorator {
  const problem = (value: unknown): string | undefined => (typeof value === 'string' ? checkText(value, { multiline: maxLength > ONE_LINE_MAX_LENGTH }) : undefined);
  return ValidateBy({ name: 'isCleanText', validator: { validate: (value) => problem(value) === undefined, defaultMessage: (args) => problem(args?.value) ?? '' } }, { each });
}

export function TextField(options: FieldOptions & { maxLength: number }): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, maxLength: options.maxLength, minLength: 1 }),
    IsString({ message: 'Phải là chuỗi ký tự.' }),
    IsNotEmpty({ message: 'Không được để trống.' }),
    MaxLength(options.maxLength, { message: `Tối đa ${options.maxLength} ký tự.` }),
    CleanText(options.maxLength),
  );
}

/** An identifier such as a case kind, a department or a clock: lower-case words joined by hyphens. */
export function CodeField(options: FieldOptions & { maxLength?: number }): PropertyDecorator {
  const maxLength = options.maxLength ?? 50;
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, maxLength, pattern: KEBAB_CASE.source }),
    IsString({ message: 'Phải là chuỗi ký tự.' }),
    MaxLength(maxLength, { message: `Tối đa ${maxLength} ký tự.` }),
    Matches(KEBAB_CASE, { message: 'Chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: so-tnmt).' }),
  );
}

export function LocalDateField(options: FieldOptions): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, format: 'date' }),
    ValidateBy({
      name: 'isLocalDate',
      validator: { validate: (value: unknown) => isLocalDate(value), defaultMessage: () => 'Phải là một ngày có thật, dạng YYYY-MM-DD.' },
    }),
  );
}

export function UuidField(options: FieldOptions): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, format: 'uuid' }),
    ValidateBy({
      name: 'isUuid',
      validator: { validate: (value: unknown) => typeof value === 'string' && isUUID(value), defaultMessage: () => 'Phải là UUID.' },
    }),
  );
}

export function BooleanField(options: FieldOptions): PropertyDecorator {
  return applyDecorators(...optional(options), documented(options, { type: Boolean }), IsBoolean({ message: 'Phải là true hoặc false.' }));
}

export function EnumField(options: FieldOptions & { values: readonly string[] }): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, enum: [...options.values] }),
    IsIn([...options.values], { message: `Phải là một trong: ${options.values.join(', ')}.` }),
  );
}

export function EnumListField(options: FieldOptions & { values: readonly string[]; maxItems: number }): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, enum: [...options.values], isArray: true, maxItems: options.maxItems }),
    IsArray({ message: 'Phải là một danh sách.' }),
    ArrayMaxSize(options.maxItems, { message: `Tối đa ${options.maxItems} phần tử.` }),
    IsIn([...options.values], { each: true, message: `Mỗi phần tử phải là một trong: ${options.values.join(', ')}.` }),
  );
}

export function TextListField(options: FieldOptions & { maxLength: number; minItems: number; maxItems: number }): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: String, isArray: true, minItems: options.minItems, maxItems: options.maxItems, maxLength: options.maxLength }),
    IsArray({ message: 'Phải là một danh sách.' }),
    ArrayMinSize(options.minItems, { message: `Cần ít nhất ${options.minItems} phần tử.` }),
    ArrayMaxSize(options.maxItems, { message: `Tối đa ${options.maxItems} phần tử.` }),
    IsString({ each: true, message: 'Mỗi phần tử phải là chuỗi ký tự.' }),
    IsNotEmpty({ each: true, message: 'Không phần tử nào được để trống.' }),
    MaxLength(options.maxLength, { each: true, message: `Mỗi phần tử tối đa ${options.maxLength} ký tự.` }),
    CleanText(options.maxLength, true),
  );
}

export function NestedListField(options: FieldOptions & { type: () => new () => object; minItems: number; maxItems: number }): PropertyDecorator {
  return applyDecorators(
    ...optional(options),
    documented(options, { type: options.type, isArray: true, minItems: options.minItems, maxItems: options.maxItems }),
    IsArray({ message: 'Phải là một danh sách.' }),
    ArrayMinSize(options.minItems, { message: `Cần ít nhất ${options.minItems} phần tử.` }),
    ArrayMaxSize(options.maxItems, { message: `Tối đa ${options.maxItems} phần tử.` }),
    ValidateNested({ each: true, message: 'Phải là một đối tượng JSON.' }),
    Type(options.type),
  );
}
