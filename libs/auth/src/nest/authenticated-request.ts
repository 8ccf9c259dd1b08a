import type { Actor } from '@kntc/domain';

/** An HTTP request after BearerAuthGuard: the actor the token names. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}
