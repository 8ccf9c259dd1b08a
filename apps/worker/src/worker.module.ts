import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule, type Clock, type KntcConfig, type OpenedEngine } from '@kntc/cases';
import { DeadlinesModule, type DeadlineSettings } from '@kntc/deadlines';
import type { EventStore } from '@kntc/event-store';
import { donSignOf, ReadModelsModule, type ReadModelSettings } from '@kntc/read-models';

const WORKER_STORE = Symbol('WorkerStore');

/** Closes the event store once the runners have stopped (they stop before application shutdown). */
class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(WORKER_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The worker's composition root: the projection runners, the deadline scheduler and the BullMQ deadline workers. */
@Module({})
export class WorkerModule {
  static register(
    engine: OpenedEngine,
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
          donSign: donSignOf(engine),
        }),
        ...(deadlines.runInWorker
          ? [DeadlinesModule.register({ redisUrl: config.redisUrl, keyRoot: settings.keyRoot, settings: deadlines, runWorkers: true, runScheduler: true })]
          : []),
      ],
      providers: [{ provide: WORKER_STORE, useValue: engine.store }, CloseStoreOnShutdown],
    };
  }
}
