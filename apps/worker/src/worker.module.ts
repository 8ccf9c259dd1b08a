import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { KntcConfig, OpenedEngine } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { ReadModelsModule, type ReadModelSettings } from '@kntc/read-models';

const WORKER_STORE = Symbol('WorkerStore');

/** Closes the event store once the runners have stopped (they stop before application shutdown). */
class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(WORKER_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The worker's composition root: the projection runners (and, with the deadlines, the BullMQ workers). */
@Module({})
export class WorkerModule {
  static register(engine: OpenedEngine, config: KntcConfig & { redisUrl: string }, settings: ReadModelSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ReadModelsModule.register({
          store: engine.store,
          workflows: engine.workflows,
          calendar: engine.calendar,
          redisUrl: config.redisUrl,
          settings,
          runProjections: true,
        }),
      ],
      providers: [{ provide: WORKER_STORE, useValue: engine.store }, CloseStoreOnShutdown],
    };
  }
}
