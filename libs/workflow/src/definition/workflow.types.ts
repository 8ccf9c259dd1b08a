import type { LocalDate } from '../calendar/local-date';
import type { PeriodUnit } from '../calendar/working-calendar';

/**
 * Who acts. `system` is the deadline workers; `importer` replays historical registers; `admin` operates the
 * deadline queues and reads no case.
 */
export const ROLES = ['intake', 'inspector', 'head', 'director', 'ubnd', 'supervisor', 'system', 'importer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CASE_FAMILIES = ['complaint', 'denunciation', 'petition'] as const;
export type CaseFamily = (typeof CASE_FAMILIES)[number];

/** The commands a workflow may allow. Their payloads and events are defined in @kntc/domain. */
export const CASE_COMMAND_TYPES = [
  'FileCase',
  'AcceptCase',
  'RejectCase',
  'ForwardCase',
  'AssignInspector',
  'StartVerification',
  'ReportVerification',
  'RecordDialogue',
  'DraftDecision',
  'IssueDecision',
  'SendDecision',
  'RecordHandling',
  'PublishConclusion',
  'AnswerCitizen',
  'WithdrawCase',
  'SuspendCase',
  'ResumeCase',
  'TerminateCase',
  'ReviewCase',
  'DetermineComplexity',
  'ExtendDeadline',
  'CloseCase',
] as const;
export type CaseCommandType = (typeof CASE_COMMAND_TYPES)[number];

/** Events a clock may start or stop on. */
export const CLOCK_EVENT_TYPES = [
  'CaseFiled',
  'CaseAccepted',
  'CaseRejected',
  'CaseForwarded',
  'VerificationStarted',
  'VerificationReported',
  'DecisionIssued',
  'DecisionSent',
  'ConclusionHandled',
  'ConclusionPublished',
  'CitizenAnswered',
  'CaseWithdrawn',
  'CaseTerminated',
  'CaseClosed',
] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

export interface StageDefinition {
  /** Vietnamese label shown to users. */
  label: string;
  /** No further work is expected (closed, rejected, forwarded, withdrawn, ...). */
  final?: boolean;
}

export interface CommandRule {
  label: string;
  /** Stages in which the command is allowed. */
  from: string[];
  /** Stage after the command; omitted = the stage does not change. */
  to?: string;
  roles: Role[];
  /**
   * First day (inclusive) on which the law provides for the act, e.g. complaint suspension from 2026-07-01
   * (NĐ 155/2026). An act dated earlier is refused (`command-not-in-force`). Omitted = no lower bound.
   */
  validFrom?: LocalDate;
  /** Last day (inclusive) on which the act is possible; omitted = still in force. */
  validTo?: LocalDate;
  /** The legal source of validFrom / validTo; required when either is given. */
  citation?: string;
}

/** Is the command in force on `on` (an act's business date)? */
export function commandInForce(rule: Pick<CommandRule, 'validFrom' | 'validTo'>, on: LocalDate): boolean {
  return (rule.validFrom === undefined || rule.validFrom <= on) && (rule.validTo === undefined || on <= rule.validTo);
}

/** Period lengths by case variant; a variant left out falls back to `default`. */
export interface ClockLength {
  default: number;
  complex?: number;
  remoteArea?: number;
  complexRemoteArea?: number;
}

export interface ClockExtension {
  /** Added to the period by each extension, in the clock's unit. */
  length: number;
  /** How many extensions are allowed, by complexity of the case. */
  max: { default: number; complex?: number; especiallyComplex?: number };
}

/** One legal regime of a clock; the regime is chosen by the date of the event that starts the clock. */
export interface ClockRule {
  id: string;
  /** The legal source, e.g. "Luật Tố cáo 2018, Điều 30". */
  citation: string;
  validFrom: LocalDate;
  validTo?: LocalDate;
  unit: PeriodUnit;
  length: ClockLength;
  extension?: ClockExtension;
  /**
   * After a suspension: `remaining` = the unused time continues (Luật Tố cáo art. 34(2));
   * `restart` = a full period runs again from the resumption (NĐ 155/2026, new art. 28b(2) of NĐ 124/2020).
   */
  onResume: 'remaining' | 'restart';
}

/**
 * A span of dates on which the law sets no period for the clock, e.g. a kiến nghị received before Luật Tiếp công
 * dân 2013 took effect: a clock starting in it is not set. Its citation says why there is no period.
 */
export interface NoClockRule {
  id: string;
  citation: string;
  validFrom: LocalDate;
  validTo?: LocalDate;
  noClock: true;
}

/** One entry of a clock's regimes: a period, or a span with no period. */
export type ClockRuleEntry = ClockRule | NoClockRule;

export function isNoClockRule(rule: ClockRuleEntry): rule is NoClockRule {
  return 'noClock' in rule;
}

/** The entry in force on `on` (the date of the event that starts the clock); undefined where no rule covers it. */
export function clockRuleOn(definition: Pick<ClockDefinition, 'rules'>, on: LocalDate): ClockRuleEntry | undefined {
  return definition.rules.find((r) => r.validFrom <= on && (r.validTo === undefined || on <= r.validTo));
}

export interface ClockDefinition {
  label: string;
  startsOn: ClockEventType;
  stopsOn: ClockEventType[];
  rules: ClockRuleEntry[];
  /** Working days before the due date at which a reminder is sent (0 = on the due date). */
  remindBefore: number[];
}

export interface EscalationPolicy {
  /** Who is told, in order, while a clock stays overdue or a case stalls. */
  chain: Role[];
  /** Working days between successive escalations of the same overdue clock. */
  repeatEvery: number;
}

export interface StallRule {
  stage: string;
  /** A case with no progress for this many working days in `stage` is flagged as stalled. */
  workingDays: number;
  label: string;
}

export interface WorkflowDefinition {
  /** The case kind, e.g. `complaint-first`. */
  id: string;
  version: number;
  name: string;
  family: CaseFamily;
  /** The stage a case enters when it is filed. */
  initialStage: string;
  stages: Record<string, StageDefinition>;
  commands: Partial<Record<CaseCommandType, CommandRule>>;
  clocks: Record<string, ClockDefinition>;
  escalation: EscalationPolicy;
  stalls: StallRule[];
}
