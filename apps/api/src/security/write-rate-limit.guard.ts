import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { consumeRateLimit, type AuthenticatedRequest } from '@kntc/auth';
import { RateLimits } from './rate-limits';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Runs after authentication and permission: every write of a user counts against their fixed window. */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { method?: string }>();
    if (request.actor && !READS.has(request.method ?? 'GET')) await consumeRateLimit(this.limits.writesByUser, request.actor.id);
    return true;
  }
}
