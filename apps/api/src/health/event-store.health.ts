import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';

/** A KurrentDB server that stopped answering would otherwise hold the health check for the client's timeout. */
const TIMEOUT_MS = 3000;

/** The event store answers: its head position can be read. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(key: string): PromiseLike<HealthIndicatorResult> {
    return this.indicators
      .check(key)
      .attempt(async () => ({ headPosition: (await this.store.headPosition()).toString() }))
      .withTimeout(TIMEOUT_MS);
  }
}
