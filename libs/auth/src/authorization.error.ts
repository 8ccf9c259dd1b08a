import type { Permission } from './permissions';

export type AuthorizationFailure = 'permission-denied' | 'permission-not-declared' | 'role-not-mapped' | 'department-not-mapped';

/** Authenticated, but not allowed: the API answers 403 and runs nothing. */
export class AuthorizationError extends Error {
  constructor(
    readonly code: AuthorizationFailure,
    message: string,
    readonly permission?: Permission,
  ) {
    super(message);
    this.name = 'AuthorizationError';
  }

  static denied(role: string, permission: Permission): AuthorizationError {
    return new AuthorizationError('permission-denied', `Vai trò "${role}" không có quyền ${permission}.`, permission);
  }
}
