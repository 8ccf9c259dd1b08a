import type { CaseEvent } from '@kntc/domain';
import type { BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';

export const INBOX_PROJECTION = 'inbox';

/**
 * Per-user inbox, empty in this release. DeadlineReminderSent and CaseEscalated name roles of a department
 * (and the inspector); the deadlines issue maps them to users and writes one InboxItem each under `inboxKeys`.
 */
export class InboxProjection implements Projection {
  readonly name = INBOX_PROJECTION;
  readonly description = 'Hộp thư của người dùng: nhắc hạn, chuyển cấp';

  constructor(readonly version: number = 1) {}

  async project(events: readonly ProjectedEvent[], _redis: unknown, _build: BuildKeys): Promise<RedisWrite[]> {
    return events.flatMap((projected) => (projected.event ? inboxWrites(projected.event) : []));
  }
}

function inboxWrites(event: CaseEvent): RedisWrite[] {
  switch (event.type) {
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
    case 'CaseSuspended':
    case 'CaseResumed':
    case 'CaseTerminated':
    case 'CaseReviewed':
    case 'CaseClosed':
    case 'ComplexityDetermined':
    case 'DeadlineSet':
    case 'DeadlineExtended':
    case 'DeadlineStopped':
    case 'DeadlineMissed':
    case 'DeadlineReminderSent':
    case 'CaseEscalated':
      return [];
    default: {
      const unknown: never = event;
      throw new Error(`inbox: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
