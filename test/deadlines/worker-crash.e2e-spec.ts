import { ExecuteCaseCommand, ExecuteCaseCommandHandler, ManualClock } from '@kntc/cases';
import { bullPrefix, DEADLINE_TIMERS_QUEUE, parkedTimerKeys } from '@kntc/deadlines';
import { readCaseEvent, type CaseEvent } from '@kntc/domain';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { eventually, loadEngineFiles, openTestStore, TestRedis, type TestStore } from '../read-models/support/read-model-fixtures';
import { WorkerProcess } from '../read-models/support/worker-process';
import { fileComplaint, people, vn } from './support/deadline-harness';

jest.setTimeout(90_000);

const CASES = 12;
/** Short BullMQ locks, so a job left active by the killed worker runs again within seconds. */
const LOCK_MS = 2_000;
/** The worker's business time: 12/03/2026 09:00 in Hanoi, long past the acceptance due date (03/03/2026). */
const BUSINESS_TIME = vn('2026-03-12');

/**
 * What a complaint filed on 10/02/2026 (acceptance due 03/03/2026) must have recorded by 12/03/2026 09:00 when
 * its timers all fire late at once: the miss with its level-1 escalation (level 2 then waits 2 working days
 * after that escalation: 16/03), and the reconciler's flag for a case filed with no inspector assigned. The
 * reminders (3 and 0 working days before) fire too, but their days have passed: they are skipped, not sent.
 */
const EXPECTED = [
  'DeadlineMissed acceptance 2026-03-03',
  'CaseEscalated acceptance level 1',
  'CaseEscalated stalled filed 2026-02-10',
].sort();

/** One key per deadline step: a step recorded twice shows as the same key twice. */
function deadlineKey(event: CaseEvent): string | undefined {
  switch (event.type) {
    case 'DeadlineReminderSent':
      return `${event.type} ${event.data.clock} ${event.data.workingDaysBefore}wd`;
    case 'DeadlineMissed':
      return `${event.type} ${event.data.clock} ${event.data.dueDate}`;
    case 'CaseEscalated':
      return event.data.reason === 'overdue' ? `${event.type} ${event.data.clock} level ${event.data.level}` : `${event.type} stalled ${event.data.stage} ${event.data.since}`;
    default:
      return undefined;
  }
}

describe('the worker killed (SIGKILL) while deadline jobs are due', () => {
  const files = loadEngineFiles();
  const caseIds = Array.from({ length: CASES }, () => randomUUID());
  let redis: TestRedis;
  let sqlite: TestStore;
  let timers: Queue;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    redis = new TestRedis();
    sqlite = openTestStore();
    timers = new Queue(DEADLINE_TIMERS_QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: bullPrefix(redis.keys.root) });
    const handler = new ExecuteCaseCommandHandler(sqlite.store, files.workflows, files.calendar, new ManualClock(vn('2026-02-10', '10:00')));
    for (const caseId of caseIds) {
      await handler.execute(
        new ExecuteCaseCommand(fileComplaint(caseId, '2026-02-10'), {
          actor: people.intake,
          principal: { id: people.intake.id, role: people.intake.role },
          idempotencyKey: `test/${randomUUID()}`,
        }),
      );
    }
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await timers.close();
    await sqlite.cleanup();
    await redis.cleanup();
  });

  const workerEnv = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    KNTC_REDIS_PREFIX: redis.keys.root,
    KNTC_SQLITE_FILE: sqlite.file,
    KNTC_DATA_DIR: sqlite.dir,
    KNTC_RUN_DEADLINES: 'true',
    KNTC_DEADLINE_LOCK_MS: String(LOCK_MS),
    KNTC_DEADLINE_SCHEDULER_POLL_MS: '20',
    KNTC_BUSINESS_TIME_OVERRIDE: BUSINESS_TIME.toISOString(),
  });

  /** Deadline step keys per case, from the store. */
  const steps = async (): Promise<Map<string, string[]>> => {
    const byCase = new Map<string, string[]>();
    for (const caseId of caseIds) {
      const events = (await sqlite.store.readStream(`case-${caseId}`)).map(readCaseEvent).filter((e): e is CaseEvent => e !== undefined);
      byCase.set(caseId, events.flatMap((e) => deadlineKey(e) ?? []).sort());
    }
    return byCase;
  };
  const count = async (): Promise<number> => [...(await steps()).values()].reduce((n, keys) => n + keys.length, 0);

  it('records every reminder, miss and escalation exactly once after a restart', async () => {
    worker = new WorkerProcess(workerEnv());
    // Killed as soon as the first steps are recorded while timer jobs are running.
    await eventually(
      async () => (await timers.getActiveCount()) > 0 && (await count()) > 0,
      `the first deadline events were recorded while jobs ran\n${worker.log()}`,
      30_000,
      2,
    );
    await worker.kill('SIGKILL');
    const atKill = await count();
    const leftActive = await timers.getActiveCount();

    worker = new WorkerProcess(workerEnv());
    await eventually(async () => (await count()) >= CASES * EXPECTED.length, 'the restarted worker caught up', 40_000, 50).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify([...(await steps())], null, 1)}\n${worker?.log()}`);
    });
    // Quiet for longer than a lock and a stalled check: nothing more is coming (a doubled step would show here).
    let last = await sqlite.store.headPosition();
    let quietSince = Date.now();
    while (Date.now() - quietSince < 2 * LOCK_MS + 1_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const head = await sqlite.store.headPosition();
      if (head !== last) {
        last = head;
        quietSince = Date.now();
      }
    }
    await eventually(async () => (await timers.getJobCounts('wait', 'active', 'prioritized')).active === 0, 'no timer job is running', 10_000);

    // The kill happened mid-way: some steps were still to come.
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(CASES * EXPECTED.length);
    console.log(`worker killed with ${atKill}/${CASES * EXPECTED.length} steps recorded and ${leftActive} timer job(s) left active`);
    for (const [caseId, keys] of await steps()) expect({ caseId, keys }).toEqual({ caseId, keys: EXPECTED });
    // The next escalation of each case waits, once, for its day: parked, four days ahead, beyond the timers' hour
    // in BullMQ (parked-timers.ts). The scheduler parks it when it reads the escalation from the store, which a busy
    // machine may do after the store went quiet.
    const parked = async () => redis.redis.zrange(parkedTimerKeys(timers).due, '0', '-1');
    await eventually(async () => (await parked()).length >= CASES, 'the next escalations are scheduled', 15_000);
    expect((await parked()).sort()).toEqual(caseIds.map((id) => `deadline/${id}/acceptance/2026-03-03/escalate-2`).sort());
    expect(await timers.getDelayedCount()).toBe(0);
    expect(await timers.getFailedCount()).toBe(0);
  });
});
