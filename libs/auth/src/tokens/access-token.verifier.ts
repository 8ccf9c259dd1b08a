import type { Actor } from '@kntc/domain';
import type { TokenService } from './token.service';

/** Turns a bearer token into the actor it names; throws AuthenticationError when it cannot be trusted. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Actor>;
}

export const ACCESS_TOKEN_VERIFIER = Symbol('AccessTokenVerifier');

/** The embedded issuer's HS256 tokens (`kntc token`, `POST /api/auth/login`). */
export class LocalTokenVerifier implements AccessTokenVerifier {
  constructor(private readonly tokens: TokenService) {}

  async verify(token: string): Promise<Actor> {
    return this.tokens.verify(token);
  }
}
