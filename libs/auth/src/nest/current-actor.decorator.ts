import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@kntc/domain';
import type { AuthenticatedRequest } from './authenticated-request';

/** The actor BearerAuthGuard put on the request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route that BearerAuthGuard does not protect');
  return actor;
});
