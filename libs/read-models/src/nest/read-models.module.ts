import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { systemClock, type Clock } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { CaseSummaryQueries } from '../case-summary/case-summary.queries';
import { DeadlineBoardQueries } from '../deadline-board/deadline-board.queries';
import { DonRegisterQueries } from '../don-register/don-register.queries';
import type { SignFunction } from '../don-register/don-signs';
import { DepartmentCasesQueries } from '../department-cases/department-cases.queries';
import { InboxQueries } from '../inbox/inbox.queries';
import type { InboxRecipients } from '../inbox/inbox-recipients';
import { ReadModelKeys } from '../keys';
import { createProjections } from '../projections';
import type { ReadModelSettings } from '../read-models.settings';
import { ReadModelPositions } from '../runner/read-model-positions';
import { DeadlineStatusPolicy } from '../shared/deadline-status';
import { ProjectionRunnersService } from './projection-runners.service';
import { READ_MODEL_REDIS, READ_MODEL_SETTINGS, PROJECTIONS } from './read-models.tokens';
import { RedisConnection } from './redis-connection';

export interface ReadModelsModuleOptions {
  store: EventStore;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  /** Business time of the deadline statuses; default the system clock. */
  clock?: Clock;
  redisUrl: string;
  settings: ReadModelSettings;
  /** Run the projection runners in this process: the worker always, the api in the embedded default. */
  runProjections: boolean;
  /** Whose inbox a deadline notice reaches (the users directory); without it, only the assigned inspector's. */
  recipients?: InboxRecipients;
  /** The keyed hash of the đơn candidate index (donSignFunctionFromVault): without it the index is not kept. */
  donSign?: SignFunction | Promise<SignFunction>;
}

/**
 * The read side: Redis, the queries over the read models, the position wait of `?after=`, and optionally
 * the projection runners. Exports the query classes and READ_MODEL_REDIS / READ_MODEL_SETTINGS / PROJECTIONS.
 */
@Module({})
export class ReadModelsModule {
  static register(options: ReadModelsModuleOptions): DynamicModule {
    const keys = new ReadModelKeys(options.settings.keyRoot);
    const policy = new DeadlineStatusPolicy(options.calendar, options.clock ?? systemClock, options.settings.dueSoonWorkingDays);
    const projections = createProjections({
      workflows: options.workflows,
      ...(options.recipients ? { recipients: options.recipients } : {}),
      ...(options.donSign ? { donSign: options.donSign } : {}),
    });
    const withRedis = <T>(provide: abstract new (...args: never[]) => T, build: (redis: Redis) => T): Provider => ({
      provide,
      useFactory: (connection: RedisConnection) => build(connection.redis),
      inject: [RedisConnection],
    });
    const providers: Provider[] = [
      { provide: RedisConnection, useFactory: () => new RedisConnection(options.redisUrl) },
      { provide: READ_MODEL_REDIS, useFactory: (connection: RedisConnection) => connection.redis, inject: [RedisConnection] },
      { provide: READ_MODEL_SETTINGS, useValue: options.settings },
      { provide: PROJECTIONS, useValue: projections },
      { provide: ReadModelKeys, useValue: keys },
      { provide: DeadlineStatusPolicy, useValue: policy },
      withRedis(CaseSummaryQueries, (redis) => new CaseSummaryQueries(redis, keys, policy)),
      withRedis(DepartmentCasesQueries, (redis) => new DepartmentCasesQueries(redis, keys, policy)),
      withRedis(DeadlineBoardQueries, (redis) => new DeadlineBoardQueries(redis, keys, policy)),
      withRedis(InboxQueries, (redis) => new InboxQueries(redis, keys, options.store, options.clock)),
      withRedis(ReadModelPositions, (redis) => new ReadModelPositions(redis, keys)),
      withRedis(DonRegisterQueries, (redis) => new DonRegisterQueries(redis, keys, options.donSign)),
    ];
    if (options.runProjections) {
      providers.push(withRedis(ProjectionRunnersService, (redis) => new ProjectionRunnersService(options.store, redis, keys, projections, options.settings.tuning)));
    }
    return {
      module: ReadModelsModule,
      // Global so department reports (ReportsModule) read the report facts over the same connection and settings.
      global: true,
      providers,
      exports: [
        READ_MODEL_REDIS,
        READ_MODEL_SETTINGS,
        PROJECTIONS,
        ReadModelKeys,
        DeadlineStatusPolicy,
        CaseSummaryQueries,
        DepartmentCasesQueries,
        DeadlineBoardQueries,
        InboxQueries,
        ReadModelPositions,
        DonRegisterQueries,
      ],
    };
  }
}
