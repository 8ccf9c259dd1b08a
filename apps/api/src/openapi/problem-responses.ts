import type { ApiResponseOptions } from '@nestjs/swagger';
import type { AuthenticationFailure, AuthorizationFailure } from '@kntc/auth';
import type { RefusalCode } from '@kntc/domain';

/** The problem+json answers of a route: status → the stable `code`s it may carry. */
export type ProblemsByStatus = Partial<Record<number, readonly string[]>>;

export const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDetails';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The OpenAPI response of one status: ProblemDetails with `code` narrowed to the codes listed. */
export function problemResponse(status: number, codes: readonly string[]): ApiResponseOptions {
  const unique = [...new Set(codes)].sort();
  return {
    status,
    description: `Lỗi (application/problem+json), code: ${unique.join(', ')}`,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { allOf: [{ $ref: PROBLEM_SCHEMA_REF }, { type: 'object', properties: { code: { type: 'string', enum: unique } } }] },
      },
    },
  };
}

/** Status of each refusal of the decider, as the problem filter answers it (every code listed: the compiler checks). */
const REFUSAL_STATUS: Record<RefusalCode, 403 | 404 | 422> = {
  'case-not-found': 404,
  'case-already-exists': 422,
  'command-not-in-workflow': 422,
  'command-not-allowed-in-stage': 422,
  'command-not-in-force': 422,
  'role-not-allowed': 403,
  'case-suspended': 422,
  'case-not-suspended': 422,
  'invalid-date': 422,
  'invalid-ground': 422,
  'invalid-parties': 422,
  'workflow-mismatch': 422,
  'unknown-clock': 422,
  'clock-not-running': 422,
  'extension-not-allowed': 422,
  'no-clock-rule': 422,
  'complexity-not-changed': 422,
  'deadline-moved': 422,
  'deadline-not-due': 422,
  'deadline-step-done': 422,
  'deadline-reminder-passed': 422,
  'case-not-stalled': 422,
  'resolution-continued': 422,
  'assignee-not-found': 422,
  'assignee-not-inspector': 422,
  'assignee-other-department': 422,
};

const AUTHENTICATION_FAILURES: Record<Exclude<AuthenticationFailure, 'invalid-credentials'>, 401> = {
  'missing-token': 401,
  'invalid-token': 401,
  'token-expired': 401,
};
const AUTHORIZATION_FAILURES: Record<AuthorizationFailure, 403> = {
  'permission-denied': 403,
  'permission-not-declared': 403,
  'role-not-mapped': 403,
  'department-not-mapped': 403,
};

/** Merges problem lists: the union of the codes of each status. */
export function mergeProblems(...lists: ProblemsByStatus[]): ProblemsByStatus {
  const merged: Record<number, string[]> = {};
  for (const list of lists) {
    for (const [status, codes] of Object.entries(list)) merged[Number(status)] = [...(merged[Number(status)] ?? []), ...(codes ?? [])];
  }
  return merged;
}

/** A record code → status (a refusal table) as problems by status. */
export function problemsByCode(codes: Record<string, number>): ProblemsByStatus {
  return mergeProblems(...Object.entries(codes).map(([code, status]) => ({ [status]: [code] })));
}

/** What the case store and the key store may answer to any route that reads or writes a case. */
export const STORE_PROBLEMS: ProblemsByStatus = { 503: ['store-unavailable', 'key-store-unavailable', 'event-version-unsupported'] };

/** A read-model query: its query string, the wait for `after`, Redis. */
export const READ_MODEL_PROBLEMS: ProblemsByStatus = {
  400: ['validation-failed', 'unknown-parameter', 'after-beyond-head'],
  503: ['read-model-behind', 'read-models-unavailable'],
};

/** Any command: its body, its headers (readCommandHeaders), the revision check, a key used for another request. */
export const COMMAND_HEADER_PROBLEMS: ProblemsByStatus = {
  400: ['validation-failed', 'invalid-case-id', 'idempotency-key-required', 'invalid-idempotency-key', 'invalid-if-match', 'invalid-correlation-id'],
  409: ['revision-conflict'],
  412: ['weak-etag'],
  422: ['idempotency-key-reused'],
};

/** A command on a case: its headers, its body, the decider's refusals, the revision check, the stores. */
export const COMMAND_PROBLEMS: ProblemsByStatus = mergeProblems(
  COMMAND_HEADER_PROBLEMS,
  {
    403: ['business-time-not-allowed', 'department-not-allowed'],
    404: ['case-not-found'],
    422: ['unknown-case-kind'],
  },
  problemsByCode(REFUSAL_STATUS),
  STORE_PROBLEMS,
);

/** Added to every route by buildOpenApiDocument. */
export const EVERY_ROUTE_PROBLEMS: ProblemsByStatus = { 500: ['internal-error'] };
/** Added to every route that takes a bearer token. */
export const SIGNED_IN_PROBLEMS: ProblemsByStatus = mergeProblems(problemsByCode(AUTHENTICATION_FAILURES), problemsByCode(AUTHORIZATION_FAILURES), {
  503: ['authentication-unavailable'],
});
/** Added to every route with a path parameter: a parameter that is not valid percent-encoding (the router's 400). */
export const PATH_PARAMETER_PROBLEMS: ProblemsByStatus = { 400: ['validation-failed'] };
/** Added to every POST: the body parser, and the write rate limit of a signed-in user. */
export const BODY_PROBLEMS: ProblemsByStatus = { 400: ['malformed-json'], 413: ['payload-too-large'], 415: ['unsupported-media-type'], 429: ['rate-limited'] };
