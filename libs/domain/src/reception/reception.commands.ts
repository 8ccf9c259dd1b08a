import type { LocalDate } from '@kntc/workflow';
import type { Party } from '../case/case.values';
import type { VisitDelegation, VisitOutcome } from './reception.events';
import type { ReceptionKind, VisitClassification } from './reception.values';

export interface PlanReceptionSession {
  type: 'PlanReceptionSession';
  sessionId: string;
  department: string;
  kind: ReceptionKind;
  date: LocalDate;
  place: string;
  leader?: string;
}
export interface PublishReceptionSession {
  type: 'PublishReceptionSession';
  sessionId: string;
  /** The day the schedule was posted; default the command's own day. */
  publishedOn?: LocalDate;
}
export interface PostponeReceptionSession {
  type: 'PostponeReceptionSession';
  sessionId: string;
  newDate: LocalDate;
  reason: string;
}
export interface CancelReceptionSession {
  type: 'CancelReceptionSession';
  sessionId: string;
  reason: string;
}
/** Opens the register: of a planned session (the rest comes from its schedule entry), or of a session held without one. */
export interface OpenReceptionSession {
  type: 'OpenReceptionSession';
  sessionId: string;
  department?: string;
  kind?: ReceptionKind;
  date?: LocalDate;
  place?: string;
  leader?: string;
  /** Who receives: the officer or the leader; default the actor. */
  receivedBy?: string;
}
export interface RecordVisit {
  type: 'RecordVisit';
  sessionId: string;
  /** When the visit took place; default the command's time. */
  at?: string;
  receivedBy?: string;
  citizens: number;
  delegation?: VisitDelegation;
  parties: Party[];
  summary: string;
  classification: VisitClassification;
  handledBefore?: string[];
  outcome: VisitOutcome;
  matterId?: string;
  repeated?: boolean;
}
export interface IssueReceptionConclusion {
  type: 'IssueReceptionConclusion';
  sessionId: string;
  documentNo: string;
  documentDate: LocalDate;
  summary: string;
}
export interface CloseReceptionSession {
  type: 'CloseReceptionSession';
  sessionId: string;
  note?: string;
}

export type ReceptionCommand =
  | PlanReceptionSession
  | PublishReceptionSession
  | PostponeReceptionSession
  | CancelReceptionSession
  | OpenReceptionSession
  | RecordVisit
  | IssueReceptionConclusion
  | CloseReceptionSession;

export type ReceptionCommandType = ReceptionCommand['type'];

/** Scheduling a leader's sessions is the head's or director's; recording sessions and visits, the reception desk's too. */
export const RECEPTION_COMMAND_PERMISSIONS: Record<ReceptionCommandType, 'reception.schedule' | 'reception.record'> = {
  PlanReceptionSession: 'reception.schedule',
  PublishReceptionSession: 'reception.schedule',
  PostponeReceptionSession: 'reception.schedule',
  CancelReceptionSession: 'reception.schedule',
  OpenReceptionSession: 'reception.record',
  RecordVisit: 'reception.record',
  IssueReceptionConclusion: 'reception.record',
  CloseReceptionSession: 'reception.record',
};
