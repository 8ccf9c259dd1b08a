import { randomUUID } from 'node:crypto';
import { eventually } from '../read-models/support/read-model-fixtures';
import { DeadlineHarness, fileComplaint, people, vn, vnDay } from './support/deadline-harness';

/** Due dates of the pending (delayed) timer jobs of one clock of one case. */
async function pendingDueDates(h: DeadlineHarness, caseId: string, clock: string): Promise<string[]> {
  const ids = (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.startsWith(`deadline/${caseId}/${clock}/`));
  return [...new Set(ids.map((id) => id.split('/')[3]!))].sort();
}

async function missedOn(h: DeadlineHarness, caseId: string, clock: string): Promise<Array<[string, string]>> {
  return (await h.events(caseId)).flatMap((e): Array<[string, string]> =>
    e.type === 'DeadlineMissed' && e.data.clock === clock ? [[e.data.dueDate, vnDay(e.data.missedAt)]] : [],
  );
}

describe('a denunciation accepted on 02/03/2026 (resolution due 01/04)', () => {
  let h: DeadlineHarness;

  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  async function acceptedDenunciation(): Promise<string> {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
    await h.travelTo(vn('2026-03-02', '08:30'));
    await h.run({ type: 'AcceptCase', caseId }, people.head, vn('2026-03-02'));
    return caseId;
  }

  it('moves its timers when the resolution clock of a complex case is extended (to 04/05)', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10', 'denunciation'), people.intake, vn('2026-02-10', '10:00'));
    await h.travelTo(vn('2026-03-02', '08:30'));
    await h.run({ type: 'AcceptCase', caseId }, people.head, vn('2026-03-02'));
    expect(await pendingDueDates(h, caseId, 'resolution')).toEqual(['2026-04-01']);
    await h.run({ type: 'DetermineComplexity', caseId, criteria: ['a'], reason: 'Nhiều địa điểm' }, people.head, vn('2026-03-10'));
    await h.run({ type: 'ExtendDeadline', caseId, clock: 'resolution', reason: 'Vụ việc phức tạp', documentNo: '05/QĐ-GH' }, people.head, vn('2026-03-25'));
    expect(await pendingDueDates(h, caseId, 'resolution')).toEqual(['2026-05-04']);

    await h.travelDaily('2026-03-25', '2026-05-05');
    const resolution = (await h.events(caseId)).filter((e) => (e.type === 'DeadlineReminderSent' || e.type === 'DeadlineMissed') && e.data.clock === 'resolution');
    expect(resolution.every((e) => 'dueDate' in e.data && e.data.dueDate === '2026-05-04')).toBe(true);
    expect(await missedOn(h, caseId, 'resolution')).toEqual([['2026-05-04', '2026-05-05']]);
  }, 60_000);

  it('pauses its timers during a suspension and re-sets them from the resumption (due 09/04)', async () => {
    const caseId = await acceptedDenunciation();
    await h.run({ type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, people.head, vn('2026-03-12'));
    expect(await pendingDueDates(h, caseId, 'resolution')).toEqual([]);
    await h.travelDaily('2026-03-12', '2026-03-19');
    await h.run({ type: 'ResumeCase', caseId, reason: 'Có kết quả giám định' }, people.head, vn('2026-03-20'));
    expect(await pendingDueDates(h, caseId, 'resolution')).toEqual(['2026-04-09']);

    await h.travelDaily('2026-03-20', '2026-04-10');
    expect(await missedOn(h, caseId, 'resolution')).toEqual([['2026-04-09', '2026-04-10']]);
  }, 60_000);

  it('stays overdue when suspended after its due date: one miss, and the escalations go on from the resumption at the next level', async () => {
    const caseId = await acceptedDenunciation();
    // Missed on Thu 02/04, escalated to level 2 on Mon 06/04; suspended on Tue 07/04 with level 3 pending for 08/04.
    await h.travelDaily('2026-03-02', '2026-04-07');
    await h.run({ type: 'SuspendCase', caseId, reason: 'Chờ giám định' }, people.head, vn('2026-04-07', '10:00'));
    expect(await pendingDueDates(h, caseId, 'resolution')).toEqual([]);
    await h.travelDaily('2026-04-07', '2026-04-19');
    await h.run({ type: 'ResumeCase', caseId, reason: 'Có kết quả giám định' }, people.head, vn('2026-04-20'));
    // The due date that passed stays; the next escalation is level 3, 2 working days after the resumption.
    const pending = (await h.timers.getDelayed(0, -1)).filter((j) => j.id!.startsWith(`deadline/${caseId}/resolution/`));
    expect(pending.map((j) => [j.id, j.data.fireAt])).toEqual([
      [`deadline/${caseId}/resolution/2026-04-01/resumed-2026-04-20/escalate-3`, vn('2026-04-22', '08:00').toISOString()],
    ]);

    await h.travelDaily('2026-04-20', '2026-04-24');
    const events = await h.events(caseId);
    expect(await missedOn(h, caseId, 'resolution')).toEqual([['2026-04-01', '2026-04-02']]);
    const escalations = events.flatMap((e) => (e.type === 'CaseEscalated' && e.data.reason === 'overdue' && e.data.clock === 'resolution' ? [[e.data.level, vnDay(e.data.escalatedAt), e.data.to]] : []));
    expect(escalations).toEqual([
      [1, '2026-04-02', 'head'],
      [2, '2026-04-06', 'director'],
      [3, '2026-04-22', 'director'],
      [4, '2026-04-24', 'director'],
    ]);
    const resolutionDueDates = events.flatMap((e) => (e.type === 'DeadlineSet' && e.data.clock === 'resolution' ? [e.data.dueDate] : []));
    expect(resolutionDueDates).toEqual(['2026-04-01', '2026-04-01']);
  }, 60_000);
});

