import { randomUUID } from 'node:crypto';
import { DeadlineHarness, fileComplaint, people, vn, vnDay } from './support/deadline-harness';

type Notice = [type: string, day: string, detail: string];

/** The deadline events of one clock as [type, Hanoi day, detail]. */
async function notices(h: DeadlineHarness, caseId: string, clock: string): Promise<Notice[]> {
  return (await h.events(caseId)).flatMap((e): Notice[] => {
    if (e.type === 'DeadlineReminderSent' && e.data.clock === clock) return [[e.type, vnDay(e.data.sentAt), `${e.data.workingDaysBefore}wd`]];
    if (e.type === 'DeadlineMissed' && e.data.clock === clock) return [[e.type, vnDay(e.data.missedAt), e.data.dueDate]];
    if (e.type === 'CaseEscalated' && e.data.clock === clock) return [[e.type, vnDay(e.data.escalatedAt), `level ${e.data.level} → ${e.data.to}`]];
    return [];
  });
}

describe('a complaint received on 10/02/2026, just before Tết (days off 14-22/02)', () => {
  let h: DeadlineHarness;
  const waiting = randomUUID();
  const accepted = randomUUID();

  beforeAll(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
    await h.run(fileComplaint(waiting, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    await h.run(fileComplaint(accepted, '2026-02-10'), people.intake, vn('2026-02-10', '10:05'));
    // Acceptance is due 03/03/2026: 10 working days from 11/02, skipping Tết.
    await h.travelDaily('2026-02-10', '2026-02-27');
    await h.run({ type: 'AcceptCase', caseId: accepted }, people.head, vn('2026-02-27', '10:00'));
    await h.travelDaily('2026-02-27', '2026-03-12');
  }, 120_000);

  afterAll(async () => {
    await h.cleanup();
  });

  it('gets its reminders 3 working days before and on the due date, then DeadlineMissed and escalations every 2 working days', async () => {
    expect(await notices(h, waiting, 'acceptance')).toEqual([
      ['DeadlineReminderSent', '2026-02-26', '3wd'],
      ['DeadlineReminderSent', '2026-03-03', '0wd'],
      ['DeadlineMissed', '2026-03-04', '2026-03-03'],
      ['CaseEscalated', '2026-03-04', 'level 1 → head'],
      ['CaseEscalated', '2026-03-06', 'level 2 → director'],
      ['CaseEscalated', '2026-03-10', 'level 3 → director'],
      ['CaseEscalated', '2026-03-12', 'level 4 → director'],
    ]);
  });

  it('gets nothing more for its acceptance clock once it is accepted', async () => {
    expect(await notices(h, accepted, 'acceptance')).toEqual([['DeadlineReminderSent', '2026-02-26', '3wd']]);
    const pending = (await h.timers.getDelayed(0, -1)).map((j) => j.id).filter((id) => id?.includes(`${accepted}/acceptance/`));
    expect(pending).toEqual([]);
  });

  it('has its resolution clock timers pending after acceptance (30 days from 27/02)', async () => {
    const pending = (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.includes(`${accepted}/resolution/`)).sort();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((id) => id.includes('/2026-03-30/'))).toBe(true);
  });
});
