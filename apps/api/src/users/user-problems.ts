import { UserCommandRefused, UsersStoreUnavailableError } from '@kntc/auth';
import { ApiProblem } from '../shared/api-problem.error';

const REFUSAL_STATUS: Record<UserCommandRefused['code'], number> = {
  'user-exists': 409,
  'user-not-found': 404,
  'own-account': 422,
  'already-set-up': 409,
};

/** Runs an account change, answering its refusals and an unreachable users store as problem+json. */
export async function answeringUserProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserCommandRefused) throw new ApiProblem(REFUSAL_STATUS[error.code], error.code, 'Không thực hiện được', error.message);
    if (error instanceof UsersStoreUnavailableError) {
      throw new ApiProblem(503, error.code, 'Kho tài khoản tạm thời không truy cập được', 'Không đọc hoặc ghi được tài khoản người dùng lúc này; hãy thử lại sau ít phút.');
    }
    throw error;
  }
}
