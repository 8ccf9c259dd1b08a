import { getQueueToken } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteCaseCommand } from '@kntc/cases';
import { DEADLINE_MAINTENANCE_QUEUE, RECONCILE_SCHEDULER_ID } from '@kntc/deadlines';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { startTestRedisServer, type TestRedisServer } from '../security/support/redis-server';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

/**
 * The reconciler runs from a BullMQ job scheduler kept in Redis. A flushed Redis loses it with everything else;
 * the worker must notice and register it again on its own, or missing timers are never re-created.
 */
describe('the periodic reconciler after Redis lost every key', () => {
  let redis: TestRedisServer;
  let h: DeadlineHarness;
  let maintenance: Queue;
  const caseId = randomUUID();

  /** Reconcile jobs that ran to completion (the flush removed the ones before it). */
  const reconcileRuns = async (): Promise<number> => (await maintenance.getJobs(['completed'], 0, -1)).filter((j) => j.name === 'deadline-reconcile').length;
  const pendingTimers = async (): Promise<string[]> =>
    (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.startsWith(`deadline/${caseId}/`)).sort();

  beforeAll(async () => {
    // A Redis of its own: FLUSHALL here touches no other test.
    redis = await startTestRedisServer();
    h = await DeadlineHarness.start(vn('2026-02-10'), { reconcileCheckMs: 100, schedulerPollMs: 20 }, { redisUrl: redis.url, runScheduler: true });
    maintenance = h.app.get<Queue>(getQueueToken(DEADLINE_MAINTENANCE_QUEUE));
    h.clock.set(vn('2026-02-10', '10:00'));
    await h.app.get(CommandBus).execute(
      new ExecuteCaseCommand(fileComplaint(caseId, '2026-02-10'), { actor: people.intake, principal: { id: people.intake.id, role: people.intake.role }, idempotencyKey: `test/${randomUUID()}` }),
    );
  }, 60_000);
  afterAll(async () => {
    await h?.cleanup();
    await redis?.close();
  });

  it('registers the job scheduler again, runs the reconciler, and the timers it re-creates are back, without a restart', async () => {
    await eventually(async () => (await reconcileRuns()) >= 1, 'the reconciler ran at start-up');
    await eventually(async () => (await pendingTimers()).length > 0, 'the timers of the case were planned');
    const timers = await pendingTimers();

    await h.redis.flushall();
    expect(await maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID)).toBeUndefined();

    await eventually(async () => (await maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID)) !== undefined, 'the job scheduler registered again', 10_000);
    await eventually(async () => (await reconcileRuns()) >= 1, 'the reconciler ran again after the flush', 10_000);
    await eventually(async () => (await pendingTimers()).join() === timers.join(), 'the timers are back', 10_000);
    // Registered once: later checks find it and leave it, so the reconciler does not run at every check.
    const runs = await reconcileRuns();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await reconcileRuns()).toBe(runs);
  }, 60_000);
});
