import { formatVn, vnDateOf, type Role } from '@kntc/workflow';
import type { DecideContext } from './case.context';
import { CommandRefused } from './case.errors';
import type { CaseEvent } from './case.events';
import { assertNever } from './case.evolve';
import type { ExistingCase, RunningClock } from './case.state';
import type { DeadlineCommand } from './deadline.commands';
import { nextEscalationDay } from './case.views';

/**
 * Decides what a fired timer means now. Timers are set from past events, so each command re-checks the case:
 * a clock that stopped, paused or moved to another due date, or a step already recorded, is refused with a
 * named reason, and the worker reports the job as skipped.
 */
export function decideDeadline(command: DeadlineCommand, state: ExistingCase, ctx: DecideContext): CaseEvent[] {
  if (ctx.actor.role !== 'system') {
    throw new CommandRefused('role-not-allowed', 'Chỉ hệ thống theo dõi thời hạn được ghi nhận nhắc hạn và quá hạn.');
  }
  const chain = ctx.workflow.escalation.chain;
  const at = ctx.now;
  switch (command.type) {
    case 'SendDeadlineReminder': {
      const clock = currentClock(state, command.clock, command.dueDate);
      if (clock.remindersSent.includes(command.workingDaysBefore)) {
        throw new CommandRefused('deadline-step-done', `Đã nhắc hạn ${command.workingDaysBefore} ngày làm việc trước hạn.`);
      }
      // A reminder fired after its day (a worker that was down, a case filed late) would tell a wrong count of days
      // left; the nearer reminder or the miss tells the truth instead.
      const left = ctx.calendar.countBetween(vnDateOf(at), clock.dueDate, 'working-days');
      if (at > clock.dueAt || left < command.workingDaysBefore) {
        throw new CommandRefused(
          'deadline-reminder-passed',
          `Ngày nhắc hạn ${command.workingDaysBefore} ngày làm việc trước hạn ${formatVn(clock.dueDate)} đã qua; còn ${left} ngày làm việc.`,
        );
      }
      // Its day is the one from which exactly that many working days are left; before it (a job promoted by hand,
      // a clock skew) the count told would be wrong. Derived from the case, not from the job's data.
      if (left > command.workingDaysBefore) {
        throw new CommandRefused(
          'deadline-not-due',
          `Chưa đến ngày nhắc hạn ${command.workingDaysBefore} ngày làm việc trước hạn ${formatVn(clock.dueDate)}; còn ${left} ngày làm việc.`,
        );
      }
      const notify: Role[] = [...new Set(chain.slice(0, 2))];
      return [
        {
          type: 'DeadlineReminderSent',
          data: {
            caseId: state.caseId,
            clock: command.clock,
            dueDate: command.dueDate,
            workingDaysBefore: command.workingDaysBefore,
            sentAt: at,
            notify,
            ...(state.inspectorId ? { inspectorId: state.inspectorId } : {}),
          },
        },
      ];
    }
    case 'RecordDeadlineMissed': {
      const clock = currentClock(state, command.clock, command.dueDate);
      if (clock.missed) throw new CommandRefused('deadline-step-done', 'Đã ghi nhận quá hạn.');
      if (at <= clock.dueAt) throw new CommandRefused('deadline-not-due', `Thời hạn đến hết ngày ${formatVn(clock.dueDate)}; chưa quá hạn.`);
      return [
        { type: 'DeadlineMissed', data: { caseId: state.caseId, clock: command.clock, dueDate: command.dueDate, missedAt: at } },
        escalation(state, at, 1, chain, { reason: 'overdue', clock: command.clock, dueDate: command.dueDate }),
      ];
    }
    case 'EscalateOverdueCase': {
      const clock = currentClock(state, command.clock, command.dueDate);
      if (!clock.missed) throw new CommandRefused('deadline-not-due', 'Thời hạn chưa được ghi nhận quá hạn.');
      if (command.level !== clock.escalationLevel + 1) {
        throw new CommandRefused('deadline-step-done', `Đã chuyển cấp ${clock.escalationLevel}; yêu cầu cấp ${command.level} không phải cấp kế tiếp.`);
      }
      // Each further level waits `repeatEvery` working days after the last (the timer's day); not before it.
      const day = nextEscalationDay(clock, ctx.workflow, ctx.calendar);
      if (vnDateOf(at) < day) throw new CommandRefused('deadline-not-due', `Chuyển cấp ${command.level} từ ngày ${formatVn(day)}; chưa đến ngày.`);
      return [escalation(state, at, command.level, chain, { reason: 'overdue', clock: command.clock, dueDate: command.dueDate })];
    }
    case 'FlagStalledCase': {
      const rule = ctx.workflow.stalls.find((s) => s.stage === state.stage);
      if (!rule || command.stage !== state.stage || command.since !== state.lastActOn) {
        throw new CommandRefused('case-not-stalled', 'Hồ sơ đã chuyển bước hoặc có thao tác mới.');
      }
      if (state.status === 'suspended') throw new CommandRefused('case-not-stalled', 'Hồ sơ đang tạm đình chỉ.');
      if (state.stallFlagged === `${command.stage}@${command.since}`) throw new CommandRefused('deadline-step-done', 'Đã cảnh báo hồ sơ chậm tiến độ.');
      const idle = ctx.calendar.countBetween(command.since, vnDateOf(at), 'working-days');
      if (idle < rule.workingDays) {
        throw new CommandRefused('case-not-stalled', `Hồ sơ mới dừng ${idle}/${rule.workingDays} ngày làm việc ở bước này.`);
      }
      return [escalation(state, at, 1, chain, { reason: 'stalled', stage: command.stage, since: command.since })];
    }
    default:
      return assertNever(command);
  }
}

/** The clock the timer was set for, still running with the same due date; otherwise the timer is stale. */
function currentClock(state: ExistingCase, name: string, dueDate: string): RunningClock {
  const clock = Object.hasOwn(state.clocks, name) ? state.clocks[name] : undefined;
  if (!clock || clock.status !== 'running') {
    throw new CommandRefused('clock-not-running', `Thời hạn "${name}" không còn chạy (${clock?.status ?? 'chưa bắt đầu'}).`, [], { clock: name });
  }
  if (clock.dueDate !== dueDate) {
    throw new CommandRefused('deadline-moved', `Thời hạn "${name}" đã đổi sang ngày ${clock.dueDate}.`, [], { clock: name, dueDate: clock.dueDate });
  }
  return clock;
}

/** Level n goes to the n-th role of the chain (the first is the one who does the work), capped at the top. */
function escalation(
  state: ExistingCase,
  at: string,
  level: number,
  chain: Role[],
  detail: { reason: 'overdue' | 'stalled'; clock?: string; dueDate?: string; stage?: string; since?: string },
): CaseEvent {
  const to = chain[Math.min(level, chain.length - 1)]!;
  return { type: 'CaseEscalated', data: { caseId: state.caseId, escalatedAt: at, level, to, ...detail } };
}
