import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthorizationError } from '../authorization.error';
import { hasPermission, isPermission, type Permission } from '../permissions';
import type { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_PERMISSION } from './requires-permission.decorator';

/** Runs after BearerAuthGuard: the actor's role must hold the route's declared permission; no declaration, no access. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { method?: string; route?: { path?: string } }>();
    if (!isPermission(permission)) {
      throw new AuthorizationError(
        'permission-not-declared',
        `Địa chỉ ${request.method ?? ''} ${request.route?.path ?? ''} chưa khai báo quyền truy cập (@RequiresPermission); yêu cầu bị từ chối.`,
      );
    }
    const actor = request.actor;
    if (!actor) throw new AuthorizationError('permission-denied', 'Yêu cầu chưa được xác thực.', permission);
    if (!hasPermission(actor.role, permission)) throw AuthorizationError.denied(actor.role, permission);
    return true;
  }
}
