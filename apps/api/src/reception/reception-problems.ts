import { ReceptionSessionNotFoundError } from '@kntc/cases';
import { ReceptionCommandRefused, type ReceptionRefusalCode } from '@kntc/domain';
import { COMMAND_HEADER_PROBLEMS, mergeProblems, problemsByCode, STORE_PROBLEMS, type ProblemsByStatus } from '../openapi/problem-responses';
import { ApiProblem } from '../shared/api-problem.error';

/** Status of each reception refusal as answered (every code listed: the compiler checks). */
const REFUSAL_STATUS: Record<ReceptionRefusalCode, 404 | 422> = {
  'session-not-found': 404,
  'session-already-exists': 422,
  'command-not-allowed-in-status': 422,
  'reception-kind-not-in-force': 422,
  'not-a-leader-session': 422,
  'already-published': 422,
  'invalid-date': 422,
  'session-date-not-reached': 422,
  'invalid-visit': 422,
  'delegation-required': 422,
  'delegation-representatives-required': 422,
  'invalid-delegation': 422,
  'invalid-refusal-ground': 422,
  'outcome-incomplete': 422,
  'conclusion-already-issued': 422,
};

/** What a reception command may answer: its headers and body, the decider's refusals, the store. */
export const RECEPTION_COMMAND_PROBLEMS: ProblemsByStatus = mergeProblems(
  COMMAND_HEADER_PROBLEMS,
  { 404: ['unknown-command', 'session-not-found'] },
  problemsByCode(REFUSAL_STATUS),
  STORE_PROBLEMS,
);

/** A reading of a department's sessions in a period (ReceptionPeriodQuery): its parameters, the index in Redis. */
export const RECEPTION_PERIOD_PROBLEMS: ProblemsByStatus = mergeProblems(
  { 400: ['invalid-parameter', 'invalid-period', 'validation-failed', 'unknown-parameter'], 404: ['department-not-found'], 503: ['read-model-behind', 'read-models-unavailable'] },
  STORE_PROBLEMS,
);

/** A reception refusal or a missing session as problem+json; anything else is left to the global filter. */
export async function asReceptionProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReceptionCommandRefused) {
      const status = REFUSAL_STATUS[error.code];
      throw new ApiProblem(status, error.code, status === 404 ? 'Không tìm thấy buổi tiếp' : 'Thao tác bị từ chối', error.message, { allowedCommands: error.allowedCommands, details: error.details });
    }
    if (error instanceof ReceptionSessionNotFoundError) throw new ApiProblem(404, error.code, 'Không tìm thấy buổi tiếp', error.message);
    throw error;
  }
}
