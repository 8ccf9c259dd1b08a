import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuthModule, BearerAuthGuard, PermissionGuard, UsersDirectory, resolveTokenSecret, workflowPermissionProblems } from '@kntc/auth';
import { CasesModule, type Clock, type KntcConfig, type OpenedEngine } from '@kntc/cases';
import { readModelSettings } from '@kntc/read-models';
import { CurrentUserHttpController } from './auth/current-user.http.controller';
import { CatalogHttpController, DEPARTMENTS } from './catalog/catalog.http.controller';
import { loadDepartments } from './catalog/departments.file';
import { WebUiModule } from './web/web-ui.module';
import { DonsHttpModule } from './dons/dons-http.module';
import { ReceptionHttpModule } from './reception/reception-http.module';
import { LoginHttpController } from './auth/login.http.controller';
import { CaseCommandService } from './cases/case-command.service';
import { CaseCommandsHttpController } from './cases/case-commands.http.controller';
import { FileCaseHttpController } from './cases/file-case.http.controller';
import { GetCaseHistoryHttpController } from './cases/get-case-history.http.controller';
import { GetCaseHttpController } from './cases/get-case.http.controller';
import { GetIdentityAccessLogHttpController } from './cases/get-identity-access-log.http.controller';
import { EventStoreHealthIndicator } from './health/event-store.health';
import { HealthHttpController } from './health/health.http.controller';
import { RateLimits } from './security/rate-limits';
import { WriteRateLimitGuard } from './security/write-rate-limit.guard';
import { CloseStoreOnShutdown } from './shared/close-store-on-shutdown';
import { loggerOptions } from './shared/logger.options';
import { ProblemDetailsFilter } from './shared/problem-details.filter';
import { ReadModelsHttpModule } from './read-models/read-models.module';
import { ReportsModule } from './reports/reports.module';
import { BullBoardModule } from './deadlines/bull-board.module';
import { UsersHttpModule } from './users/users.module';

export interface ApiOptions {
  /** Business time; tests pass a ManualClock. Default: the system clock. */
  clock?: Clock;
  /** Where the read-model settings (KNTC_REDIS_PREFIX, KNTC_PROJECTION_*) are read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** pino level; default `info`. */
  logLevel?: string;
  /** Where log lines go; default stdout. Tests read them. */
  logDestination?: DestinationStream;
}

/**
 * The HTTP composition root: the case use cases, authentication (embedded issuer or OIDC), the permission
 * table, rate limits, health, logging, problem+json errors. Guards run in the order listed: who is it,
 * may they, not too often.
 */
@Module({})
export class ApiModule {
  static register(engine: OpenedEngine, config: KntcConfig, options: ApiOptions = {}): DynamicModule {
    const problems = workflowPermissionProblems(engine.workflows);
    if (problems.length > 0) throw new Error(`the workflows and the permission table disagree:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    const { security } = config;
    const local = security.authMode === 'local';
    const departments = loadDepartments(config.departmentsFile);
    // The accounts as UserAccounts keeps them (users store, no restart); with OIDC the provider signs users in.
    const directory = local ? new UsersDirectory([]) : undefined;
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(options.logLevel ?? 'info', options.logDestination)),
        CqrsModule.forRoot(),
        CasesModule.register({ ...engine, ...(directory ? { users: directory } : {}), ...(options.clock ? { clock: options.clock } : {}) }),
        local
          ? AuthModule.register({ users: directory!, secret: resolveTokenSecret(config) })
          : AuthModule.register({ mode: 'oidc', oidc: security.oidc!, departments: departments.map((d) => d.code) }),
        TerminusModule.forRoot({ logger: false }),
        ReportsModule,
        ReadModelsHttpModule.register(engine, config, { clock: options.clock, users: directory ?? engine.users, ...(options.env !== undefined ? { env: options.env } : {}) }),
        BullBoardModule.register(config, options.env),
        ReceptionHttpModule.register(departments),
        DonsHttpModule,
        WebUiModule.register(config.webDir),
        ...(directory ? [UsersHttpModule.register(config, engine.store, directory, departments)] : []),
      ],
      controllers: [
        ...(local ? [LoginHttpController] : []),
        CurrentUserHttpController,
        CatalogHttpController,
        FileCaseHttpController,
        GetCaseHistoryHttpController,
        GetIdentityAccessLogHttpController,
        GetCaseHttpController,
        CaseCommandsHttpController,
        HealthHttpController,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: BearerAuthGuard },
        { provide: APP_GUARD, useExisting: PermissionGuard },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: RateLimits,
          // Counters in Redis (KNTC_REDIS_PREFIX), so the limits hold across API processes.
          useFactory: () =>
            new RateLimits(
              { login: security.loginRateLimit, writes: security.writeRateLimit },
              config.redisUrl !== undefined ? { redisUrl: config.redisUrl, keyRoot: readModelSettings(options.env).keyRoot } : {},
            ),
        },
        { provide: DEPARTMENTS, useValue: departments },
        CaseCommandService,
        EventStoreHealthIndicator,
        CloseStoreOnShutdown,
      ],
    };
  }
}
