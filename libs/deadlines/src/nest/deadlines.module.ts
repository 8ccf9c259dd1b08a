import { Inject, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE, WORKFLOW_REGISTRY, WORKING_CALENDAR, type Clock } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import type { WorkflowRegistry, WorkingCalendar } from '@kntc/workflow';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DeadlineSettings } from '../deadlines.settings';
import { DeadlineCommandSender } from '../jobs/deadline-command.sender';
import { DEADLINE_JOB_HANDLERS, DeadlineJobRegistry, type DeadlineJobHandler } from '../jobs/deadline-job-handler';
import { EscalateOverdueCaseJobHandler, RecordDeadlineMissedJobHandler, SendDeadlineReminderJobHandler } from '../jobs/timer-job.handlers';
import {
  bullPrefix,
  DEADLINE_MAINTENANCE_QUEUE,
  DEADLINE_QUEUES,
  DEADLINE_TIMERS_QUEUE,
  DEADLINE_WEBHOOKS_QUEUE,
  DeadlineKeys,
  RECONCILE_SCHEDULER_ID,
} from '../queues';
import { DeadlineReconciler } from '../reconcile/deadline-reconciler';
import { ReconcileDeadlinesJobHandler } from '../reconcile/reconcile-deadlines.job-handler';
import { DeadlineScheduler } from '../scheduler/deadline-scheduler.subscriber';
import { TimerQueue } from '../timers/timer-queue';
import { DeliverWebhookJobHandler } from '../webhooks/deliver-webhook.job-handler';
import { WebhookOutbox } from '../webhooks/notify-webhooks-when-deadline-notice.reactor';
import { createDeadlineProcessors } from './deadline-processors';

export interface DeadlinesModuleOptions {
  redisUrl: string;
  /** Key root of the deployment (`kntc:`); BullMQ keys go under `<root>bull`. */
  keyRoot: string;
  settings: DeadlineSettings;
  /** Run the BullMQ workers (the worker app); the api only adds jobs and shows Bull Board. */
  runWorkers: boolean;
  /** Run the scheduler subscriber and keep the reconcile job scheduler registered. */
  runScheduler: boolean;
  /** Extra job handlers (tests that prove the boot check); production has exactly the built-in ones. */
  extraHandlers?: DeadlineJobHandler[];
}


const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Longest wait between two moves of parked timers into BullMQ (never more than half the horizon). */
const PROMOTE_EVERY_MS = MINUTE_MS;
/** Longest wait at shutdown for a move of parked timers under way. */
const PROMOTE_STOP_WAIT_MS = 5_000;
/** ioredis connection of the scheduler (checkpoint, per-case clocks, lease). */
export const DEADLINE_REDIS = Symbol('DeadlineRedis');

