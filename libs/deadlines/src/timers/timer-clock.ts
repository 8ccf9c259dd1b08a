import type { CaseEvent } from '@kntc/domain';
import { vnDateOf, type LocalDate } from '@kntc/workflow';

/**
 * A running clock as the timers see it: what is needed to know which jobs it should have pending. Folded
 * from the case's events (TimerClocks.apply), kept per case in Redis by the scheduler (DeadlineKeys.timers)
 * and refolded from the store by the reconciler.
 */
export interface TimerClock {
  caseId: string;
  clock: string;
  workflow: { id: string; version: number };
  startedOn: LocalDate;
  dueDate: LocalDate;
  dueAt: string;
  /** Reminder offsets already recorded (DeadlineReminderSent) for this due date. */
  remindersSent: number[];
  /** DeadlineMissed recorded for this due date. */
  missed: boolean;
  /** Last overdue escalation recorded for this due date, and the Hanoi date the next one counts from. */
  escalation?: { level: number; on: LocalDate };
  /**
   * Set when the clock resumed after its due date (DeadlineSet with `overdue`): the resumption date. Its jobs get
   * ids of their own, so a job of before the suspension (skipped and kept by BullMQ) never blocks them.
   */
  resumedOverdueOn?: LocalDate;
}

/** The running clocks of one case, by clock name. */
export type CaseTimerClocks = Map<string, TimerClock>;

/** Applies one case event to the case's running clocks; `workflow` is the event's metadata `workflow`. */
export function applyToTimerClocks(clocks: CaseTimerClocks, event: CaseEvent, workflow: { id: string; version: number } | undefined): void {
  switch (event.type) {
    case 'DeadlineSet': {
      const previous = clocks.get(event.data.clock);
      const wf = workflow ?? previous?.workflow;
      if (wf === undefined) return;
      const overdue = event.data.overdue;
      clocks.set(event.data.clock, {
        caseId: event.data.caseId,
        clock: event.data.clock,
        workflow: wf,
        startedOn: event.data.startedOn,
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        remindersSent: [],
        missed: overdue?.missed ?? false,
        // Resumed overdue: the escalations go on from the level reached, the next one counted from the resumption.
        ...(overdue !== undefined && overdue.escalationLevel > 0 ? { escalation: { level: overdue.escalationLevel, on: event.data.startedOn } } : {}),
        ...(overdue !== undefined ? { resumedOverdueOn: event.data.startedOn } : {}),
      });
      return;
    }
    case 'DeadlineExtended': {
      const previous = clocks.get(event.data.clock);
      const wf = workflow ?? previous?.workflow;
      if (wf === undefined) return;
      clocks.set(event.data.clock, {
        caseId: event.data.caseId,
        clock: event.data.clock,
        workflow: wf,
        startedOn: previous?.startedOn ?? vnDateOf(event.data.extendedAt),
        dueDate: event.data.dueDate,
        dueAt: event.data.dueAt,
        remindersSent: [],
        missed: false,
      });
      return;
    }
    case 'DeadlineStopped':
      clocks.delete(event.data.clock);
      return;
    // A suspension pauses every clock; the resumption re-sets each with DeadlineSet (cause `resumed`).
    case 'CaseSuspended':
      clocks.clear();
      return;
    case 'DeadlineReminderSent': {
      const clock = clocks.get(event.data.clock);
      if (clock !== undefined && clock.dueDate === event.data.dueDate && !clock.remindersSent.includes(event.data.workingDaysBefore)) {
        clock.remindersSent = [...clock.remindersSent, event.data.workingDaysBefore].sort((a, b) => b - a);
      }
      return;
    }
    case 'DeadlineMissed': {
      const clock = clocks.get(event.data.clock);
      if (clock?.dueDate === event.data.dueDate) clock.missed = true;
      return;
    }
    case 'CaseEscalated': {
      if (event.data.reason !== 'overdue' || event.data.clock === undefined) return;
      const clock = clocks.get(event.data.clock);
      if (clock !== undefined && clock.dueDate === event.data.dueDate) clock.escalation = { level: event.data.level, on: vnDateOf(event.data.escalatedAt) };
      return;
    }
    case 'CaseFiled':
    case 'CaseAccepted':
    case 'CaseRejected':
    case 'CaseForwarded':
    case 'InspectorAssigned':
    case 'VerificationStarted':
    case 'VerificationReported':
    case 'DialogueHeld':
    case 'DecisionDrafted':
    case 'DecisionIssued':
    case 'DecisionSent':
    case 'ConclusionHandled':
    case 'ConclusionPublished':
    case 'CitizenAnswered':
    case 'CaseWithdrawn':
    case 'CaseResumed':
    case 'CaseTerminated':
    case 'CaseReviewed':
    case 'CaseClosed':
    case 'ComplexityDetermined':
      return;
    default: {
      const unknown: never = event;
      throw new Error(`deadline timers: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}

export function parseTimerClocks(hash: Record<string, string>): CaseTimerClocks {
  return new Map(Object.entries(hash).map(([clock, json]) => [clock, JSON.parse(json) as TimerClock]));
}
