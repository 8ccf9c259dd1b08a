import { mergeTimerChange, type PlannedTimer } from '@kntc/deadlines';

const timer = (fireAt: string): PlannedTimer => ({
  name: 'deadline-due',
  jobId: 'deadline/c1/resolution/2026-04-01/missed',
  data: { caseId: 'c1', clock: 'resolution', dueDate: '2026-04-01', fireAt },
});

describe('mergeTimerChange: the net change to a timer job over a catch-up', () => {
  const first = timer('2026-04-01T17:00:00.001Z');
  const second = timer('2026-04-02T17:00:00.001Z');

  it('keeps the first change of a job as it is', () => {
    expect(mergeTimerChange(undefined, { added: first })).toEqual({ add: first });
    expect(mergeTimerChange(undefined, { removed: true })).toEqual({ remove: true });
  });

  it('leaves nothing to do for a job added and removed again within the catch-up (it never reached BullMQ)', () => {
    expect(mergeTimerChange({ add: first }, { removed: true })).toBeUndefined();
  });

  it('keeps the removal of a job that was in BullMQ before, whatever is added after it', () => {
    expect(mergeTimerChange({ remove: true }, { added: first })).toEqual({ remove: true, add: first });
    expect(mergeTimerChange({ remove: true, add: first }, { removed: true })).toEqual({ remove: true });
    expect(mergeTimerChange({ remove: true, add: first }, { added: second })).toEqual({ remove: true, add: second });
  });

  it('keeps the latest job added', () => {
    expect(mergeTimerChange({ add: first }, { added: second })).toEqual({ add: second });
  });
});