class DeadlineRedisConnection implements OnApplicationShutdown {
  constructor(@Inject(DEADLINE_REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Starts the scheduler and registers the reconcile job scheduler with the application; stops before Redis closes.
 * The job scheduler lives in Redis: a flushed or restarted Redis (or a "remove" in Bull Board) loses it and no event
 * says so, since a FLUSHALL keeps the connection up. So it is looked for every `reconcileCheckMs` and registered
 * again when missing (which runs the reconciler at once, re-creating the lost timers).
 */
class DeadlineSchedulerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Deadlines');
  private keeper: NodeJS.Timeout | undefined;
  private checking = false;
  private promoter: NodeJS.Timeout | undefined;
  private promoting: Promise<void> | undefined;
  constructor(
    @Inject(DeadlineScheduler) private readonly scheduler: DeadlineScheduler,
    @Inject(getQueueToken(DEADLINE_MAINTENANCE_QUEUE)) private readonly maintenance: Queue,
    @Inject(DeadlineKeys) private readonly keys: DeadlineKeys,
    @Inject('DEADLINE_SETTINGS') private readonly settings: DeadlineSettings,
    @Inject(TimerQueue) private readonly timers: TimerQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registerReconciler();
    this.scheduler.start();
    this.keeper = setInterval(() => void this.keepReconciler(), this.settings.reconcileCheckMs);
    const horizonMs = this.settings.timerHorizonMinutes * MINUTE_MS;
    if (horizonMs > 0) {
      // Every process that runs the scheduler moves parked timers: two doing it at once add each job once (its id).
      this.promoter = setInterval(() => this.promoteDue(), Math.min(PROMOTE_EVERY_MS, horizonMs / 2));
      this.promoteDue();
    }
    this.logger.log(
      `scheduler started (keys ${this.keys.root}), reconcile every ${this.settings.reconcileEveryMinutes} min, timers enter BullMQ ` +
        (horizonMs > 0 ? `${this.settings.timerHorizonMinutes} min before they fire` : 'when planned'),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.keeper);
    clearInterval(this.promoter);
    // A move cut short is harmless (it adds before it drops), and BullMQ's connection waits for a Redis that is down:
    // the stop waits for it a few seconds at most.
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([this.promoting, new Promise<void>((resolve) => (bound = setTimeout(resolve, PROMOTE_STOP_WAIT_MS)))]);
    clearTimeout(bound);
    await this.scheduler.stop();
  }

  /** One move at a time; a failure (Redis down) is logged and the next tick tries again. */
  private promoteDue(): void {
    if (this.promoting !== undefined) return;
    this.promoting = this.timers
      .promoteDue()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`could not move parked timers into BullMQ: ${error instanceof Error ? error.name : 'error'}`))
      .finally(() => (this.promoting = undefined));
  }

