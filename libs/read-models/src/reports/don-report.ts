import { evolveDon, RECEPTION_KINDS, type DonContent, type DonEvent, type DonState, type ReceptionKind } from '@kntc/domain';
import { addDays, vnDateOf, type LocalDate } from '@kntc/workflow';
import type { DonFacts } from '../report-facts/don-facts';
import type { ReceptionFacts } from '../report-facts/reception-facts';

/**
 * Reception and đơn-processing figures of a department report (TT 01/2024/TT-TTCP column families, docs/domain.md "Reports";
 * the exact columns of the official forms are unconfirmed there). Terms as in department-report.types.ts: an event
 * exists for a report as of D when it was recorded (metadata.occurredOn) on or before D; *end of the period* is the
 * end of `to`, or of `asOf` when earlier.
 */
export interface ReceptionFigures {
  /** Sessions held (their register opened) with a date in the period, by kind. */
  sessions: ReceptionCounts;
  /** Visits (lượt tiếp) dated in the period, by the kind of their session. */
  visits: ReceptionCounts;
  /** Citizens received at those visits. */
  citizens: ReceptionCounts;
  /** Visits of a delegation (đoàn đông người, Luật TCD art. 29–30). */
  delegations: ReceptionCounts;
  /** Visits at which a đơn was received, and the others (explained, guided, forwarded, refused, answered). */
  visitsWithDon: ReceptionCounts;
  visitsWithoutDon: ReceptionCounts;
  /**
   * Matters (vụ việc) raised: visits of one matter in the period count once (a visit with no matter is one of its
   * own), counted where the matter was first raised in the period; new or repeated as that visit was recorded.
   */
  mattersNew: ReceptionCounts;
  mattersRepeated: ReceptionCounts;
}

/** One cell per kind of session (regular, leader's periodic, leader's ad hoc, online) and their sum. */
export interface ReceptionCounts {
  byKind: Record<ReceptionKind, number>;
  total: number;
}

/** Đơn counted by signers: one signer, several, anonymous (nặc danh). */
export interface SignerCounts {
  one: number;
  several: number;
  anonymous: number;
  total: number;
}

export interface DonProcessingFigures {
  /** Received before `from` and not processed before it (đơn kỳ trước chuyển sang). */
  carriedOver: SignerCounts;
  /** `receivedOn` in the period. */
  received: SignerCounts;
  /** carriedOver + received. */
  total: SignerCounts;
  /** Of `total`, the first outcome (accepted, attached, guided, forwarded, urged, split, archived) dated by the end of the period. */
  processed: number;
  /** Of `total`, classified as qualifying (đủ điều kiện xử lý, TT 05/2021 art. 6(2)) by the end of the period (last classification). */
  qualifying: number;
  /** Of `qualifying`, by content (TT 05/2021 art. 6(1)). */
  byContent: Record<DonContent, number>;
  /** Of `processed`, classified within the department's competence. */
  withinCompetence: number;
  /** Of `processed`, classified outside it, with the outcome given. */
  outsideCompetence: { total: number; guided: number; forwarded: number; urged: number };
  /** Of `processed`, by outcome. */
  outcomes: { acceptedIntoCase: number; attached: number; guided: number; forwarded: number; urged: number; splitRequested: number; archived: number };
  /** Of `total`, registered as a repeat of an earlier đơn or case, or attached to one (đơn trùng, lặp lại). */
  repeated: number;
  /** Of `total`, no outcome by the end of the period (total − processed). */
  awaitingProcessing: number;
}

export interface DonReportWindow {
  from: LocalDate;
  to: LocalDate;
  asOf: LocalDate;
}

const zeroReception = (): ReceptionCounts => ({ byKind: Object.fromEntries(RECEPTION_KINDS.map((k) => [k, 0])) as Record<ReceptionKind, number>, total: 0 });
const zeroSigners = (): SignerCounts => ({ one: 0, several: 0, anonymous: 0, total: 0 });

