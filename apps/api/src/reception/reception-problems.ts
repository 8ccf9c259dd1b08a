import { ReceptionSessionNotFoundError } from '@kntc/cases';
import { ReceptionCommandRefused } from '@kntc/domain';
import { ApiProblem } from '../shared/api-problem.error';

/** A reception refusal or a missing session as problem+json; anything else is left to the global filter. */
export async function asReceptionProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReceptionCommandRefused) {
      const status = error.code === 'session-not-found' ? 404 : 422;
      throw new ApiProblem(status, error.code, status === 404 ? 'Không tìm thấy buổi tiếp' : 'Thao tác bị từ chối', error.message, { allowedCommands: error.allowedCommands, details: error.details });
    }
    if (error instanceof ReceptionSessionNotFoundError) throw new ApiProblem(404, error.code, 'Không tìm thấy buổi tiếp', error.message);
    throw error;
  }
}
