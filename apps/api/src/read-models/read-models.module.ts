import { Module, type DynamicModule } from '@nestjs/common';
import type { UsersDirectory } from '@kntc/auth';
import type { Clock, KntcConfig, OpenedEngine } from '@kntc/cases';
import { donSignOf, ReadModelsModule, readModelSettings, recipientsFromDirectory } from '@kntc/read-models';
import { DonRegisterHttpController } from '../dons/don-register.http.controller';
import { AwaitReadModelInterceptor } from './await-read-model.interceptor';
import { CaseSummaryHttpController } from './case-summary.http.controller';
import { DeadlineBoardHttpController } from './deadline-board.http.controller';
import { DepartmentSummaryHttpController } from './department-summary.http.controller';
import { InboxHttpController } from './inbox.http.controller';
import { ListCasesHttpController } from './list-cases.http.controller';
import { ReadModelsAvailability } from './read-models-availability';
import { ReadModelsUnavailableHttpController } from './read-models-unavailable.http.controller';

export interface ReadModelsHttpOptions {
  /** Business time of the deadline statuses; tests pass their ManualClock. */
  clock?: Clock | undefined;
  /** Where KNTC_REDIS_PREFIX, KNTC_RUN_PROJECTIONS and the other read-side variables are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Whose inbox a notice reaches when this process projects: the directory sign-in reads (the users store, kept
   * current by UserAccounts: at once for this process's changes, within its refresh for another's), or the users
   * file with OIDC. Without it, only the assigned inspector's.
   */
  users?: UsersDirectory | undefined;
}

/**
 * The read-model queries over HTTP: case lists, department summaries, the deadline board, the inbox. In the
 * embedded default (KNTC_RUN_PROJECTIONS unset or true) this process also runs the projections; with a
 * separate worker the lease makes one of them active. Without REDIS_URL the routes answer 503.
 */
@Module({})
export class ReadModelsHttpModule {
  static register(engine: OpenedEngine, config: KntcConfig, options: ReadModelsHttpOptions = {}): DynamicModule {
    if (config.redisUrl === undefined) return { module: ReadModelsHttpModule, controllers: [ReadModelsUnavailableHttpController] };
    const settings = readModelSettings(options.env ?? process.env);
    return {
      module: ReadModelsHttpModule,
      imports: [
        ReadModelsModule.register({
          store: engine.store,
          workflows: engine.workflows,
          calendar: engine.calendar,
          ...(options.clock ? { clock: options.clock } : {}),
          redisUrl: config.redisUrl,
          settings,
          runProjections: settings.runProjections,
          ...(options.users ? { recipients: recipientsFromDirectory(options.users) } : {}),
          donSign: donSignOf(engine),
        }),
      ],
      controllers: [ListCasesHttpController, CaseSummaryHttpController, DepartmentSummaryHttpController, DeadlineBoardHttpController, InboxHttpController, DonRegisterHttpController],
      providers: [AwaitReadModelInterceptor, ReadModelsAvailability],
      // Readiness (the health controller) reports the read models' Redis.
      exports: [ReadModelsAvailability],
    };
  }
}
