import type { ReceiptChannel } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import type { DonProcessingFigures, ReceptionFigures } from './don-report';

/**
 * The department report (TT 01/2024/TT-TTCP column families; docs/domain.md "Reports").
 * Every figure is a count of cases (one đơn = one case) or of acts, computed from the event store alone.
 *
 * Terms used by the cell definitions below:
 * - *The department's cases*: case streams whose `CaseFiled` names the department.
 * - *Recorded by asOf*: a case's events in stream order, up to (not including) the first one whose business
 *   day `metadata.occurredOn` (the day, in Vietnam, the act was done, or the day an imported register records it)
 *   is after `asOf`. A case whose filing was recorded after `asOf` does not exist for the report. Nothing
 *   else (store position, import date) matters, so the same request gives the same figures every time,
 *   unless acts dated on or before `asOf` are imported later.
 * - *Act date*: the day the law counts an act from, as the decider sets it: the receipt date (`receivedOn`)
 *   for a filing; otherwise the date of the act's document (`documentDate`) when given, else its business
 *   day. Clock events (`DeadlineSet`, `DeadlineStopped`) take the date of the act that caused them.
 * - *In the period*: act date from `from` to `to`, both included.
 * - *End of the period*: the end of `to`, or of `asOf` when that is earlier (an interim report shows the
 *   cases as they stood on `asOf`, not what they would become by `to`).
 * - *State at the end of day D*: the case folded (the domain's `evolve`) over its recorded events with an act
 *   date on or before D; *at the start of the period* = at the end of the day before `from`.
 * - *Final*: a stage marked `final` in the case's workflow (rejected, forwarded, withdrawn, terminated,
 *   answered, closed, reviewed ...). A case in a final stage is *ended*; otherwise it is *open*.
 * - *Processing act* (xử lý đơn): a case's first `CaseAccepted`, `CaseRejected`, `CaseForwarded`,
 *   `CitizenAnswered`, or `CaseWithdrawn` without `continueGround`.
 * - *Settlement act* (giải quyết xong): the first act after `CaseAccepted` among `DecisionIssued`,
 *   `CitizenAnswered`, `CaseForwarded`, `CaseTerminated`, and `CaseWithdrawn` without `continueGround`.
 * - *Compliance clock*: the statutory clock of the kind that measures resolution: `resolution` (complaints,
 *   denunciations: Luật Khiếu nại art. 28, 37; Luật Tố cáo art. 30), else `reply` (petitions: Luật Tiếp công
 *   dân art. 28(1)).
 */
export interface DepartmentReport {
  department: string;
  period: { name: string | null; from: LocalDate; to: LocalDate };
  asOf: LocalDate;
  /** The column order: every loaded case kind, sorted. */
  kinds: ReportKind[];
  caseload: CaseloadFigures;
  intake: IntakeFigures;
  competence: CompetenceFigures;
  /** Cases of `caseload.total` by their stage at the end of the period, per kind, in workflow order (zeros kept). */
  stages: Record<string, StageCount[]>;
  outcomes: OutcomeFigures;
  deadlines: DeadlineFigures;
  /** Tiếp công dân: sessions held and visits in the period (don-report.ts); absent from a report of cases only. */
  reception?: ReceptionFigures;
  /** Xử lý đơn: every đơn registered, whatever became of it (don-report.ts); absent from a report of cases only. */
  dons?: DonProcessingFigures;
}

export interface ReportKind {
  kind: string;
  /** Vietnamese name of the workflow, e.g. "Khiếu nại lần đầu". */
  name: string;
  /** The compliance clock of the kind, or null when its workflow has none. */
  complianceClock: string | null;
}

/** One cell per case kind, and their sum. */
export interface Counts {
  byKind: Record<string, number>;
  total: number;
}

/** Tổng hợp: the cases the department worked on during the period. */
export interface CaseloadFigures {
  /** Kỳ trước chuyển sang: received before `from` and open at the start of the period. */
  carriedOver: Counts;
  /** Tiếp nhận trong kỳ: `receivedOn` in the period. */
  received: Counts;
  /** carriedOver + received. */
  total: Counts;
  /** Of `total`, in a final stage at the end of the period. */
  ended: Counts;
  /** Of `total`, open at the end of the period (total − ended). */
  open: Counts;
}