describe('timers after Redis is lost and the worker restarts', () => {
  let h: DeadlineHarness;

  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const countDeadlineEvents = async (caseId: string): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const e of await h.events(caseId)) {
      if (e.type !== 'DeadlineReminderSent' && e.type !== 'DeadlineMissed' && !(e.type === 'CaseEscalated' && e.data.reason === 'overdue')) continue;
      const key = `${e.type} ${'workingDaysBefore' in e.data ? e.data.workingDaysBefore : ''}${'level' in e.data ? e.data.level : ''}`.trim();
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  it('re-creates every pending timer from the store, and every reminder and escalation happens exactly once', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    await h.travelDaily('2026-02-10', '2026-02-27');
    expect(await countDeadlineEvents(caseId)).toEqual({ 'DeadlineReminderSent 3': 1 });

    await h.close();
    await h.loseRedis();
    await h.boot();
    expect(await h.timers.getDelayedCount()).toBe(0);
    // The scheduler's checkpoint went with Redis: it re-scans the store from the start.
    expect(await h.scheduler.checkpoint()).toBe(0n);
    await h.scheduler.catchUp();
    expect(await pendingDueDates(h, caseId, 'acceptance')).toEqual(['2026-03-03']);

    await h.travelDaily('2026-02-27', '2026-03-06');
    // Lost again, this time only the queue, with the escalation to level 3 pending: the reconciler finds it.
    await h.timers.obliterate({ force: true });
    const report = await h.reconciler.reconcile();
    expect(report).toMatchObject({ recreated: 1, runningClocks: 1 });
    expect((await h.reconciler.reconcile()).recreated).toBe(0);

    await h.travelDaily('2026-03-06', '2026-03-10');
    expect(await countDeadlineEvents(caseId)).toEqual({
      'DeadlineReminderSent 3': 1,
      'DeadlineReminderSent 0': 1,
      'DeadlineMissed': 1,
      'CaseEscalated 1': 1,
      'CaseEscalated 2': 1,
      'CaseEscalated 3': 1,
    });
  }, 60_000);

  it('appends nothing when a fired timer job runs again (same job id, same idempotency key)', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    await h.travelDaily('2026-02-10', '2026-02-26');
    const before = (await h.events(caseId)).length;
    const jobId = `deadline/${caseId}/acceptance/2026-03-03/remind-3`;
    // The job already ran (and the scheduler dropped it once the reminder was recorded): run it a second time.
    const data = { caseId, clock: 'acceptance', dueDate: '2026-03-03', workingDaysBefore: 3, fireAt: vn('2026-02-26', '08:00').toISOString() };
    await h.timers.add('deadline-reminder', data, { jobId });
    await eventually(async () => (await h.timers.getJob(jobId))?.finishedOn !== undefined, 'the job ran again');
    expect((await h.timers.getJob(jobId))!.returnvalue).toMatchObject({ done: true });
    expect((await h.events(caseId)).length).toBe(before);
  }, 60_000);

  it('skips the reminders of a case registered after their days, and the reconciler does not bring them back', async () => {
    const caseId = randomUUID();
    // Received 10/02 (acceptance due 03/03) but registered on Mon 02/03: the 3-day reminder's day (26/02) is past.
    await h.travelTo(vn('2026-03-02', '10:00'));
    await h.run(fileComplaint(caseId, '2026-02-10'), people.intake, vn('2026-03-02', '10:00'));
    await h.travelTo(vn('2026-03-02', '10:05'));
    const reminders = () => h.events(caseId).then((events) => events.filter((e) => e.type === 'DeadlineReminderSent'));
    expect(await reminders()).toEqual([]);
    const skipped = await h.timers.getJob(`deadline/${caseId}/acceptance/2026-03-03/remind-3`);
    expect(skipped?.returnvalue).toMatchObject({ skipped: 'deadline-reminder-passed' });
    // The completed jobs age out of BullMQ; the reconciler must not plan the passed reminder again.
    await h.timers.clean(0, 1000, 'completed');
    h.clock.set(vn('2026-03-02', '11:00'));
    expect((await h.reconciler.reconcile()).recreated).toBe(0);
    expect(await h.timers.getJob(`deadline/${caseId}/acceptance/2026-03-03/remind-3`)).toBeUndefined();
    // The day of the last reminder (0 working days before) is still ahead: it is sent on 03/03.
    await h.travelDaily('2026-03-02', '2026-03-03');
    expect((await reminders()).map((e) => e.type === 'DeadlineReminderSent' && e.data.workingDaysBefore)).toEqual([0]);
  }, 60_000);

  it('flags a case left in "filed" with no inspector for 2 working days, once', async () => {
    const caseId = randomUUID();
    await h.run(fileComplaint(caseId, '2026-03-02'), people.intake, vn('2026-03-02', '10:00'));
    h.clock.set(vn('2026-03-03'));
    expect((await h.reconciler.reconcile()).stalledFlagged).toBe(0);
    h.clock.set(vn('2026-03-04'));
    expect((await h.reconciler.reconcile()).stalledFlagged).toBe(1);
    expect((await h.reconciler.reconcile()).stalledFlagged).toBe(0);
    const stalls = (await h.events(caseId)).filter((e) => e.type === 'CaseEscalated' && e.data.reason === 'stalled');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.data).toMatchObject({ stage: 'filed', since: '2026-03-02', level: 1, to: 'head' });
  }, 60_000);
});
