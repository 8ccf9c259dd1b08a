import { Logger } from '@nestjs/common';
import { queueIdle } from '@kntc/deadlines';
import type { NewEvent } from '@kntc/event-store';
import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn, vnDay, type HarnessOptions } from './support/deadline-harness';
import { FaultyStore } from './support/faulty-store';

const DEADLINE_STEPS = ['DeadlineReminderSent', 'DeadlineMissed', 'CaseEscalated'];
const isDeadlineStep = (events: readonly NewEvent[]): boolean => events.some((e) => DEADLINE_STEPS.includes(e.type));

/** The deadline steps of a case's history: reminders, misses, overdue escalations, each with its Hanoi day. */
async function steps(h: DeadlineHarness, caseId: string): Promise<string[]> {
  return (await h.events(caseId)).flatMap((e) => {
    if (e.type === 'DeadlineReminderSent') return [`remind-${e.data.workingDaysBefore} ${vnDay(e.data.sentAt)}`];
    if (e.type === 'DeadlineMissed') return [`missed ${vnDay(e.data.missedAt)}`];
    if (e.type === 'CaseEscalated' && e.data.reason === 'overdue') return [`escalated-${e.data.level} ${vnDay(e.data.escalatedAt)}`];
    return [];
  });
}

/**
 * One transient store error under a timer job must not lose its step: the job is retried with backoff, and a job
 * that exhausts its attempts is re-created by the reconciler from what the store says is due. Every step is
 * recorded exactly once (the job id is the command's idempotency key; the decider ignores done steps).
 */
describe('timer jobs when the store fails under them', () => {
  describe('every step fails once, with the default settings', () => {
    let h: DeadlineHarness;
    let store: FaultyStore;
    const caseId = randomUUID();

    beforeAll(async () => {
      const options: HarnessOptions = { wrapStore: (real) => (store = new FaultyStore(real).failAppends(isDeadlineStep)) };
      h = await DeadlineHarness.start(vn('2026-02-10'), {}, options);
      await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    }, 60_000);
    afterAll(async () => {
      await h.cleanup();
    });

    it('sends each reminder, records the miss and escalates, each on its day, exactly once, after one failed attempt each', async () => {
      // Received Tue 10/02/2026: acceptance due Tue 03/03; reminders 3 and 0 working days before; missed 04/03; level 2 on 06/03.
      await h.travelDaily('2026-02-10', '2026-03-09');
      expect(await steps(h, caseId)).toEqual([
        'remind-3 2026-02-26',
        'remind-0 2026-03-03',
        'missed 2026-03-04',
        'escalated-1 2026-03-04',
        'escalated-2 2026-03-06',
      ]);
      // Each step's first append was refused by the store, and its job's retry recorded it.
      expect(store.refused).toEqual([
        ['DeadlineReminderSent'],
        ['DeadlineReminderSent'],
        ['DeadlineMissed', 'CaseEscalated'],
        ['CaseEscalated'],
      ]);
      expect(await h.timers.getFailedCount()).toBe(0);
    }, 120_000);
  });

  describe('a job that exhausts its attempts', () => {
    let h: DeadlineHarness;
    let store: FaultyStore;
    const caseId = randomUUID();
    const missed = `deadline/${caseId}/acceptance/2026-03-03/missed`;

    beforeAll(async () => {
      const options: HarnessOptions = {
        wrapStore: (real) => (store = new FaultyStore(real).failAppends((events) => events.some((e) => e.type === 'DeadlineMissed'), 2)),
      };
      h = await DeadlineHarness.start(vn('2026-02-10'), { timerAttempts: 2 }, options);
      await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    }, 60_000);
    afterAll(async () => {
      await h.cleanup();
    });

    it('stays in the failed set, visible, with every attempt made and nothing recorded, and a warning says so', async () => {
      const logs: Array<{ level: string; line: string }> = [];
      const record = (level: string) => (message: unknown) => void logs.push({ level, line: String(message) });
      Logger.overrideLogger({ log: record('log'), warn: record('warn'), error: record('error'), debug: record('debug'), verbose: record('verbose') });
      try {
        await h.travelTo(vn('2026-03-04'));
      } finally {
        Logger.overrideLogger(false);
      }
      expect(logs.filter((l) => l.level === 'warn').map((l) => l.line)).toEqual([
        `deadline-timers job deadline-due ${missed}: attempt 2 of 2 failed with StoreUnavailableError (store-unavailable); no attempt left, it stays in the failed set`,
      ]);
      // Neither the parties nor the error's own text reach the log.
      expect(logs.map((l) => l.line).join('\n')).not.toMatch(/Nguyễn|001190012345|injected/);
      const job = await h.timers.getJob(missed);
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(2);
      expect(job?.failedReason).toMatch(/unavailable/);
      expect(store.refused).toHaveLength(2);
      expect(await steps(h, caseId)).toEqual([]);
    }, 60_000);

    it('is re-created by the reconciler with the same id, and the miss is then recorded exactly once', async () => {
      const report = await h.reconciler.reconcile();
      expect(report).toMatchObject({ recreated: 1, replaced: 1 });
      await eventually(() => queueIdle(h.timers), 'the re-created job ran');
      await h.scheduler.catchUp();
      expect(await steps(h, caseId)).toEqual(['missed 2026-03-04', 'escalated-1 2026-03-04']);
      expect(await h.timers.getFailedCount()).toBe(0);
      // The store now records the miss: nothing left to re-create, and a second run of the job would change nothing.
      expect((await h.reconciler.reconcile()).recreated).toBe(0);
      await h.travelTo(vn('2026-03-06'));
      expect(await steps(h, caseId)).toEqual(['missed 2026-03-04', 'escalated-1 2026-03-04', 'escalated-2 2026-03-06']);
    }, 60_000);
  });

  describe('a job completed as skipped while its step was due', () => {
    let h: DeadlineHarness;
    let store: FaultyStore;
    const caseId = randomUUID();
    const remind3 = `deadline/${caseId}/acceptance/2026-03-03/remind-3`;

    beforeAll(async () => {
      h = await DeadlineHarness.start(vn('2026-02-10'), {}, { wrapStore: (real) => (store = new FaultyStore(real)) });
      await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    }, 60_000);
    afterAll(async () => {
      await h.cleanup();
    });

    it('is re-created by the reconciler, since the store does not record its step, and the reminder is sent once', async () => {
      // The job reads the case from a store that answers nothing (a lagging replica): it finds no case and skips.
      store.answerEmpty(`case-${caseId}`);
      await h.travelTo(vn('2026-02-26'));
      const job = await h.timers.getJob(remind3);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toEqual({ skipped: 'case-not-found' });
      expect(await steps(h, caseId)).toEqual([]);

      expect(await h.reconciler.reconcile()).toMatchObject({ recreated: 1, replaced: 1 });
      await eventually(() => queueIdle(h.timers), 'the re-created job ran');
      await h.scheduler.catchUp();
      expect(await steps(h, caseId)).toEqual(['remind-3 2026-02-26']);
      expect((await h.reconciler.reconcile()).recreated).toBe(0);
    }, 60_000);
  });
});
