import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn, vnDay } from './support/deadline-harness';

/**
 * A timer job promoted by hand (Bull Board's "promote", or `job.promote()`) runs at once, before its day. The
 * decider refuses it, nothing is appended, and the job waits again for its own time: promoting is not deleting.
 */
describe('a timer job promoted before its time', () => {
  let h: DeadlineHarness;
  const caseId = randomUUID();
  // Received Tue 10/02/2026: acceptance due Tue 03/03; the 3-working-day reminder is for Thu 26/02.
  const remind3 = `deadline/${caseId}/acceptance/2026-03-03/remind-3`;
  const missed = `deadline/${caseId}/acceptance/2026-03-03/missed`;

  beforeAll(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
  }, 60_000);
  afterAll(async () => {
    await h.cleanup();
  });

  /** Promotes the job as an operator would, and waits until the worker has handled it and it is delayed again. */
  async function promote(jobId: string): Promise<void> {
    const job = await h.timers.getJob(jobId);
    if (job === undefined) throw new Error(`no job ${jobId}`);
    const runsBefore = job.attemptsStarted;
    await job.promote();
    await eventually(async () => {
      const again = await h.timers.getJob(jobId);
      return again !== undefined && again.attemptsStarted > runsBefore && (await again.getState()) === 'delayed';
    }, `${jobId} ran and waits again`);
  }

  it('appends no reminder on Tue 24/02 (five working days left, not three), and the job waits for 26/02 08:00', async () => {
    h.clock.set(vn('2026-02-24', '10:00'));
    await promote(remind3);
    expect((await h.events(caseId)).map((e) => e.type)).not.toContain('DeadlineReminderSent');
    const job = (await h.timers.getJob(remind3))!;
    // Back to its own time: due in 26/02 08:00 − 24/02 10:00 of the business clock, not at once.
    expect(job.delay).toBeGreaterThan(40 * 3_600_000);
    expect(job.finishedOn).toBeUndefined();
  }, 60_000);

  it('records no miss when the due job is promoted before the due date passed', async () => {
    h.clock.set(vn('2026-02-24', '10:05'));
    await promote(missed);
    expect((await h.events(caseId)).map((e) => e.type)).not.toContain('DeadlineMissed');
  }, 60_000);

  it('sends the reminder on its day and records the miss after the due date, once each', async () => {
    await h.travelDaily('2026-02-24', '2026-03-04');
    const events = await h.events(caseId);
    const reminders = events.flatMap((e) => (e.type === 'DeadlineReminderSent' ? [[e.data.workingDaysBefore, vnDay(e.data.sentAt)]] : []));
    expect(reminders).toEqual([
      [3, '2026-02-26'],
      [0, '2026-03-03'],
    ]);
    expect(events.filter((e) => e.type === 'DeadlineMissed').map((e) => e.type === 'DeadlineMissed' && vnDay(e.data.missedAt))).toEqual(['2026-03-04']);
  }, 60_000);

  it('escalates to level 2 on its day (Fri 06/03), not when its job is promoted on Wed 04/03', async () => {
    h.clock.set(vn('2026-03-04', '10:00'));
    await promote(`deadline/${caseId}/acceptance/2026-03-03/escalate-2`);
    const levels = async () =>
      (await h.events(caseId)).flatMap((e) => (e.type === 'CaseEscalated' && e.data.reason === 'overdue' ? [[e.data.level, vnDay(e.data.escalatedAt)]] : []));
    expect(await levels()).toEqual([[1, '2026-03-04']]);
    await h.travelDaily('2026-03-04', '2026-03-06');
    expect(await levels()).toEqual([
      [1, '2026-03-04'],
      [2, '2026-03-06'],
    ]);
  }, 60_000);
});