/** Tiếp nhận, xử lý đơn. */
export interface IntakeFigures {
  /** `caseload.received` split by the channel recorded at filing. */
  receivedByChannel: Record<ReceiptChannel, Counts>;
  /** Cases whose processing act is in the period, by that act. */
  processed: {
    /** CaseAccepted: thụ lý (tiếp nhận xử lý for a petition). */
    accepted: Counts;
    /** CaseRejected: không thụ lý, the đơn returned. */
    rejected: Counts;
    /** CaseForwarded: chuyển đơn to the competent body. */
    forwarded: Counts;
    /** CitizenAnswered without acceptance (a petition answered directly). */
    answered: Counts;
    /** CaseWithdrawn before any processing. */
    withdrawn: Counts;
    total: Counts;
  };
  /** Chưa xử lý: received by the end of the period with no processing act by then. */
  awaitingProcessing: Counts;
}

/** Vụ việc thuộc thẩm quyền: cases accepted (thụ lý) by the department. */
export interface CompetenceFigures {
  /** Accepted before `from`, and no settlement act before `from`. */
  carriedOver: Counts;
  /** `CaseAccepted` in the period. */
  accepted: Counts;
  /** carriedOver + accepted. */
  total: Counts;
  /** Of `total`, cases whose settlement act is dated by the end of the period, by that act. */
  settled: {
    /** DecisionIssued: decision (complaints) or conclusion (denunciations) issued. */
    decided: Counts;
    /** CitizenAnswered after acceptance (petitions). */
    answered: Counts;
    /** CaseForwarded after acceptance (petitions). */
    forwarded: Counts;
    /** CaseWithdrawn without continueGround: rút đơn. */
    withdrawn: Counts;
    /** CaseTerminated: đình chỉ giải quyết. */
    terminated: Counts;
    total: Counts;
  };
  /** Of `total`, no settlement act by the end of the period (total − settled.total). */
  unsettled: Counts;
}

export interface StageCount {
  stage: string;
  /** The workflow's Vietnamese label. */
  label: string;
  final: boolean;
  count: number;
}

/** Kết quả giải quyết: acts in the period, over all the department's cases. */
export interface OutcomeFigures {
  /** `DecisionIssued` in the period by its `finding` (đúng, đúng một phần, sai). */
  decisions: { right: Counts; partlyRight: Counts; wrong: Counts; total: Counts };
  /** `CitizenAnswered` in the period (with or without acceptance). */
  answered: Counts;
  /** `CaseWithdrawn` without `continueGround` in the period, at any stage. */
  withdrawn: Counts;
  /** `CaseTerminated` in the period. */
  terminated: Counts;
  /** `CaseReviewed` in the period (kiểm tra, xem xét lại after a final decision). */
  reviewed: Counts;
}

/** Thực hiện thời hạn giải quyết: the compliance clock of each case. */
export interface DeadlineFigures {
  /** The compliance clock stopped in the period by `DecisionIssued` or `CitizenAnswered`, on or before its due date. */
  resolvedOnTime: Counts;
  /** As resolvedOnTime, after its due date. */
  resolvedLate: Counts;
  /**
   * The compliance clock stopped in the period by any act other than a resolution or a forwarding: with the
   * shipped workflows, `CaseWithdrawn` (without continueGround) or `CaseTerminated`.
   */
  withdrawnOrTerminated: Counts;
  /** Cases with a `CaseForwarded` or `CaseRejected` (returned) in the period, whether or not the clock had started. */
  forwardedOrReturned: Counts;
  /** At the end of the period: the compliance clock running, due date after the period's last day. */
  notYetDue: Counts;
  /** At the end of the period: the compliance clock running, due date on or before its last day (due and unresolved). */
  overdue: Counts;
  /** At the end of the period: the compliance clock paused by a suspension (its due date is set again on resumption). */
  paused: Counts;
}
