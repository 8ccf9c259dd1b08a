import type { RunningClock } from '@kntc/domain';
import { parseTimerClocks, storableTimerClock, timerClockOf } from '@kntc/deadlines';

const state: RunningClock = {
  status: 'running',
  startedOn: '2026-03-02',
  dueDate: '2026-04-01',
  dueAt: '2026-04-01T16:59:59.999Z',
  basis: { ruleId: 'TC.RESOLVE', citation: 'Luật Tố cáo 2018, Điều 30(1)', unit: 'working-days', variant: 'default', baseLength: 30, extendedBy: 0, consumed: 0, length: 30, onResume: 'remaining', rolledForward: false, provisional: false },
  extensions: 0,
  remindersSent: [3],
  missed: false,
  escalationLevel: 0,
};

describe('a running clock as the scheduler stores it', () => {
  const clock = timerClockOf('c1', 'resolution', { id: 'denunciation', version: 1 }, state);

  it('keeps the workflow and the domain state only, and reads back the same clock', () => {
    const stored = storableTimerClock(clock);
    expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual(['state', 'workflow']);
    expect(stored.length).toBeLessThan(JSON.stringify(clock).length);
    expect(parseTimerClocks('c1', { resolution: stored })).toEqual(new Map([['resolution', clock]]));
  });

  it('reads a clock an earlier release stored whole as it is', () => {
    expect(parseTimerClocks('c1', { resolution: JSON.stringify(clock) })).toEqual(new Map([['resolution', clock]]));
  });
});
