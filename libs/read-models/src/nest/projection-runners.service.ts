import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import type { ReadModelKeys } from '../keys';
import type { Projection } from '../runner/projection';
import { ProjectionRunner, type RunnerTuning } from '../runner/projection-runner';

/** Starts one runner per projection with the application and stops them before the store and Redis close. */
export class ProjectionRunnersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunner[];

  constructor(store: EventStore, redis: Redis, keys: ReadModelKeys, projections: readonly Projection[], tuning: RunnerTuning) {
    this.runners = projections.map((projection) => new ProjectionRunner({ store, redis, keys, projection, tuning, logger: this.logger }));
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
    this.logger.log(`runners started: ${this.runners.map((r) => r.projectionName).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}
