import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_TOKEN_VERIFIER, type AccessTokenVerifier } from '../tokens/access-token.verifier';
import { AuthenticationError } from '../tokens/authentication.error';
import type { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;
/** A JWT of a real provider is a few kilobytes; anything far longer is refused before it is parsed. */
const MAX_TOKEN_LENGTH = 8 * 1024;

/** The token of an `Authorization: Bearer <token>` header, or undefined when the header is missing or malformed. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header)?.[1] : undefined;
}

/** Reads `Authorization: Bearer <token>`, verifies it and puts the actor on the request; no token, no access. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    if (header === undefined || header === '') throw new AuthenticationError('missing-token');
    const token = bearerTokenOf(header);
    if (token === undefined) throw new AuthenticationError('invalid-token');
    request.actor = await this.verifier.verify(token);
    return true;
  }
}
