import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError } from '../tokens/authentication.error';
import { TokenService } from '../tokens/token.service';
import type { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/** Reads `Authorization: Bearer <token>`, verifies it and puts the actor on the request; no token, no access. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    if (header === undefined || header === '') throw new AuthenticationError('missing-token');
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new AuthenticationError('invalid-token');
    request.actor = this.tokens.verify(match[1]!);
    return true;
  }
}
