import { randomUUID } from 'node:crypto';
import { DeadlineHarness, fileComplaint, people, vn } from './support/deadline-harness';

/** Issue 11, item 5: the timers of a process of the older release go on past an event a newer release wrote. */
describe('the deadline scheduler and reconciler meeting an event of a newer schema version', () => {
  let h: DeadlineHarness;
  beforeEach(async () => {
    h = await DeadlineHarness.start(vn('2026-02-10'));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const pending = async (caseId: string) => (await h.timers.getDelayed(0, -1)).map((j) => j.id!).filter((id) => id.startsWith(`deadline/${caseId}/`));

  it('skip it and still plan the timers of the events after it', async () => {
    const touched = randomUUID();
    await h.run(fileComplaint(touched, '2026-02-10'), people.intake, vn('2026-02-10', '10:00'));
    const revision = (await h.store.store.readStream(`case-${touched}`)).length - 1;
    await h.store.store.append(
      `case-${touched}`,
      [{ id: randomUUID(), type: 'DeadlineSet', schemaVersion: 42, data: { caseId: touched, clock: 'acceptance', dueAt: 'later' }, metadata: { occurredAt: vn('2026-02-10', '11:00').toISOString() } }],
      revision,
    );
    const later = randomUUID();
    await h.run(fileComplaint(later, '2026-02-10'), people.intake, vn('2026-02-10', '12:00'));

    expect(await pending(later)).not.toEqual([]);
    await expect(h.reconciler.reconcile()).resolves.toBeDefined();
    expect(await pending(later)).not.toEqual([]);
  }, 60_000);
});
