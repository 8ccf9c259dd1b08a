import type { CaseEvent } from '@kntc/domain';
import { isLocalDate, vnDateOf } from '@kntc/workflow';
import type { ReportCaseEvent } from '../reports/case-timeline';
import type { ProjectedEvent } from '../shared/projected-event';

/**
 * The event data the report-facts projection folds, and nothing else: every other field (the parties' names and identity numbers,
 * subjects, contents, summaries, reasons, conclusions, notes, document numbers, staff ids and names, agencies,
 * recipients, due-date bases, and the case id the hash field already holds) never reaches Redis. A list of what is
 * kept rather than of what is dropped, so a field added to an event later is left out until a report needs it.
 * These are what a report cell reads (stage, dates, findings, channel, kind, workflow version, clocks, stoppedBy,
 * metDeadline, continueGround) and what the domain's `evolve` reads to fold them (filedAt, escalatedAt: it takes
 * their day; `evolve` copies the dropped fields into parts of the state no report cell reads).
 */
export const REPORT_FACT_FIELDS: ReadonlySet<string> = new Set([
  // CaseFiled
  'kind',
  'workflowVersion',
  'channel',
  'receivedOn',
  'filedAt',
  'remoteArea',
  // every act
  'stage',
  'documentDate',
  'finding',
  'continueGround',
  'suspendedOn',
  'resumedOn',
  'level',
  // clocks
  'clock',
  'startedOn',
  'dueDate',
  'overdue',
  'extension',
  'stoppedOn',
  'stoppedBy',
  'metDeadline',
  'workingDaysBefore',
  'escalatedAt',
  'since',
]);

/** Fields kept for one type only: CaseEscalated's `reason` is 'overdue' | 'stalled', a free text everywhere else. */
const FIELDS_OF_TYPE: Partial<Record<CaseEvent['type'], ReadonlySet<string>>> = { CaseEscalated: new Set(['reason']) };

/**
 * A projected case event with only the fields of REPORT_FACT_FIELDS, as the report-facts projection folds it
 * (undefined for an event no projection can read). The projected event is already upcast to this release's schema.
 */
export function reportEventOf(projected: ProjectedEvent): ReportCaseEvent | undefined {
  const event = projected.event;
  if (event === undefined) return undefined;
  const extra = FIELDS_OF_TYPE[event.type];
  const data: Record<string, unknown> = {};
  for (const field in event.data) {
    if (REPORT_FACT_FIELDS.has(field) || extra?.has(field) === true) data[field] = (event.data as Record<string, unknown>)[field];
  }
  const recordedOn = isLocalDate(projected.occurredOn) ? projected.occurredOn : vnDateOf(projected.occurredAt);
  return { revision: projected.revision, event: { ...event, data } as CaseEvent, recordedOn };
}
