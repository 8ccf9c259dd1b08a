import type { LocalDate, PeriodUnit, Role } from '@kntc/workflow';
import type { ComplexityCriterion, ComplexityLevel, Finding, Party, ReceiptChannel } from './case.values';

/** Fields of every act (the event a command produces). */
interface DocumentFields {
  /** The workflow stage the case is in after this act. */
  stage: string;
  documentNo?: string;
  documentDate?: LocalDate;
  note?: string;
}

export interface CaseFiled {
  type: 'CaseFiled';
  data: {
    caseId: string;
    kind: string;
    workflowVersion: number;
    department: string;
    channel: ReceiptChannel;
    receivedOn: LocalDate;
    filedAt: string;
    subject: string;
    content: string;
    parties: Party[];
    remoteArea: boolean;
    referenceNo?: string;
    referredBy?: string;
    stage: string;
    /** The đơn this case was opened from and attached since (schema v2; v1 reads as []). */
    donIds: string[];
    /** The matter (dispute) the case belongs to, when it was opened from a registered đơn. */
    matterId?: string;
  };
}
export interface CaseAccepted { type: 'CaseAccepted'; data: { caseId: string; acceptedAt: string } & DocumentFields }
export interface CaseRejected {
  type: 'CaseRejected';
  data: { caseId: string; rejectedAt: string; groundCode: string; reason: string } & DocumentFields;
}
export interface CaseForwarded {
  type: 'CaseForwarded';
  data: { caseId: string; forwardedAt: string; toAgency: string; reason: string } & DocumentFields;
}
export interface InspectorAssigned {
  type: 'InspectorAssigned';
  data: { caseId: string; assignedAt: string; inspectorId: string; inspectorName?: string; stage: string; note?: string };
}
export interface VerificationStarted {
  type: 'VerificationStarted';
  data: { caseId: string; startedAt: string } & DocumentFields;
}
export interface VerificationReported {
  type: 'VerificationReported';
  data: { caseId: string; reportedAt: string; summary: string; finding: Finding } & DocumentFields;
}
export interface DialogueHeld { type: 'DialogueHeld'; data: { caseId: string; heldAt: string; summary: string } & DocumentFields }
export interface DecisionDrafted {
  type: 'DecisionDrafted';
  data: { caseId: string; draftedAt: string; summary: string } & DocumentFields;
}
export interface DecisionIssued {
  type: 'DecisionIssued';
  data: {
    caseId: string;
    issuedAt: string;
    /** Who decided: the director of the Sở, or the provincial Chair (recorded by VP UBND). */
    issuer: 'director' | 'ubnd';
    issuedBy: string;
    decisionNo: string;
    finding: Finding;
    summary: string;
  } & DocumentFields;
}
export interface DecisionSent {
  type: 'DecisionSent';
  data: { caseId: string; sentAt: string; recipients: string[] } & DocumentFields;
}
export interface ConclusionHandled {
  type: 'ConclusionHandled';
  data: { caseId: string; handledAt: string; summary: string } & DocumentFields;
}
export interface ConclusionPublished {
  type: 'ConclusionPublished';
  data: { caseId: string; publishedAt: string; method: string } & DocumentFields;
}
export interface CitizenAnswered {
  type: 'CitizenAnswered';
  data: { caseId: string; answeredAt: string; summary: string } & DocumentFields;
}
export interface CaseWithdrawn {
  type: 'CaseWithdrawn';
  data: {
    caseId: string;
    withdrawnAt: string;
    reason: string;
    /** Set when the head continues a withdrawn denunciation; the case and its clocks go on. */
    continueGround?: string;
  } & DocumentFields;
}
export interface CaseSuspended {
  type: 'CaseSuspended';
  data: { caseId: string; suspendedAt: string; suspendedOn: LocalDate; reason: string } & DocumentFields;
}
export interface CaseResumed {
  type: 'CaseResumed';
  data: { caseId: string; resumedAt: string; resumedOn: LocalDate; reason: string } & DocumentFields;
}
export interface CaseTerminated {
  type: 'CaseTerminated';
  data: { caseId: string; terminatedAt: string; groundCode?: string; reason: string } & DocumentFields;
}
export interface CaseReviewed {
  type: 'CaseReviewed';
  data: { caseId: string; reviewedAt: string; reason: string; conclusion: string } & DocumentFields;
}
export interface CaseClosed { type: 'CaseClosed'; data: { caseId: string; closedAt: string; reason?: string } & DocumentFields }
export interface ComplexityDetermined {
  type: 'ComplexityDetermined';
  data: {
    caseId: string;
    determinedAt: string;
    criteria: ComplexityCriterion[];
    level: ComplexityLevel;
    reason: string;
  } & DocumentFields;
}

/** A later đơn about the same matter joins the case (not an act: no stage change, no clock effect). */
export interface DonAttached {
  type: 'DonAttached';
  data: { caseId: string; donId: string; attachedAt: string };
}

/** The variant of a clock's length that applied. */
export type LengthVariant = 'default' | 'complex' | 'remoteArea' | 'complexRemoteArea';

