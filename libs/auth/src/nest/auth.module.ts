import { Module, type DynamicModule } from '@nestjs/common';
import { TokenService } from '../tokens/token.service';
import { UsersDirectory } from '../users/users-directory';
import { BearerAuthGuard } from './bearer-auth.guard';

export interface AuthModuleOptions {
  users: UsersDirectory;
  /** HS256 key (resolveTokenSecret). */
  secret: string;
  /** Lifetime of issued tokens, in seconds; default 8 hours. */
  tokenTtlSeconds?: number;
}

/** Interim authentication: the users file and HS256 tokens. Register BearerAuthGuard as APP_GUARD in the app. */
@Module({})
export class AuthModule {
  static register(options: AuthModuleOptions): DynamicModule {
    const tokens = new TokenService({
      secret: options.secret,
      users: options.users,
      ...(options.tokenTtlSeconds !== undefined ? { ttlSeconds: options.tokenTtlSeconds } : {}),
    });
    return {
      module: AuthModule,
      providers: [{ provide: UsersDirectory, useValue: options.users }, { provide: TokenService, useValue: tokens }, BearerAuthGuard],
      exports: [UsersDirectory, TokenService, BearerAuthGuard],
    };
  }
}