/** Reception figures from the sessions of a department; pure. */
export function receptionFigures(sessions: Iterable<ReceptionFacts>, window: DonReportWindow): ReceptionFigures {
  const end = window.asOf < window.to ? window.asOf : window.to;
  const figures: ReceptionFigures = {
    sessions: zeroReception(),
    visits: zeroReception(),
    citizens: zeroReception(),
    delegations: zeroReception(),
    visitsWithDon: zeroReception(),
    visitsWithoutDon: zeroReception(),
    mattersNew: zeroReception(),
    mattersRepeated: zeroReception(),
  };
  const add = (counts: ReceptionCounts, kind: ReceptionKind, n = 1): void => {
    counts.byKind[kind] += n;
    counts.total += n;
  };
  const visits: { kind: ReceptionKind; visit: ReceptionFacts['visits'][number] }[] = [];
  for (const session of sessions) {
    if (session.openedOn > window.asOf) continue;
    if (session.date >= window.from && session.date <= end) add(figures.sessions, session.kind);
    for (const visit of session.visits) {
      if (visit.recordedOn <= window.asOf && visit.on >= window.from && visit.on <= end) visits.push({ kind: session.kind, visit });
    }
  }
  // The first visit of a matter in the period (by day, then visit number) is where it counts.
  visits.sort((a, b) => a.visit.on.localeCompare(b.visit.on) || a.visit.no - b.visit.no);
  const matters = new Set<string>();
  for (const { kind, visit } of visits) {
    add(figures.visits, kind);
    add(figures.citizens, kind, visit.citizens);
    if (visit.delegation) add(figures.delegations, kind);
    add(visit.outcome === 'don-received' ? figures.visitsWithDon : figures.visitsWithoutDon, kind);
    if (visit.matterId !== undefined) {
      if (matters.has(visit.matterId)) continue;
      matters.add(visit.matterId);
    }
    add(visit.repeated ? figures.mattersRepeated : figures.mattersNew, kind);
  }
  return figures;
}

/** Đơn-processing figures from the đơn of a department, each folded by the domain's evolveDon as of the report's day; pure. */
export function donProcessingFigures(dons: Iterable<DonFacts>, window: DonReportWindow): DonProcessingFigures {
  const end = window.asOf < window.to ? window.asOf : window.to;
  const dayBefore = addDays(window.from, -1);
  const figures: DonProcessingFigures = {
    carriedOver: zeroSigners(),
    received: zeroSigners(),
    total: zeroSigners(),
    processed: 0,
    qualifying: 0,
    byContent: { complaint: 0, denunciation: 0, petition: 0, several: 0 },
    withinCompetence: 0,
    outsideCompetence: { total: 0, guided: 0, forwarded: 0, urged: 0 },
    outcomes: { acceptedIntoCase: 0, attached: 0, guided: 0, forwarded: 0, urged: 0, splitRequested: 0, archived: 0 },
    repeated: 0,
    awaitingProcessing: 0,
  };
  for (const facts of dons) {
    let state: DonState = { status: 'none' };
    let repeated = false;
    for (const { event, recordedOn } of facts.events) {
      // The đơn as it stood at the end of the period: acts recorded by asOf and dated by the end.
      if (recordedOn > window.asOf || actDateOf(event) > end) continue;
      state = evolveDon(state, event);
      if ((event.type === 'DonRegistered' && event.data.repeatOf !== undefined) || event.type === 'DonAttachedToCase' || event.type === 'DonAttachedToDon') repeated = true;
    }
    if (state.status === 'none' || state.receivedOn > end) continue;
    const outcomeOn = state.status === 'processed' ? state.outcome.on : undefined;
    let cell: SignerCounts;
    if (state.receivedOn >= window.from) cell = figures.received;
    else if (outcomeOn === undefined || outcomeOn > dayBefore) cell = figures.carriedOver;
    else continue;
    for (const counts of [cell, figures.total]) {
      if (state.anonymous) counts.anonymous++;
      else if (state.signers > 1) counts.several++;
      else counts.one++;
      counts.total++;
    }
    if (repeated) figures.repeated++;
    const classification = state.classification;
    if (classification?.qualifying) {
      figures.qualifying++;
      figures.byContent[classification.content]++;
    }
    if (state.status !== 'processed' || outcomeOn === undefined) {
      figures.awaitingProcessing++;
      continue;
    }
    figures.processed++;
    const outcome = state.outcome.type;
    const key = OUTCOME_CELLS[outcome];
    if (key !== undefined) figures.outcomes[key]++;
    if (classification?.competence === 'within') figures.withinCompetence++;
    if (classification?.competence === 'outside') {
      figures.outsideCompetence.total++;
      if (outcome === 'CitizenGuided') figures.outsideCompetence.guided++;
      if (outcome === 'DonForwarded') figures.outsideCompetence.forwarded++;
      if (outcome === 'LowerLevelUrged') figures.outsideCompetence.urged++;
    }
  }
  return figures;
}

/** The day the law counts a đơn act from: the receipt for a registration, the document's date, else the day it was done. */
function actDateOf(event: DonEvent): LocalDate {
  if (event.type === 'DonRegistered') return event.data.receivedOn;
  const documentDate = (event.data as { documentDate?: LocalDate }).documentDate;
  return documentDate ?? vnDateOf(event.data.at);
}

const OUTCOME_CELLS: Partial<Record<string, keyof DonProcessingFigures['outcomes']>> = {
  DonAcceptedIntoCase: 'acceptedIntoCase',
  DonAttachedToCase: 'attached',
  DonAttachedToDon: 'attached',
  CitizenGuided: 'guided',
  DonForwarded: 'forwarded',
  LowerLevelUrged: 'urged',
  DonSplitRequested: 'splitRequested',
  DonArchived: 'archived',
};
