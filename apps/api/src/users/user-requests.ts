import { checkPasswordPolicy, DEPARTMENT_CODE, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, MAX_USER_NAME_LENGTH, PasswordPolicyError, USER_ID, USER_ROLES, type UserRole } from '@kntc/auth';
import { ApiProblem } from '../shared/api-problem.error';

interface FieldError {
  field: string;
  message: string;
}

/** The fields of a JSON object body; anything else reads as an empty one, so every field is then reported missing. */
function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function refuse(errors: FieldError[]): void {
  if (errors.length > 0) throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Thông tin người dùng chưa hợp lệ.', { errors });
}

function userId(value: unknown, errors: FieldError[], field = 'userId'): string {
  const id = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!USER_ID.test(id)) errors.push({ field, message: 'Mã người dùng gồm chữ thường không dấu, số, ".", "_", "-" (tối đa 64 ký tự), ví dụ tnmt-tiepdan-lan.' });
  return id;
}

function name(value: unknown, errors: FieldError[]): string {
  const text = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (text === '' || text.length > MAX_USER_NAME_LENGTH) errors.push({ field: 'name', message: `Cần họ tên (tối đa ${MAX_USER_NAME_LENGTH} ký tự).` });
  return text;
}

function role(value: unknown, errors: FieldError[]): UserRole {
  if (!(USER_ROLES as readonly unknown[]).includes(value)) errors.push({ field: 'role', message: `Vai trò phải là một trong: ${USER_ROLES.join(', ')}.` });
  return value as UserRole;
}

function department(value: unknown, errors: FieldError[], known: readonly string[]): string {
  if (typeof value !== 'string' || !DEPARTMENT_CODE.test(value) || (known.length > 0 && !known.includes(value))) {
    errors.push({ field: 'department', message: `Đơn vị phải là một mã có trong danh mục${known.length > 0 ? `: ${known.join(', ')}` : ''}.` });
  }
  return value as string;
}

/** A password the policy accepts (length); `undefined` when optional and not given. */
function password(value: unknown, errors: FieldError[], required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length > MAX_PASSWORD_LENGTH * 4) {
    errors.push({ field: 'password', message: 'Cần mật khẩu.' });
    return undefined;
  }
  try {
    checkPasswordPolicy(value);
  } catch (error) {
    if (!(error instanceof PasswordPolicyError)) throw error;
    errors.push({ field: 'password', message: `Mật khẩu cần từ ${MIN_PASSWORD_LENGTH} đến ${MAX_PASSWORD_LENGTH} ký tự.` });
  }
  return value;
}

export interface CreateUserRequest {
  userId: string;
  name: string;
  role: UserRole;
  department: string;
  password?: string;
}

export function parseCreateUser(body: unknown, departments: readonly string[]): CreateUserRequest {
  const fields = fieldsOf(body);
  const errors: FieldError[] = [];
  const request: CreateUserRequest = {
    userId: userId(fields['userId'], errors),
    name: name(fields['name'], errors),
    role: role(fields['role'], errors),
    department: department(fields['department'], errors, departments),
  };
  const given = password(fields['password'], errors, false);
  refuse(errors);
  return given !== undefined ? { ...request, password: given } : request;
}

export function parseRoleChange(body: unknown, departments: readonly string[]): { role: UserRole; department: string } {
  const fields = fieldsOf(body);
  const errors: FieldError[] = [];
  const change = { role: role(fields['role'], errors), department: department(fields['department'], errors, departments) };
  refuse(errors);
  return change;
}

export function parsePassword(body: unknown): string {
  const errors: FieldError[] = [];
  const given = password(fieldsOf(body)['password'], errors, true);
  refuse(errors);
  return given!;
}

export interface SetupRequest {
  token: string;
  userId: string;
  name: string;
  password: string;
}

export function parseSetup(body: unknown): SetupRequest {
  const fields = fieldsOf(body);
  const errors: FieldError[] = [];
  const token = fields['token'];
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) errors.push({ field: 'token', message: 'Cần mã cài đặt (trong đường dẫn đã in ra khi khởi động).' });
  const request = { token: token as string, userId: userId(fields['userId'], errors), name: name(fields['name'], errors), password: password(fields['password'], errors, true)! };
  refuse(errors);
  return request;
}
