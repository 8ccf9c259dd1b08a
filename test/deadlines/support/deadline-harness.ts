import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { getQueueToken } from '@nestjs/bullmq';
import { CaseIdentityVault } from '@kntc/auth';
import { CasesModule, ExecuteCaseCommand, ManualClock, type CommandResult } from '@kntc/cases';
import {
  DEADLINE_TIMERS_QUEUE,
  DEADLINE_WEBHOOKS_QUEUE,
  DEFAULT_DEADLINE_SETTINGS,
  DeadlineKeys,
  DeadlineReconciler,
  DeadlineScheduler,
  DeadlinesModule,
  fireDueJobs,
  queueIdle,
  type DeadlineSettings,
} from '@kntc/deadlines';
import { readCaseEvent, type Actor, type CaseCommand, type CaseEvent } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { deleteKeys, prefixPattern } from '@kntc/read-models';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { eventually, loadEngineFiles, openTestStore, requireRedisUrl, type TestStore } from '../../read-models/support/read-model-fixtures';

export const DEPARTMENT = 'so-tnmt';
export const people = {
  intake: { id: 'tnmt-tiepdan-lan', role: 'intake', department: DEPARTMENT },
  inspector: { id: 'tnmt-thanhtra-minh', role: 'inspector', department: DEPARTMENT },
  head: { id: 'tnmt-chanhtt-hung', role: 'head', department: DEPARTMENT },
} satisfies Record<string, Actor>;

/** 09:00 (or `time`) in Hanoi on a civil date. */
export function vn(date: string, time = '09:00'): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

export interface HarnessOptions {
  /** A Redis of the test's own (one it may flush or stop); default REDIS_URL. */
  redisUrl?: string;
  /** Run the scheduler's polling loop and keep the reconcile job scheduler registered, as the worker does. */
  runScheduler?: boolean;
  /** Puts a decorator (a fault injector) between the engine and the real SQLite store. */
  wrapStore?: (store: EventStore) => EventStore;
}

/**
 * The deadline engine as the worker runs it (CasesModule + DeadlinesModule with its BullMQ processors) over a
 * SQLite store and a key root of its own, with a manual clock. The scheduler is driven by `catchUp()` instead
 * of its polling loop (unless `runScheduler`), so each step of a test sees every event it caused.
 */
export class DeadlineHarness {
  readonly clock: ManualClock;
  readonly keyRoot = `kntc:test-${randomUUID()}:`;
  readonly redis: Redis;
  app!: INestApplicationContext;
  timers!: Queue;
  webhooks!: Queue;
  scheduler!: DeadlineScheduler;
  reconciler!: DeadlineReconciler;

  private constructor(
    readonly store: TestStore,
    start: Date,
    private readonly settings: DeadlineSettings,
    private readonly options: HarnessOptions,
  ) {
    this.clock = new ManualClock(start);
    this.redis = new Redis(this.redisUrl);
  }

  static async start(start: Date, settings: Partial<DeadlineSettings> = {}, options: HarnessOptions = {}): Promise<DeadlineHarness> {
    // Timers straight into BullMQ unless a test parks them (parked-timers.int-spec): the specs read BullMQ's sets.
    const harness = new DeadlineHarness(openTestStore(), start, { ...DEFAULT_DEADLINE_SETTINGS, timerHorizonMinutes: 0, ...settings }, options);
    await harness.boot();
    return harness;
  }

  get redisUrl(): string {
    return this.options.redisUrl ?? requireRedisUrl();
  }

