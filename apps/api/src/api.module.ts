import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule, BearerAuthGuard, UsersDirectory, resolveTokenSecret } from '@kntc/auth';
import { CasesModule, type Clock, type KntcConfig, type OpenedEngine } from '@kntc/cases';
import { CaseCommandService } from './cases/case-command.service';
import { CaseCommandsHttpController } from './cases/case-commands.http.controller';
import { FileCaseHttpController } from './cases/file-case.http.controller';
import { GetCaseHistoryHttpController } from './cases/get-case-history.http.controller';
import { GetCaseHttpController } from './cases/get-case.http.controller';
import { EventStoreHealthIndicator } from './health/event-store.health';
import { HealthHttpController } from './health/health.http.controller';
import { CloseStoreOnShutdown } from './shared/close-store-on-shutdown';
import { loggerOptions } from './shared/logger.options';
import { ProblemDetailsFilter } from './shared/problem-details.filter';

export interface ApiOptions {
  /** Business time; tests pass a ManualClock. Default: the system clock. */
  clock?: Clock;
  /** pino level; default `info`. */
  logLevel?: string;
}

/** The HTTP composition root: the case use cases, interim auth, health, logging, problem+json errors. */
@Module({})
export class ApiModule {
  static register(engine: OpenedEngine, config: KntcConfig, options: ApiOptions = {}): DynamicModule {
    const users = UsersDirectory.load(config.usersFile);
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(options.logLevel ?? 'info')),
        CqrsModule.forRoot(),
        CasesModule.register({ ...engine, ...(options.clock ? { clock: options.clock } : {}) }),
        AuthModule.register({ users, secret: resolveTokenSecret(config) }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        FileCaseHttpController,
        GetCaseHistoryHttpController,
        GetCaseHttpController,
        CaseCommandsHttpController,
        HealthHttpController,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: BearerAuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        CaseCommandService,
        EventStoreHealthIndicator,
        CloseStoreOnShutdown,
      ],
    };
  }
}
