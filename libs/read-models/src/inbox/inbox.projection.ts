import type { CaseEvent } from '@kntc/domain';
import { formatVn, type Role, type WorkflowDefinition, type WorkflowRegistry } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { inboxKeys, type BuildKeys } from '../keys';
import type { Projection } from '../runner/projection';
import type { ProjectedEvent } from '../shared/projected-event';
import type { RedisWrite } from '../shared/redis-write';
import type { InboxItem } from './inbox-item';
import { NO_RECIPIENTS, type InboxRecipients } from './inbox-recipients';

export const INBOX_PROJECTION = 'inbox';

/** What the inbox keeps of a case: whom its notices concern, and its workflow (for the names of clocks and stages). */
export interface InboxCase {
  department: string;
  inspectorId?: string;
  kind?: string;
  workflowVersion?: number;
}

/**
 * Per-user inbox. A DeadlineReminderSent reaches the users of the case's department whose role it names
 * (`notify`), a CaseEscalated those whose role is its `to`; both also reach the assigned inspector. Users come
 * from the roster at projection time, read again before a batch's first notice: an account created since gets
 * its notices, and a rebuild after a change of roles delivers to the new holders.
 */
export class InboxProjection implements Projection {
  readonly name = INBOX_PROJECTION;
  readonly description = 'Hộp thư của người dùng: nhắc hạn, chuyển cấp';

  constructor(
    private readonly recipients: InboxRecipients = NO_RECIPIENTS,
    readonly version: number = 2,
    /** Names clocks and stages in the notices; without it they are named by their codes. */
    private readonly workflows?: WorkflowRegistry,
  ) {}

  private labelsOf(known: InboxCase): Labels {
    const { kind, workflowVersion } = known;
    if (this.workflows === undefined || kind === undefined || workflowVersion === undefined || !this.workflows.has(kind, workflowVersion)) return CODES;
    return labelsOf(this.workflows.get(kind, workflowVersion));
  }

  async project(events: readonly ProjectedEvent[], redis: Redis, build: BuildKeys): Promise<RedisWrite[]> {
    const keys = inboxKeys(build);
    // What the inbox knows of every case of the batch, in one round trip (one GET per case made a replay wait on
    // thousands of them a page).
    const caseIds = [...new Set(events.flatMap((projected) => (projected.event === undefined ? [] : [projected.event.data.caseId])))];
    const stored = caseIds.length === 0 ? [] : await redis.mget(caseIds.map((caseId) => keys.case(caseId)));
    const cases = new Map<string, InboxCase | undefined>(caseIds.map((caseId, i) => [caseId, stored[i] == null ? undefined : (JSON.parse(stored[i]!) as InboxCase)]));
    const writes: RedisWrite[] = [];
    let refreshed = false;
    for (const projected of events) {
      const event = projected.event;
      if (event === undefined) continue;
      const known = cases.get(event.data.caseId);
      const next = evolveCase(known, event);
      if (next !== known) {
        cases.set(event.data.caseId, next);
        writes.push({ op: 'set', key: keys.case(event.data.caseId), value: JSON.stringify(next) });
      }
      const notice = next === undefined ? undefined : noticeOf(event, this.labelsOf(next));
      if (notice === undefined || next === undefined) continue;
      if (!refreshed) {
        await this.recipients.refresh?.();
        refreshed = true;
      }
      const users = new Set(this.recipients.usersOf(next.department, notice.roles));
      const inspectorId = notice.inspectorId ?? next.inspectorId;
      if (inspectorId !== undefined) users.add(inspectorId);
      const itemId = `${projected.stream}@${projected.revision}`;
      for (const userId of [...users].sort()) {
        const item: InboxItem = {
          itemId,
          userId,
          kind: notice.kind,
          caseId: event.data.caseId,
          department: next.department,
          ...(notice.clock !== undefined ? { clock: notice.clock } : {}),
          ...(notice.dueDate !== undefined ? { dueDate: notice.dueDate } : {}),
          title: notice.title,
          createdAt: projected.occurredAt,
          position: projected.position.toString(),
        };
        writes.push({ op: 'hset', key: keys.items(userId), field: itemId, value: JSON.stringify(item) });
        writes.push({ op: 'zadd', key: keys.order(userId), member: itemId, score: Number(projected.position) });
      }
    }
    return writes;
  }
}

function evolveCase(known: InboxCase | undefined, event: CaseEvent): InboxCase | undefined {
  if (event.type === 'CaseFiled') return { department: event.data.department, kind: event.data.kind, workflowVersion: event.data.workflowVersion };
  if (event.type === 'InspectorAssigned' && known !== undefined) return { ...known, inspectorId: event.data.inspectorId };
  return known;
}

interface Notice {
  kind: InboxItem['kind'];
  roles: Role[];
  inspectorId?: string;
  clock?: string;
  dueDate?: string;
  title: string;
}

/** The Vietnamese names of a case's clocks and stages; a code the workflow does not know is shown as it is. */
interface Labels {
  clock(code: string): string;
  stage(code: string): string;
}

const CODES: Labels = { clock: (code) => code, stage: (code) => code };

function labelsOf(workflow: WorkflowDefinition | undefined): Labels {
  if (workflow === undefined) return CODES;
  return {
    clock: (code) => (Object.hasOwn(workflow.clocks, code) ? workflow.clocks[code]!.label : code),
    stage: (code) => (Object.hasOwn(workflow.stages, code) ? workflow.stages[code]!.label : code),
  };
}

function noticeOf(event: CaseEvent, labels: Labels): Notice | undefined {
  switch (event.type) {
    case 'DeadlineReminderSent': {
      const d = event.data;
      const when = d.workingDaysBefore === 0 ? 'hôm nay là ngày cuối' : `còn ${d.workingDaysBefore} ngày làm việc`;
      return {
        kind: 'deadline-reminder',
        roles: d.notify,
        ...(d.inspectorId !== undefined ? { inspectorId: d.inspectorId } : {}),
        clock: d.clock,
        dueDate: d.dueDate,
        title: `Nhắc hạn "${labels.clock(d.clock)}": ${when} (hạn ${formatVn(d.dueDate)})`,
      };
    }
    case 'CaseEscalated': {
      const d = event.data;
      const why =
        d.reason === 'overdue'
          ? `quá hạn "${labels.clock(d.clock ?? '')}"${d.dueDate ? ` (hạn ${formatVn(d.dueDate)})` : ''}`
          : `chậm tiến độ ở bước "${labels.stage(d.stage ?? '')}"`;
      return {
        kind: 'escalation',
        roles: [d.to],
        ...(d.clock !== undefined ? { clock: d.clock } : {}),
        ...(d.dueDate !== undefined ? { dueDate: d.dueDate } : {}),
        title: `Chuyển cấp ${d.level}: hồ sơ ${why}`,
      };
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
    case 'DonAttached':
      return undefined;
    default: {
      const unknown: never = event;
      throw new Error(`inbox: unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
