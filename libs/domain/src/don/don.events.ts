import type { LocalDate } from '@kntc/workflow';
import type { DeadlineBasis } from '../case/case.events';
import type { Party } from '../case/case.values';

/** How a đơn reached the body (TT 05/2021/TT-TTCP; Luật Tiếp công dân 2013). */
export const DON_SOURCE_KINDS = ['post', 'reception', 'online', 'referral', 'box'] as const;
export type DonSourceKind = (typeof DON_SOURCE_KINDS)[number];

/** Classification by content, judged from what the đơn asks, not its title (TT 05/2021 art. 6(1)). */
export const DON_CONTENTS = ['complaint', 'denunciation', 'petition', 'several'] as const;
export type DonContent = (typeof DON_CONTENTS)[number];

/** A body that referred the đơn (National Assembly deputies, HĐND, Fatherland Front, the press…) and its letter. */
export interface DonReferrer {
  body: string;
  documentNo: string;
  documentDate: LocalDate;
}

export interface DonSource {
  kind: DonSourceKind;
  /** The reception session and visit the đơn was received at (kind `reception`). */
  receptionId?: string;
  visitNo?: number;
  /** Kind `referral`: who referred it; the answer to them is due 7 working days after resolution (Luật TCD art. 27(2)). */
  referrer?: DonReferrer;
}

/** Province and commune codes of the two-tier units in force from 01/07/2025. */
export interface Locality {
  province: string;
  commune?: string;
}

/** The earlier đơn or case this one repeats (the officer attached it at registration). */
export interface DonRepeatOf {
  donId?: string;
  caseId?: string;
}

export interface DonRegistered {
  type: 'DonRegistered';
  data: {
    donId: string;
    department: string;
    /** The matter (dispute) the đơn belongs to: a new one, or the one of the đơn or case it repeats. */
    matterId: string;
    repeatOf?: DonRepeatOf;
    source: DonSource;
    receivedOn: LocalDate;
    registeredAt: string;
    /** How many people signed (0 for an anonymous đơn). */
    signers: number;
    anonymous: boolean;
    /** Protected exactly like a filing's parties: a denouncer's identity is sealed before the store sees it. */
    parties: Party[];
    /** Keyed hash of the first signer's identity (never a name): finds repeats and guards "guide once". */
    citizenKey?: string;
    /** Who or what the đơn is about (the body or official complained of or denounced). */
    respondent?: string;
    subject: string;
    content: string;
    locality?: Locality;
    /** Lĩnh vực: đất đai, bồi thường–tái định cư, môi trường, … */
    field?: string;
    project?: string;
    /** The processing rule in force on `receivedOn` (DON_PROCESSING_RULES), and its doubt is in that rule's data. */
    processingRule: string;
    /** Last day to process the đơn; absent for a đơn received in a span with no limit (before TT 05/2021). */
    processingDueOn?: LocalDate;
    processingDueAt?: string;
    processingBasis?: DeadlineBasis;
  };
}

/** Fields of every act on a đơn after its registration: when (UTC) and, where the law names one, its document. */
interface DonAct {
  donId: string;
  at: string;
}
interface DonDocument {
  documentNo: string;
  documentDate: LocalDate;
}

export interface DonClassified {
  type: 'DonClassified';
  data: DonAct & {
    content: DonContent;
    /** Đủ điều kiện xử lý (TT 05/2021 art. 6(2)). */
    qualifying: boolean;
    notQualifyingReason?: string;
    competence: 'within' | 'outside';
    /** The competent body when outside the department's competence. */
    competentBody?: string;
  };
}
export interface DonAcceptedIntoCase {
  type: 'DonAcceptedIntoCase';
  data: DonAct & { caseId: string; kind: string; acceptedAt: string; matterId: string };
}
export interface DonAttachedToCase {
  type: 'DonAttachedToCase';
  data: DonAct & { caseId: string; matterId: string };
}
/** A repeat of an earlier đơn: it joins that đơn's matter. */
export interface DonAttachedToDon {
  type: 'DonAttachedToDon';
  data: DonAct & { toDonId: string; matterId: string };
}
/** Hướng dẫn (Mẫu 02, TT 05/2021): given once per citizen and content. */
export interface CitizenGuided {
  type: 'CitizenGuided';
  data: DonAct & DonDocument & { toBody?: string; content: DonContent };
}
/** Chuyển đơn (Mẫu 03, TT 05/2021 art. 14(1)): once per content. */
export interface DonForwarded {
  type: 'DonForwarded';
  data: DonAct & DonDocument & { toBody: string; content: DonContent };
}
/** Đôn đốc a lower level that is overdue (TT 05/2021 art. 14(2); Luật TCD art. 26(1)(b)). */
export interface LowerLevelUrged {
  type: 'LowerLevelUrged';
  data: DonAct & DonDocument & { body: string };
}
/** A đơn of several contents: the citizen is asked to file one đơn per content (Luật TCD art. 25(3)). */
export interface DonSplitRequested {
  type: 'DonSplitRequested';
  data: DonAct & { documentNo?: string; documentDate: LocalDate };
}
/** Lưu đơn with its ground (TT 05/2021 art. 28). */
export interface DonArchived {
  type: 'DonArchived';
  data: DonAct & { ground: string; documentNo?: string; documentDate: LocalDate };
}
/** The referrer told the result (Luật TCD art. 27(2)): due 7 working days after the matter was resolved. */
export interface ReferrerAnswered {
  type: 'ReferrerAnswered';
  data: DonAct & DonDocument & { resolvedOn: LocalDate; dueOn: LocalDate; late: boolean; rule: string };
}

export type DonEvent =
  | DonRegistered
  | DonClassified
  | DonAcceptedIntoCase
  | DonAttachedToCase
  | DonAttachedToDon
  | CitizenGuided
  | DonForwarded
  | LowerLevelUrged
  | DonSplitRequested
  | DonArchived
  | ReferrerAnswered;

export type DonEventType = DonEvent['type'];

export const DON_EVENT_SCHEMA_VERSIONS: Record<DonEventType, number> = {
  DonRegistered: 1,
  DonClassified: 1,
  DonAcceptedIntoCase: 1,
  DonAttachedToCase: 1,
  DonAttachedToDon: 1,
  CitizenGuided: 1,
  DonForwarded: 1,
  LowerLevelUrged: 1,
  DonSplitRequested: 1,
  DonArchived: 1,
  ReferrerAnswered: 1,
};

export function isDonEventType(type: string): type is DonEventType {
  return Object.hasOwn(DON_EVENT_SCHEMA_VERSIONS, type);
}
