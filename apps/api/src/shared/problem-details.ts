/** RFC 9457 problem details, with the stable `code` clients switch on. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Stable English kebab-case. */
  code: string;
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, code: string, title: string, detail: string, extras: Record<string, unknown> = {}): ProblemDetails {
  return { type: `urn:kntc:problem:${code}`, title, status, code, detail, ...extras };
}