  /** Starts the worker's modules (again, after `crash()`). */
  async boot(): Promise<void> {
    const files = loadEngineFiles();
    @Module({
      imports: [
        CqrsModule.forRoot(),
        CasesModule.register({ store: this.options.wrapStore?.(this.store.store) ?? this.store.store, workflows: files.workflows, calendar: files.calendar, vault: CaseIdentityVault.ephemeral(), clock: this.clock }),
        DeadlinesModule.register({
          redisUrl: this.redisUrl,
          keyRoot: this.keyRoot,
          settings: this.settings,
          runWorkers: true,
          runScheduler: this.options.runScheduler ?? false,
        }),
      ],
    })
    class DeadlineTestModule {}
    this.app = await NestFactory.createApplicationContext(DeadlineTestModule, { logger: false });
    this.timers = this.app.get<Queue>(getQueueToken(DEADLINE_TIMERS_QUEUE));
    this.webhooks = this.app.get<Queue>(getQueueToken(DEADLINE_WEBHOOKS_QUEUE));
    this.scheduler = this.app.get(DeadlineScheduler);
    this.reconciler = this.app.get(DeadlineReconciler);
  }

  async run(command: CaseCommand, actor: Actor, at: Date): Promise<CommandResult> {
    const result = await this.execute(command, actor, at);
    await this.scheduler.catchUp();
    return result;
  }

  /** Runs a command at `at` and leaves the scheduler alone (tests of schedulers that follow the store themselves). */
  async execute(command: CaseCommand, actor: Actor, at: Date): Promise<CommandResult> {
    this.clock.set(at);
    return this.app.get(CommandBus).execute(
      new ExecuteCaseCommand(command, { actor, principal: { id: actor.id, role: actor.role }, idempotencyKey: `test/${randomUUID()}` }),
    );
  }

  /** Moves business time to `at` and runs every timer due by then, and the ones those cause, until none is due. */
  async travelTo(at: Date): Promise<void> {
    this.clock.set(at);
    await this.scheduler.catchUp();
    while ((await fireDueJobs(this.timers, at, this.redis)) > 0) {
      await eventually(() => queueIdle(this.timers), 'the promoted timers ran');
      await this.scheduler.catchUp();
    }
  }

  /** Day by day at `time` (Hanoi), from the day after `from` through `to`. */
  async travelDaily(from: string, to: string, time = '09:00'): Promise<void> {
    for (let day = nextDay(from); day <= to; day = nextDay(day)) await this.travelTo(vn(day, time));
  }

  async events(caseId: string): Promise<Array<CaseEvent & { occurredAt: string }>> {
    return (await this.store.store.readStream(`case-${caseId}`)).flatMap((recorded) => {
      const event = readCaseEvent(recorded);
      return event ? [{ ...event, occurredAt: String(recorded.metadata['occurredAt']) }] : [];
    });
  }

  /** Loses the scheduler's checkpoint and records (not the BullMQ jobs): it replays the store into a fresh build. */
  async loseSchedulerRecords(): Promise<void> {
    await deleteKeys(this.redis, prefixPattern(new DeadlineKeys(this.keyRoot).scheduler.prefix));
  }

  /** Loses every key of this deployment (read models, timers, scheduler checkpoint): Redis flushed. */
  async loseRedis(): Promise<void> {
    await deleteKeys(this.redis, prefixPattern(this.keyRoot));
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async cleanup(): Promise<void> {
    await this.app.close().catch(() => undefined);
    await deleteKeys(this.redis, prefixPattern(this.keyRoot));
    await this.redis.quit();
    await this.store.cleanup();
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function fileComplaint(caseId: string, receivedOn: string, kind = 'complaint-first'): CaseCommand {
  const filer = kind === 'denunciation' ? 'denouncer' : 'complainant';
  return {
    type: 'FileCase',
    caseId,
    kind,
    department: DEPARTMENT,
    channel: 'in-person',
    receivedOn,
    subject: 'Khiếu nại quyết định thu hồi đất',
    content: 'Nội dung đơn',
    parties: [{ role: filer, name: 'Nguyễn Thị Ánh', idNumber: '001190012345', confidential: false }],
    remoteArea: false,
  };
}

/** The Hanoi date of a deadline event's own time. */
export function vnDay(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
}
