import { CommandRefused, decide, evolve, type CaseEvent, type CaseState, type ClockState, type DeadlineCommand, type ExistingCase } from '@kntc/domain';
import { applyToTimerClocks, parseTimerClocks, planTimers, storableTimerClock, type CaseTimerClocks, type PlannedTimer } from '@kntc/deadlines';
import { departmentCounters, evolveCaseRow, type CaseRow, type ProjectedEvent } from '@kntc/read-models';
import { CaseHistoryGenerator, type HistoryStep } from './support/case-history.generator';
import { loadEngineFiles } from './support/read-model-fixtures';

const files = loadEngineFiles();
const HISTORIES = 300;
const PLAN = { noticeHour: 8 };

/** What a clock is, read straight off the domain's state: the row and the timers must say the same. */
function expectedClock(name: string, c: ClockState) {
  return {
    clock: name,
    status: c.status,
    startedOn: c.startedOn,
    dueDate: c.dueDate,
    dueAt: c.dueAt,
    extensions: c.extensions,
    missed: c.missed,
    escalationLevel: c.escalationLevel,
    ...(c.status === 'paused' ? { pausedOn: c.pausedOn } : {}),
    ...(c.status === 'stopped' ? { stoppedOn: c.stoppedOn, metDeadline: c.metDeadline } : {}),
  };
}

/** The deadline command a planned job sends when it fires. */
function commandOf(timer: PlannedTimer): DeadlineCommand {
  const { caseId, clock, dueDate } = timer.data;
  if (timer.name === 'deadline-reminder') return { type: 'SendDeadlineReminder', caseId, clock, dueDate, workingDaysBefore: timer.data.workingDaysBefore };
  if (timer.name === 'deadline-due') return { type: 'RecordDeadlineMissed', caseId, clock, dueDate };
  return { type: 'EscalateOverdueCase', caseId, clock, dueDate, level: timer.data.level };
}

/** Redis keeps the timers' clocks as JSON, one hash field per clock. */
const throughRedis = (caseId: string, clocks: CaseTimerClocks): CaseTimerClocks =>
  parseTimerClocks(caseId, Object.fromEntries([...clocks].map(([name, c]) => [name, storableTimerClock(c)])));
const throughJson = (row: CaseRow | undefined): CaseRow | undefined => (row === undefined ? undefined : (JSON.parse(JSON.stringify(row)) as CaseRow));

