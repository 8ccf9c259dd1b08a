import { EVENT_SCHEMA_VERSIONS, readCaseEvent, type CaseEvent } from '@kntc/domain';
import { isLocalDate, vnDateOf, type LocalDate } from '@kntc/workflow';
import type { ReportCaseEvent } from '../reports/department-report.builder';
import type { ProjectedEvent } from '../shared/projected-event';

/**
 * One event of a case as the report-facts projection stores it: `[revision, type, schemaVersion, recordedOn, data]`.
 * A tuple, not an object, because a province keeps millions of them in Redis; the case id is the hash field.
 */
export type ReportFact = [revision: number, type: string, schemaVersion: number, recordedOn: LocalDate, data: Record<string, unknown>];

/**
 * The event data a report needs, and nothing else: every other field (the parties' names and identity numbers,
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

/** The fact of a projected case event (undefined for an event no projection can read). */
export function reportFactOf(projected: ProjectedEvent): ReportFact | undefined {
  const event = projected.event;
  if (event === undefined) return undefined;
  const extra = FIELDS_OF_TYPE[event.type];
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event.data)) {
    if (REPORT_FACT_FIELDS.has(field) || extra?.has(field) === true) data[field] = value;
  }
  const recordedOn = isLocalDate(projected.occurredOn) ? projected.occurredOn : vnDateOf(projected.occurredAt);
  // The event is already upcast to this release's schema: its version is the current one.
  return [projected.revision, event.type, EVENT_SCHEMA_VERSIONS[event.type], recordedOn, data];
}

/** A stored fact as the report builder reads it; a fact of an older schema goes through the domain's upcasters. */
export function reportCaseEventOf(fact: ReportFact): ReportCaseEvent | undefined {
  const [revision, type, schemaVersion, recordedOn, data] = fact;
  const event = readCaseEvent({ type, schemaVersion, data });
  return event === undefined ? undefined : { revision, event, recordedOn };
}