/** Everything needed to read back, in an audit, how a due date was computed. */
export interface DeadlineBasis {
  ruleId: string;
  citation: string;
  unit: PeriodUnit;
  variant: LengthVariant;
  /** Length of the period by the rule, before extensions. */
  baseLength: number;
  /** Units added by extensions so far. */
  extendedBy: number;
  /** Units already used before `startedOn` (earlier segments, before a suspension). */
  consumed: number;
  /** Units counted from `startedOn` to the due date: baseLength + extendedBy - consumed. */
  length: number;
  onResume: 'remaining' | 'restart';
  rolledForward: boolean;
  provisional: boolean;
}

export interface DeadlineSet {
  type: 'DeadlineSet';
  data: {
    caseId: string;
    clock: string;
    /** Why it was (re)set. */
    cause: 'started' | 'resumed' | 'complexity-determined';
    startedOn: LocalDate;
    dueDate: LocalDate;
    /** End of the due date (24:00 Asia/Ho_Chi_Minh) in UTC. */
    dueAt: string;
    basis: DeadlineBasis;
    /**
     * Set on a resumption (cause `resumed`) when the period had already run out before the suspension: the due
     * date stays the one that passed, and the miss and the escalation level recorded for it carry on.
     */
    overdue?: OverdueCarriedOver;
  };
}
/** What a clock resumed after its due date keeps of the steps already done for that due date. */
export interface OverdueCarriedOver {
  /** DeadlineMissed was recorded before the suspension (if not, the deadline workers record it now). */
  missed: boolean;
  /** Highest escalation level reached (0 = none); the next escalation goes one level up. */
  escalationLevel: number;
}
export interface DeadlineExtended {
  type: 'DeadlineExtended';
  data: {
    caseId: string;
    clock: string;
    extendedAt: string;
    /** 1 for the first extension, 2 for the second. */
    extension: number;
    previousDueDate: LocalDate;
    dueDate: LocalDate;
    dueAt: string;
    basis: DeadlineBasis;
    reason: string;
  } & DocumentFields;
}
export interface DeadlineStopped {
  type: 'DeadlineStopped';
  data: {
    caseId: string;
    clock: string;
    stoppedOn: LocalDate;
    /** The event that stopped the clock. */
    stoppedBy: string;
    dueDate: LocalDate;
    /** Stopped on or before its due date. */
    metDeadline: boolean;
  };
}

export interface DeadlineReminderSent {
  type: 'DeadlineReminderSent';
  data: {
    caseId: string;
    clock: string;
    dueDate: LocalDate;
    workingDaysBefore: number;
    sentAt: string;
    /** Roles told, in the case's department: the assigned inspector's role first. */
    notify: Role[];
    inspectorId?: string;
  };
}
export interface DeadlineMissed {
  type: 'DeadlineMissed';
  data: { caseId: string; clock: string; dueDate: LocalDate; missedAt: string };
}
export interface CaseEscalated {
  type: 'CaseEscalated';
  data: {
    caseId: string;
    escalatedAt: string;
    reason: 'overdue' | 'stalled';
    /** 1 for the first escalation, then one more for each repeat. */
    level: number;
    /** The role of the workflow's escalation chain told at this level. */
    to: Role;
    clock?: string;
    dueDate?: LocalDate;
    stage?: string;
    /** For a stalled case: the date of its last act. */
    since?: LocalDate;
  };
}

export type CaseEvent =
  | CaseFiled
  | CaseAccepted
  | CaseRejected
  | CaseForwarded
  | InspectorAssigned
  | VerificationStarted
  | VerificationReported
  | DialogueHeld
  | DecisionDrafted
  | DecisionIssued
  | DecisionSent
  | ConclusionHandled
  | ConclusionPublished
  | CitizenAnswered
  | CaseWithdrawn
  | CaseSuspended
  | CaseResumed
  | CaseTerminated
  | CaseReviewed
  | CaseClosed
  | ComplexityDetermined
  | DeadlineSet
  | DeadlineExtended
  | DeadlineStopped
  | DeadlineReminderSent
  | DeadlineMissed
  | CaseEscalated
  | DonAttached;

export type CaseEventType = CaseEvent['type'];

/** Current schema version of every event type; bump it and add an upcaster when a shape changes. */
export const EVENT_SCHEMA_VERSIONS: Record<CaseEventType, number> = {
  CaseFiled: 2,
  CaseAccepted: 1,
  CaseRejected: 1,
  CaseForwarded: 1,
  InspectorAssigned: 1,
  VerificationStarted: 1,
  VerificationReported: 1,
  DialogueHeld: 1,
  DecisionDrafted: 1,
  DecisionIssued: 1,
  DecisionSent: 1,
  ConclusionHandled: 1,
  ConclusionPublished: 1,
  CitizenAnswered: 1,
  CaseWithdrawn: 1,
  CaseSuspended: 1,
  CaseResumed: 1,
  CaseTerminated: 1,
  CaseReviewed: 1,
  CaseClosed: 1,
  ComplexityDetermined: 1,
  DeadlineSet: 1,
  DeadlineExtended: 1,
  DeadlineStopped: 1,
  DeadlineReminderSent: 1,
  DeadlineMissed: 1,
  CaseEscalated: 1,
  DonAttached: 1,
};

export const CASE_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as CaseEventType[];

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSIONS, type);
}
