import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule, type Clock, type KntcConfig, type OpenedEngine, type UsersRoster } from '@kntc/cases';
import { DeadlinesModule, type DeadlineSettings } from '@kntc/deadlines';
import type { EventStore } from '@kntc/event-store';
import { donSignOf, ReadModelsModule, recipientsFromRoster, type ReadModelSettings } from '@kntc/read-models';

const WORKER_STORE = Symbol('WorkerStore');
const WORKER_ROSTER = Symbol('WorkerRoster');

/** Closes the event store and the users roster once the runners have stopped (they stop before application shutdown). */
class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(WORKER_STORE) private readonly store: EventStore,
    @Inject(WORKER_ROSTER) private readonly roster: UsersRoster,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.roster.close();
  }
}

/**
 * The worker's composition root: the projection runners, the deadline scheduler and the BullMQ deadline workers.
 * The inbox delivers to the users of `roster` (openUsersRoster), read again before each batch of notices.
 */
@Module({})
export class WorkerModule {
  static register(
    engine: OpenedEngine,
    roster: UsersRoster,
    config: KntcConfig & { redisUrl: string },
    settings: ReadModelSettings,
    deadlines: DeadlineSettings,
    /** Business clock; the system clock unless given (tests only). */
    clock?: Clock,
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CqrsModule.forRoot(),
        CasesModule.register({ store: engine.store, workflows: engine.workflows, calendar: engine.calendar, vault: engine.vault, ...(clock ? { clock } : {}) }),
        ReadModelsModule.register({
          store: engine.store,
          workflows: engine.workflows,
          calendar: engine.calendar,
          redisUrl: config.redisUrl,
          settings,
          runProjections: true,
          recipients: recipientsFromRoster(roster, (error) =>
            new Logger('Inbox').warn(`${roster.source}: ${error instanceof Error ? error.message : String(error)}; delivering to the users read last`),
          ),
          donSign: donSignOf(engine),
        }),
        ...(deadlines.runInWorker
          ? [DeadlinesModule.register({ redisUrl: config.redisUrl, keyRoot: settings.keyRoot, settings: deadlines, runWorkers: true, runScheduler: true })]
          : []),
      ],
      providers: [{ provide: WORKER_STORE, useValue: engine.store }, { provide: WORKER_ROSTER, useValue: roster }, CloseStoreOnShutdown],
    };
  }
}
