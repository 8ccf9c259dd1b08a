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
import { Redis } from 'ioredis';
import { queuesAdminMiddleware, queuesRedisGate, queuesResponseHeaders } from './queues-admin.middleware';
import { QUEUES_SESSION_OPTIONS, QueuesSessionHttpController, type QueuesSessionOptions } from './queues-session.http.controller';
import { BULL_BOARD_PATH } from './queues.path';

const BULL_BOARD_OPTIONS = Symbol('BullBoardOptions');

interface BullBoardOptions {
  redisUrl: string;
  keyRoot: string;
}

/** Longest wait for the queues' Redis (its PING before a request, then each command), in ms. */
const QUEUES_REDIS_TIMEOUT_MS = 2_000;
/** ioredis's messages for a command that could not reach Redis. */
const REDIS_LOST = /^(Command timed out|Connection is closed|Reached the max retries per request limit|Stream isn't writeable)/;

/** Mounts Bull Board on the Express instance itself, outside the `/api` prefix, behind the bearer check. */
class BullBoardMount implements OnModuleInit, OnApplicationShutdown {
  private queues: Queue[] = [];
  private redis: Redis | undefined;

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(BULL_BOARD_OPTIONS) private readonly options: BullBoardOptions,
  ) {}

  onModuleInit(): void {
    // One connection of its own, whose commands fail instead of waiting for Redis to come back (a BullMQ Queue,
    // unlike a Worker, needs no blocking connection); the errors are the gate's 503s, not log lines.
    const redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: QUEUES_REDIS_TIMEOUT_MS });
    redis.on('error', () => undefined);
    this.redis = redis;
    this.queues = DEADLINE_QUEUES.map((name) => {
      const queue = new Queue(name, { connection: redis, prefix: bullPrefix(this.options.keyRoot) });
      queue.on('error', () => undefined);
      return queue;
    });
    const server = new ExpressAdapter();
    server.setBasePath(BULL_BOARD_PATH);
    // @bull-board/express 9.10.1 bundles its own @bull-board/api 9.10.1 beside the root 9.10.2: same shape, distinct private fields.
    const serverAdapter = server as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: this.queues.map((q) => new BullMQAdapter(q)), serverAdapter });
    // Bull Board's default error answer carries the error's message (Redis internals): a code instead. Redis lost in
    // the middle of a request (the gate let it through) fails within the command timeout: 503.
    server.setErrorHandler((error: Error & { statusCode?: number }) => {
      const status = error.statusCode ?? (redis.status === 'ready' && !REDIS_LOST.test(error.message) ? 500 : 503);
      const code = status === 503 ? 'queues-unavailable' : status === 500 ? 'internal-error' : 'queues-request-refused';
      return { status: status as 500, body: { type: 'about:blank', title: 'Hàng đợi không thực hiện được yêu cầu.', status, code } };
    });
    const board = server.getRouter() as { disable(setting: string): void };
    board.disable('x-powered-by');
    const express = this.host.httpAdapter.getInstance() as { use(path: string, ...handlers: unknown[]): void };
    express.use(BULL_BOARD_PATH, queuesResponseHeaders(), queuesAdminMiddleware(this.verifier), queuesRedisGate(redis, QUEUES_REDIS_TIMEOUT_MS), board);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/** Bull Board (the deadline queues: timers, maintenance, webhooks) at /admin/queues: the administrator operates it, supervisors see it. */
@Module({})
export class BullBoardModule {
  static register(config: KntcConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const session = { provide: QUEUES_SESSION_OPTIONS, useValue: { secureCookie: config.security.production } satisfies QueuesSessionOptions };
    // The cookie endpoints answer even without Redis (the web UI clears the cookie at every sign-out).
    if (config.redisUrl === undefined) return { module: BullBoardModule, controllers: [QueuesSessionHttpController], providers: [session] };
    return {
      module: BullBoardModule,
      controllers: [QueuesSessionHttpController],
      providers: [session, { provide: BULL_BOARD_OPTIONS, useValue: { redisUrl: config.redisUrl, keyRoot: readModelSettings(env).keyRoot } }, BullBoardMount],
    };
  }
}
