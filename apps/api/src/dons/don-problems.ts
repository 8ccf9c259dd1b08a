import { DonNotFoundError } from '@kntc/cases';
import { CommandRefused } from '@kntc/domain';
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
