import { DonNotFoundError } from '@kntc/cases';
import { CommandRefused, type DonRefusalCode, type MatterRefusalCode } from '@kntc/domain';
import { mergeProblems, STORE_PROBLEMS, type ProblemsByStatus } from '../openapi/problem-responses';
import { ApiProblem } from '../shared/api-problem.error';

/** Refusals that conflict with an act already recorded on the matter: 409, the request itself was sound. */
const CONFLICTS = new Set(['already-guided', 'already-forwarded']);
const NOT_FOUND = new Set(['don-not-found', 'matter-not-found']);

/** A đơn refusal or a missing đơn as problem+json with its stable code; anything else is left to the global filter. */
export async function asDonProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DonNotFoundError) throw new ApiProblem(404, error.code, 'Không tìm thấy đơn', error.message);
    if (error instanceof CommandRefused && (CONFLICTS.has(error.code) || NOT_FOUND.has(error.code))) {
      const status = CONFLICTS.has(error.code) ? 409 : 404;
      throw new ApiProblem(status, error.code, status === 409 ? 'Đã thực hiện một lần' : 'Không tìm thấy đơn', error.message, {
        allowedCommands: error.allowedCommands,
        details: error.details,
      });
    }
    throw error;
  }
}

/** Status of each đơn refusal as answered (every code listed: the compiler checks). */
const DON_REFUSAL_STATUS: Record<DonRefusalCode | MatterRefusalCode, 404 | 409 | 422> = {
  'don-not-found': 404,
  'don-already-exists': 422,
  'don-already-processed': 422,
  'don-not-processed': 422,
  'don-not-classified': 422,
  'don-not-qualifying': 422,
  'don-outside-competence': 422,
  'don-within-competence': 422,
  'don-several-contents': 422,
  'don-not-several-contents': 422,
  'don-anonymous': 422,
  'don-not-referred': 422,
  'don-already-attached': 422,
  'case-kind-mismatch': 422,
  'referrer-already-answered': 422,
  'invalid-classification': 422,
  'invalid-source': 422,
  'invalid-attachment': 422,
  'matter-not-found': 404,
  'matter-already-exists': 422,
  'already-guided': 409,
  'already-forwarded': 409,
  'already-linked': 422,
};

/** Every problem a đơn command may answer: its headers, body, the deciders' refusals (đơn, matter, case filing), the stores. */
export const DON_COMMAND_PROBLEMS: ProblemsByStatus = mergeProblems(
  {
    400: ['validation-failed', 'invalid-case-id', 'idempotency-key-required', 'invalid-idempotency-key', 'invalid-if-match', 'invalid-correlation-id'],
    403: ['role-not-allowed', 'department-not-allowed'],
    404: ['case-not-found', 'unknown-command'],
    409: ['revision-conflict'],
    412: ['weak-etag'],
    422: ['idempotency-key-reused', 'invalid-date', 'invalid-ground', 'invalid-parties', 'no-clock-rule', 'command-not-in-force', 'unknown-case-kind'],
  },
  ...Object.entries(DON_REFUSAL_STATUS).map(([code, status]) => ({ [status]: [code] })),
  STORE_PROBLEMS,
);

/** GET of a đơn or its history. */
export const DON_READ_PROBLEMS: ProblemsByStatus = mergeProblems({ 400: ['invalid-case-id'], 404: ['don-not-found'] }, STORE_PROBLEMS);
