import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { PasswordLoginService } from '../login/password-login.service';
import { OidcTokenVerifier, type OidcSettings } from '../oidc/oidc-token.verifier';
import { ACCESS_TOKEN_VERIFIER, LocalTokenVerifier } from '../tokens/access-token.verifier';
import { TokenService } from '../tokens/token.service';
import { UsersDirectory } from '../users/users-directory';
import { BearerAuthGuard } from './bearer-auth.guard';
import { PermissionGuard } from './permission.guard';

export type AuthModuleOptions =
  | {
      mode?: 'local';
      users: UsersDirectory;
      /** HS256 key (resolveTokenSecret). */
      secret: string;
      /** Lifetime of issued tokens, in seconds; default 8 hours. */
      tokenTtlSeconds?: number;
    }
  | {
      mode: 'oidc';
      oidc: OidcSettings;
      /** The department codes a token may name (config/departments.yaml); a token naming another is refused. */
      departments: readonly string[];
      /** The JWKS fetch; tests hand in their own. Default: global fetch. */
      fetch?: typeof fetch;
    };

/**
 * Authentication and authorisation. `local`: the users file, HS256 tokens and password login; `oidc`: an
 * OIDC provider's tokens. Register BearerAuthGuard then PermissionGuard as APP_GUARDs, in that order.
 * Global: every feature module (Bull Board, read models, reports) verifies tokens with the same verifier.
 */
@Module({})
export class AuthModule {
  static register(options: AuthModuleOptions): DynamicModule {
    const guards = [BearerAuthGuard, PermissionGuard];
    if (options.mode === 'oidc') {
      const verifier = new OidcTokenVerifier(options.oidc, { departments: options.departments, ...(options.fetch ? { fetch: options.fetch } : {}) });
      return {
        module: AuthModule,
        global: true,
        providers: [{ provide: ACCESS_TOKEN_VERIFIER, useValue: verifier }, ...guards],
        exports: [ACCESS_TOKEN_VERIFIER, ...guards],
      };
    }
    const tokens = new TokenService({
      secret: options.secret,
      users: options.users,
      ...(options.tokenTtlSeconds !== undefined ? { ttlSeconds: options.tokenTtlSeconds } : {}),
    });
    const providers: Provider[] = [
      { provide: UsersDirectory, useValue: options.users },
      { provide: TokenService, useValue: tokens },
      { provide: ACCESS_TOKEN_VERIFIER, useValue: new LocalTokenVerifier(tokens) },
      { provide: PasswordLoginService, useValue: new PasswordLoginService(options.users, tokens) },
      ...guards,
    ];
    return {
      module: AuthModule,
      global: true,
      providers,
      exports: [UsersDirectory, TokenService, ACCESS_TOKEN_VERIFIER, PasswordLoginService, ...guards],
    };
  }
}
