export type AuthenticationFailure = 'missing-token' | 'invalid-token' | 'token-expired';

const MESSAGES: Record<AuthenticationFailure, string> = {
  'missing-token': 'Cần đăng nhập: thiếu mã truy cập (Authorization: Bearer).',
  'invalid-token': 'Mã truy cập không hợp lệ.',
  'token-expired': 'Mã truy cập đã hết hạn; hãy đăng nhập lại.',
};

/** The request carries no usable token: the API answers 401. */
export class AuthenticationError extends Error {
  constructor(readonly code: AuthenticationFailure) {
    super(MESSAGES[code]);
    this.name = 'AuthenticationError';
  }
}
