import {
  clockRuleOn,
  endOfVnDay,
  formatVn,
  isNoClockRule,
  type ClockDefinition,
  type ClockRule,
  type ClockRuleEntry,
  type LocalDate,
  type WorkflowDefinition,
  type WorkingCalendar,
} from '@kntc/workflow';
import { CommandRefused } from './case.errors';
import type { DeadlineBasis, LengthVariant } from './case.events';
import type { ComplexityLevel } from './case.values';

export function lengthVariantOf(level: ComplexityLevel, remoteArea: boolean): LengthVariant {
  const complex = level !== 'none';
  if (complex && remoteArea) return 'complexRemoteArea';
  if (complex) return 'complex';
  return remoteArea ? 'remoteArea' : 'default';
}

/**
 * The regime in force on the day the clock starts, so a law change never moves a due date already set; a span
 * with no period (`noClock`) is returned as such, and the clock is not set.
 */
export function selectClockRule(clock: string, definition: ClockDefinition, startedOn: LocalDate): ClockRuleEntry {
  const rule = clockRuleOn(definition, startedOn);
  if (!rule) {
    throw new CommandRefused('no-clock-rule', `Không có quy định thời hạn "${definition.label}" áp dụng cho ngày ${formatVn(startedOn)}.`, [], {
      clock,
      date: startedOn,
    });
  }
  return rule;
}

export function ruleById(definition: ClockDefinition, ruleId: string): ClockRule {
  const rule = definition.rules.find((r): r is ClockRule => !isNoClockRule(r) && r.id === ruleId);
  if (!rule) throw new CommandRefused('no-clock-rule', `Quy định thời hạn ${ruleId} không còn trong quy trình.`, [], { ruleId });
  return rule;
}

export interface DeadlineInput {
  startedOn: LocalDate;
  variant: LengthVariant;
  /** Units used before `startedOn` (earlier segments, before a suspension). */
  consumed: number;
  /** Units added by extensions. */
  extendedBy: number;
}

export interface ComputedDeadline {
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  basis: DeadlineBasis;
}

/** Extensions lengthen the period counted from its start, i.e. they run from the unrolled end date. */
export function computeDeadline(calendar: WorkingCalendar, rule: ClockRule, input: DeadlineInput): ComputedDeadline {
  const variant: LengthVariant = rule.length[input.variant] !== undefined ? input.variant : 'default';
  const baseLength = rule.length[variant] ?? rule.length.default;
  const length = Math.max(0, baseLength + input.extendedBy - input.consumed);
  const due = calendar.dueDate(input.startedOn, length, rule.unit);
  return {
    startedOn: input.startedOn,
    dueDate: due.dueDate,
    dueAt: endOfVnDay(due.dueDate),
    basis: {
      ruleId: rule.id,
      citation: rule.citation,
      unit: rule.unit,
      variant,
      baseLength,
      extendedBy: input.extendedBy,
      consumed: input.consumed,
      length,
      onResume: rule.onResume,
      rolledForward: due.rolledForward,
      provisional: due.provisional,
    },
  };
}

export interface ClockDeadlineQuery {
  startedOn: LocalDate;
  complexity: ComplexityLevel;
  remoteArea: boolean;
}

/** The due date a clock would get if it started on `startedOn`: what `kntc due-date` prints, by the engine's code. */
export function computeClockDeadline(
  workflow: WorkflowDefinition,
  calendar: WorkingCalendar,
  clock: string,
  query: ClockDeadlineQuery,
): ComputedDeadline & { rule: ClockRule } {
  const definition = Object.hasOwn(workflow.clocks, clock) ? workflow.clocks[clock] : undefined;
  if (!definition) {
    throw new CommandRefused('unknown-clock', `Quy trình ${workflow.id} không có thời hạn "${clock}".`, [], {
      clocks: Object.keys(workflow.clocks),
    });
  }
  const rule = selectClockRule(clock, definition, query.startedOn);
  if (isNoClockRule(rule)) {
    throw new CommandRefused('no-clock-rule', `Thời hạn "${definition.label}" không áp dụng cho ngày ${formatVn(query.startedOn)}: ${rule.citation}.`, [], {
      clock,
      date: query.startedOn,
      ruleId: rule.id,
    });
  }
  const computed = computeDeadline(calendar, rule, {
    startedOn: query.startedOn,
    variant: lengthVariantOf(query.complexity, query.remoteArea),
    consumed: 0,
    extendedBy: 0,
  });
  return { ...computed, rule };
}