  private registerReconciler(): Promise<unknown> {
    return this.maintenance.upsertJobScheduler(
      RECONCILE_SCHEDULER_ID,
      { every: this.settings.reconcileEveryMinutes * 60_000 },
      { name: 'deadline-reconcile', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }

  /**
   * Upserting is idempotent, but looking first lets a lost scheduler be logged (Redis lost its keys: worth a line).
   * One check at a time; while Redis is down a check waits for it (BullMQ's connection queues commands), then goes on.
   */
  private async keepReconciler(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      if ((await this.maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID)) !== undefined) return;
      await this.registerReconciler();
      this.logger.warn('the reconcile job scheduler was missing from Redis (flushed or restarted): registered again');
    } catch (error) {
      this.logger.warn(`could not check the reconcile job scheduler: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.checking = false;
    }
  }
}

/**
 * The deadline engine: queues, the scheduler subscriber, the workers (one handler per job name, checked at
 * boot), the reconciler. Needs CasesModule (store, workflows, calendar, clock) and CqrsModule in the app.
 */
@Module({})
export class DeadlinesModule {
  static register(options: DeadlinesModuleOptions): DynamicModule {
    const { settings } = options;
    const keys = new DeadlineKeys(options.keyRoot);
    const plan = { noticeHour: settings.noticeHour };
    const queueToken = getQueueToken;
    const providers: Provider[] = [
      { provide: 'DEADLINE_SETTINGS', useValue: settings },
      { provide: DeadlineKeys, useValue: keys },
      { provide: DEADLINE_REDIS, useFactory: () => new Redis(options.redisUrl, { maxRetriesPerRequest: 1 }) },
      DeadlineRedisConnection,
      {
        provide: TimerQueue,
        useFactory: (queue: Queue, clock: Clock, redis: Redis) =>
          new TimerQueue(
            queue,
            clock,
            { attempts: settings.timerAttempts, backoffMs: settings.timerBackoffMs },
            settings.timerHorizonMinutes > 0 ? { redis, horizonMs: settings.timerHorizonMinutes * MINUTE_MS } : undefined,
          ),
        inject: [queueToken(DEADLINE_TIMERS_QUEUE), CLOCK, DEADLINE_REDIS],
      },
      {
        provide: WebhookOutbox,
        useFactory: (queue: Queue, redis: Redis, clock: Clock) =>
          new WebhookOutbox(queue, {
            urls: settings.webhookUrls,
            retry: { attempts: settings.webhookAttempts, backoffMs: settings.webhookBackoffMs },
            maxAgeMs: settings.webhookMaxAgeHours * HOUR_MS,
            clock,
            redis,
            keys,
          }),
        inject: [queueToken(DEADLINE_WEBHOOKS_QUEUE), DEADLINE_REDIS, CLOCK],
      },
      { provide: DeadlineCommandSender, useFactory: (store: EventStore, bus: CommandBus) => new DeadlineCommandSender(store, bus), inject: [EVENT_STORE, CommandBus] },
      {
        provide: DeadlineReconciler,
        useFactory: (
          store: EventStore,
          redis: Redis,
          timers: TimerQueue,
          workflows: WorkflowRegistry,
          calendar: WorkingCalendar,
          clock: Clock,
          sender: DeadlineCommandSender,
          scheduler: DeadlineScheduler,
        ) => new DeadlineReconciler({
            store,
            redis,
            timers,
            workflows,
            calendar,
            clock,
            plan,
            sender,
            catchUpScheduler: () => scheduler.catchUp(),
            schedulerRecords: () => scheduler.records(),
          }),
        inject: [EVENT_STORE, DEADLINE_REDIS, TimerQueue, WORKFLOW_REGISTRY, WORKING_CALENDAR, CLOCK, DeadlineCommandSender, DeadlineScheduler],
      },
      {
        provide: DeadlineScheduler,
        useFactory: (store: EventStore, redis: Redis, timers: TimerQueue, webhooks: WebhookOutbox, workflows: WorkflowRegistry, calendar: WorkingCalendar) =>
          new DeadlineScheduler({
            store,
            redis,
            keys,
            timers,
            webhooks,
            workflows,
            calendar,
            plan,
            batchSize: settings.schedulerBatchSize,
            pollMs: settings.schedulerPollMs,
            logger: new Logger('DeadlineScheduler'),
          }),
        inject: [EVENT_STORE, DEADLINE_REDIS, TimerQueue, WebhookOutbox, WORKFLOW_REGISTRY, WORKING_CALENDAR],
      },
      {
        provide: DEADLINE_JOB_HANDLERS,
        useFactory: (sender: DeadlineCommandSender, reconciler: DeadlineReconciler, redis: Redis): DeadlineJobHandler[] => [
          new SendDeadlineReminderJobHandler(sender),
          new RecordDeadlineMissedJobHandler(sender),
          new EscalateOverdueCaseJobHandler(sender),
          new ReconcileDeadlinesJobHandler(reconciler),
          new DeliverWebhookJobHandler({
            secret: settings.webhookSecret,
            timeoutMs: settings.webhookTimeoutMs,
            redis,
            keys,
            rememberMs: (settings.webhookMaxAgeHours + 24) * HOUR_MS,
          }),
          ...(options.extraHandlers ?? []),
        ],
        inject: [DeadlineCommandSender, DeadlineReconciler, DEADLINE_REDIS],
      },
      { provide: DeadlineJobRegistry, useFactory: (handlers: DeadlineJobHandler[]) => new DeadlineJobRegistry(handlers), inject: [DEADLINE_JOB_HANDLERS] },
    ];
    if (options.runWorkers) providers.push(...createDeadlineProcessors({ lockDurationMs: settings.lockDurationMs }));
    if (options.runScheduler) providers.push(DeadlineSchedulerLifecycle);
    return {
      module: DeadlinesModule,
      imports: [
        BullModule.forRoot({ connection: { url: options.redisUrl, maxRetriesPerRequest: null }, prefix: bullPrefix(options.keyRoot) }),
        BullModule.registerQueue(
          ...DEADLINE_QUEUES.map((name) => ({
            name,
            defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 10_000 } },
          })),
        ),
      ],
      providers,
      exports: [DeadlineKeys, TimerQueue, DeadlineScheduler, DeadlineReconciler, DeadlineJobRegistry, DEADLINE_REDIS, BullModule],
    };
  }
}
