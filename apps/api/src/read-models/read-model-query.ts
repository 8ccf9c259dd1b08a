import { isLocalDate, type LocalDate } from '@kntc/workflow';
import { ApiProblem } from '../shared/api-problem.error';

/** Refuses a query string with a parameter the route does not know (a typo would otherwise filter nothing). */
export function onlyParameters(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new ApiProblem(400, 'unknown-parameter', 'Tham số không hợp lệ', `Tham số không được hỗ trợ: ${unknown.join(', ').slice(0, 200)}; dùng: ${allowed.join(', ')}.`);
  }
}

/** Reads the query string of a read-model route: known parameters only, one value each, checked formats. */
export class ReadModelQuery {
  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    onlyParameters(query, allowed);
  }

  text(name: string, maxLength = 200): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalid(name, `Tham số ${name} chỉ được có một giá trị.`);
    if (value.length > maxLength) throw invalid(name, `Tham số ${name} dài quá ${maxLength} ký tự.`);
    return value === '' ? undefined : value;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.text(name, 50);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) throw invalid(name, `Tham số ${name} phải là một trong: ${values.join(', ')}.`);
    return value as T;
  }

  date(name: string): LocalDate | undefined {
    const value = this.text(name, 10);
    if (value !== undefined && !isLocalDate(value)) throw invalid(name, `Tham số ${name} phải là ngày dạng YYYY-MM-DD.`);
    return value;
  }

  whole(name: string, fallback: number, min: number, max: number): number {
    const value = this.text(name, 10);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw invalid(name, `Tham số ${name} phải là số nguyên từ ${min} đến ${max}.`);
    return n;
  }

  flag(name: string): boolean {
    const value = this.oneOf(name, ['true', 'false'] as const);
    return value === 'true';
  }
}

function invalid(field: string, message: string): ApiProblem {
  return new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Yêu cầu có tham số không hợp lệ; xem danh sách lỗi.', {
    errors: [{ field, message }],
  });
}