describe('random valid histories: the read model and the timers agree with the domain fold', () => {
  const generator = new CaseHistoryGenerator(files.workflows, files.calendar, { seed: 20261204, timers: true, firstReceivedOn: '2025-06-02', receivedSpanDays: 400 });
  const histories: HistoryStep[][] = Array.from({ length: HISTORIES }, () => generator.nextCase());
  const events = histories.flat().flatMap((s) => s.events);

  it('cover what the rules are about: suspensions ended every way, extensions, reminders, misses and escalations', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of ['CaseSuspended', 'CaseResumed', 'CaseTerminated', 'CaseWithdrawn', 'DeadlineExtended', 'DeadlineReminderSent', 'DeadlineMissed', 'CaseEscalated', 'ComplexityDetermined'] as const) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
    const suspendedThenEnded = histories.filter((steps) => {
      const types = steps.flatMap((s) => s.events.map((e) => e.type));
      const suspended = types.lastIndexOf('CaseSuspended');
      return suspended >= 0 && types.slice(suspended).some((t) => t === 'CaseTerminated' || t === 'CaseWithdrawn');
    });
    expect(suspendedThenEnded.length).toBeGreaterThan(0);
  });

  it('after every event of every history', () => {
    for (const steps of histories) {
      const workflow = steps[0]!.workflow;
      let state: CaseState = { status: 'none' };
      let row: CaseRow | undefined;
      let timers: CaseTimerClocks = new Map();
      let revision = 0;
      for (const step of steps) {
        for (const event of step.events) {
          state = evolve(state, event);
          const projected: ProjectedEvent = { position: BigInt(revision + 1), stream: `case-${step.caseId}`, revision, event, occurredAt: step.occurredAt, actorId: step.actor.id };
          revision++;
          // Stored and read back between events, as batches of the projection and of the scheduler do.
          row = throughJson(evolveCaseRow(row, projected, files));
          // The same clocks as stored by the version before the timers kept the domain's state (an upgrade now).
          const legacy = new Map([...timers].map(([name, { state: _state, ...stored }]) => [name, structuredClone(stored)]));
          applyToTimerClocks(timers, event as CaseEvent, { id: workflow.id, version: workflow.version });
          applyToTimerClocks(legacy, event as CaseEvent, { id: workflow.id, version: workflow.version });
          timers = throughRedis(step.caseId, timers);
          const plans = (clocks: CaseTimerClocks) => [...clocks.values()].flatMap((t) => planTimers(t, files.workflows, files.calendar, PLAN));
          expect(plans(legacy)).toEqual(plans(timers));
          check(state as ExistingCase, row!, timers, step, event);
        }
        // A command's events are appended together: its plan is judged once all of them are folded.
        checkPlan(state as ExistingCase, timers, step);
      }
    }
  });

  function check(domain: ExistingCase, row: CaseRow, timers: CaseTimerClocks, step: HistoryStep, event: CaseEvent): void {
    const where = `${step.caseId} after ${event.type} (${step.occurredAt})`;
    const workflow = step.workflow;
    // Status and stage, and the department counter of suspended cases.
    expect({ where, suspended: row.suspended, suspendedOn: row.suspendedOn, stage: row.stage, final: row.final }).toEqual({
      where,
      suspended: domain.status === 'suspended',
      suspendedOn: domain.status === 'suspended' ? domain.suspendedOn : undefined,
      stage: domain.stage,
      final: workflow.stages[domain.stage]?.final === true,
    });
    expect({ where, counted: departmentCounters(row).get('suspended') }).toEqual({ where, counted: domain.status === 'suspended' ? 1 : 0 });
    // Every clock, with its due date and whether it runs, is paused, stopped or missed.
    expect({ where, clocks: row.clocks.map(({ label: _l, provisional: _p, remindersSent: _r, escalatedOn: _e, ...c }) => c) }).toEqual({
      where,
      clocks: Object.entries(domain.clocks).map(([name, c]) => expectedClock(name, c)),
    });
    // The timers hold exactly the running clocks, with the domain's due dates and steps recorded.
    const running = Object.entries(domain.clocks).filter(([, c]) => c.status === 'running');
    expect({ where, timers: [...timers.values()].map((t) => ({ clock: t.clock, dueDate: t.dueDate, dueAt: t.dueAt, missed: t.missed, level: t.escalation?.level ?? 0 })) }).toEqual({
      where,
      timers: running.map(([name, c]) => ({ clock: name, dueDate: c.dueDate, dueAt: c.dueAt, missed: c.missed, level: c.escalationLevel })),
    });
  }

  function checkPlan(domain: ExistingCase, timers: CaseTimerClocks, step: HistoryStep): void {
    const where = `${step.caseId} after ${step.command.type} (${step.occurredAt})`;
    const workflow = step.workflow;
    // Every job the plan holds is a step the decider accepts when it fires; one job per clock is the miss or the next escalation.
    for (const timer of timers.values()) {
      const plan = planTimers(timer, files.workflows, files.calendar, PLAN);
      expect({ where, clock: timer.clock, last: plan.filter((t) => t.name !== 'deadline-reminder').length }).toEqual({ where, clock: timer.clock, last: 1 });
      for (const job of plan) {
        const outcome = (() => {
          try {
            decide(commandOf(job), domain, { workflow, calendar: files.calendar, now: job.data.fireAt, actor: { id: 'deadline-worker', role: 'system', department: domain.department } });
            return 'accepted';
          } catch (error) {
            if (error instanceof CommandRefused) return error.code;
            throw error;
          }
        })();
        expect({ where, job: job.jobId, outcome }).toEqual({ where, job: job.jobId, outcome: 'accepted' });
      }
    }
  }
});
