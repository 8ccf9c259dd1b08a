export type AuthenticationFailure = 'missing-token' | 'invalid-token' | 'token-expired' | 'invalid-credentials';

const MESSAGES: Record<AuthenticationFailure, string> = {
  'missing-token': 'Cần đăng nhập: thiếu mã truy cập (Authorization: Bearer).',
  'invalid-token': 'Mã truy cập không hợp lệ.',
  'token-expired': 'Mã truy cập đã hết hạn; hãy đăng nhập lại.',
  'invalid-credentials': 'Tên đăng nhập hoặc mật khẩu không đúng.',
};

/** The request carries no usable token, or a login failed: the API answers 401. */
export class AuthenticationError extends Error {
  constructor(readonly code: AuthenticationFailure) {
    super(MESSAGES[code]);
    this.name = 'AuthenticationError';
  }
}

/** The identity provider's keys cannot be fetched, so no token can be checked now: the API answers 503. */
export class AuthenticationUnavailableError extends Error {
  readonly code = 'authentication-unavailable';
  constructor(cause: string) {
    super(`cannot fetch the identity provider's keys: ${cause}`);
    this.name = 'AuthenticationUnavailableError';
  }
}
