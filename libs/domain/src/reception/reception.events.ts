import type { LocalDate } from '@kntc/workflow';
import type { Party } from '../case/case.values';
import { createEventReader, NewerEventVersionError, type NewerEvent, type Upcaster } from '../case/case.upcast';
import type { ReceptionKind, ReceptionRefusalGround, VisitClassification, VisitOutcomeKind } from './reception.values';

/** The stream of one reception session, planned or held, and its visits. */
export const RECEPTION_STREAM_PREFIX = 'reception-';

export function receptionStream(sessionId: string): string {
  return `${RECEPTION_STREAM_PREFIX}${sessionId}`;
}

export function sessionIdOfStream(stream: string): string | undefined {
  return stream.startsWith(RECEPTION_STREAM_PREFIX) ? stream.slice(RECEPTION_STREAM_PREFIX.length) : undefined;
}

/** A leader's session entered in the schedule (not yet posted). */
export interface ReceptionSessionPlanned {
  type: 'ReceptionSessionPlanned';
  data: { sessionId: string; department: string; kind: ReceptionKind; date: LocalDate; place: string; leader?: string; plannedAt: string };
}
/** The schedule entry posted; `late` when fewer working days ahead than Luật TCD art. 24(4) asks. */
export interface ReceptionSessionPublished {
  type: 'ReceptionSessionPublished';
  data: {
    sessionId: string;
    publishedOn: LocalDate;
    publishedAt: string;
    /** The session's date is the n-th working day after the day of posting. */
    workingDaysAhead: number;
    late: boolean;
    ruleId: string;
    citation: string;
  };
}
/** Moved to a new date; the new date is posted again (art. 24(4)). */
export interface ReceptionSessionPostponed {
  type: 'ReceptionSessionPostponed';
  data: { sessionId: string; previousDate: LocalDate; newDate: LocalDate; reason: string; postponedAt: string };
}
export interface ReceptionSessionCancelled {
  type: 'ReceptionSessionCancelled';
  data: { sessionId: string; reason: string; cancelledAt: string };
}
/** The register of a session opened: from its schedule entry (`planned`), or a session held without one. */
export interface ReceptionSessionOpened {
  type: 'ReceptionSessionOpened';
  data: {
    sessionId: string;
    department: string;
    kind: ReceptionKind;
    date: LocalDate;
    place: string;
    receivedBy: string;
    leader?: string;
    planned: boolean;
    openedAt: string;
  };
}
export interface VisitDelegation {
  size: number;
  representatives: number;
}
export interface VisitOutcome {
  kind: VisitOutcomeKind;
  /** The đơn registered from the visit (`don-received`). */
  donId?: string;
  /** The body the citizen was guided or forwarded to. */
  toBody?: string;
  refusalGround?: ReceptionRefusalGround;
  note?: string;
}
/** One visit (lượt tiếp). Parties are stored with their identities sealed, like a filing's confidential parties. */
export interface VisitRecorded {
  type: 'VisitRecorded';
  data: {
    sessionId: string;
    visitNo: number;
    at: string;
    receivedBy: string;
    citizens: number;
    delegation?: VisitDelegation;
    parties: Party[];
    summary: string;
    classification: VisitClassification;
    handledBefore?: string[];
    outcome: VisitOutcome;
    matterId?: string;
    repeated: boolean;
  };
}
/** The leader's directions, "Thông báo kết luận tiếp công dân" (NĐ 154/2026 art. 25(2), mirror). */
export interface ReceptionConclusionIssued {
  type: 'ReceptionConclusionIssued';
  data: { sessionId: string; documentNo: string; documentDate: LocalDate; summary: string; issuedAt: string };
}
export interface ReceptionSessionClosed {
  type: 'ReceptionSessionClosed';
  data: { sessionId: string; closedAt: string; note?: string };
}

export type ReceptionEvent =
  | ReceptionSessionPlanned
  | ReceptionSessionPublished
  | ReceptionSessionPostponed
  | ReceptionSessionCancelled
  | ReceptionSessionOpened
  | VisitRecorded
  | ReceptionConclusionIssued
  | ReceptionSessionClosed;

export type ReceptionEventType = ReceptionEvent['type'];

/** Current schema version of every reception event; bump it and add an upcaster when a shape changes. */
export const RECEPTION_EVENT_SCHEMA_VERSIONS: Record<ReceptionEventType, number> = {
  ReceptionSessionPlanned: 1,
  ReceptionSessionPublished: 1,
  ReceptionSessionPostponed: 1,
  ReceptionSessionCancelled: 1,
  ReceptionSessionOpened: 1,
  VisitRecorded: 1,
  ReceptionConclusionIssued: 1,
  ReceptionSessionClosed: 1,
};

export function isReceptionEventType(type: string): type is ReceptionEventType {
  return Object.prototype.hasOwnProperty.call(RECEPTION_EVENT_SCHEMA_VERSIONS, type);
}

export const RECEPTION_UPCASTERS: readonly Upcaster[] = [];

const read = createEventReader(RECEPTION_UPCASTERS, RECEPTION_EVENT_SCHEMA_VERSIONS);

/** A stored event of a reception stream as the domain reads it; undefined for a type it does not know. */
export function readReceptionEvent(stored: { type: string; schemaVersion: number; data: Record<string, unknown> }): ReceptionEvent | undefined {
  return isReceptionEventType(stored.type) ? (read(stored) as unknown as ReceptionEvent) : undefined;
}

/** For readers that must go on past what they cannot read (projections): the event, or the newer version skipped. */
export function readReceptionEventOrSkipNewer(stored: { type: string; schemaVersion: number; data: Record<string, unknown> }): { event?: ReceptionEvent; newer?: NewerEvent } {
  try {
    const event = readReceptionEvent(stored);
    return event === undefined ? {} : { event };
  } catch (error) {
    if (error instanceof NewerEventVersionError) return { newer: { type: error.eventType, version: error.version } };
    throw error;
  }
}
