import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { ACCESS_TOKEN_VERIFIER, type AccessTokenVerifier } from '@kntc/auth';
import type { KntcConfig } from '@kntc/cases';
import { bullPrefix, DEADLINE_QUEUES } from '@kntc/deadlines';
import { readModelSettings } from '@kntc/read-models';
import { Queue } from 'bullmq';
import { queuesAdminMiddleware } from './queues-admin.middleware';
import { QUEUES_SESSION_OPTIONS, QueuesSessionHttpController, type QueuesSessionOptions } from './queues-session.http.controller';
import { BULL_BOARD_PATH } from './queues.path';

const BULL_BOARD_OPTIONS = Symbol('BullBoardOptions');

interface BullBoardOptions {
  redisUrl: string;
  keyRoot: string;
}

/** Mounts Bull Board on the Express instance itself, outside the `/api` prefix, behind the bearer check. */
class BullBoardMount implements OnModuleInit, OnApplicationShutdown {
  private queues: Queue[] = [];

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(BULL_BOARD_OPTIONS) private readonly options: BullBoardOptions,
  ) {}

  onModuleInit(): void {
    this.queues = DEADLINE_QUEUES.map(
      (name) => new Queue(name, { connection: { url: this.options.redisUrl, maxRetriesPerRequest: null }, prefix: bullPrefix(this.options.keyRoot) }),
    );
    const server = new ExpressAdapter();
    server.setBasePath(BULL_BOARD_PATH);
    // @bull-board/express 9.10.1 bundles its own @bull-board/api 9.10.1 beside the root 9.10.2: same shape, distinct private fields.
    const serverAdapter = server as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: this.queues.map((q) => new BullMQAdapter(q)), serverAdapter });
    const express = this.host.httpAdapter.getInstance() as { use(path: string, ...handlers: unknown[]): void };
    express.use(BULL_BOARD_PATH, queuesAdminMiddleware(this.verifier), server.getRouter());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}

/** Bull Board (the deadline queues: timers, maintenance, webhooks) at /admin/queues for supervisors and directors. */
@Module({})
export class BullBoardModule {
  static register(config: KntcConfig): DynamicModule {
    const session = { provide: QUEUES_SESSION_OPTIONS, useValue: { secureCookie: config.security.production } satisfies QueuesSessionOptions };
    // The cookie endpoints answer even without Redis (the web UI clears the cookie at every sign-out).
    if (config.redisUrl === undefined) return { module: BullBoardModule, controllers: [QueuesSessionHttpController], providers: [session] };
    return {
      module: BullBoardModule,
      controllers: [QueuesSessionHttpController],
      providers: [session, { provide: BULL_BOARD_OPTIONS, useValue: { redisUrl: config.redisUrl, keyRoot: readModelSettings().keyRoot } }, BullBoardMount],
    };
  }
}
