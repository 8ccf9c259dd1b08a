import type { DonContent, ReceptionKind } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';

/**
 * A test's plain record of the front door it drove (sessions, visits, đơn and their acts, each with the day it was
 * done), and the reception and đơn-processing figures counted from that record alone: no event, read model or
 * engine code is read. Definitions: libs/read-models/src/reports/don-report.ts (TT 01/2024 column families,
 * docs/domain.md "Reports"). Every act is recorded on the day it is dated, so "recorded by asOf" is "dated by asOf".
 */
export type DonOutcome = 'accepted' | 'attached-to-case' | 'attached-to-don' | 'guided' | 'forwarded' | 'urged' | 'split-requested' | 'archived';

export interface SessionEntry {
  kind: ReceptionKind;
  date: LocalDate;
}

export interface VisitEntry {
  kind: ReceptionKind;
  on: LocalDate;
  /** Its number in the session; with `on`, the order in which a matter is first raised. */
  no: number;
  citizens: number;
  delegation: boolean;
  withDon: boolean;
  matterId?: string;
  repeated: boolean;
}

export interface DonEntry {
  donId: string;
  receivedOn: LocalDate;
  signers: number;
  anonymous: boolean;
  repeatOnRegistration: boolean;
  classifications: Array<{ on: LocalDate; content: DonContent; qualifying: boolean; competence: 'within' | 'outside' }>;
  /** The first outcome only: later acts (an answer to the referrer, a second urging) change no figure. */
  outcome?: { type: DonOutcome; on: LocalDate };
}

export interface FrontDoorRecord {
  sessions: SessionEntry[];
  visits: VisitEntry[];
  dons: DonEntry[];
}

export interface QuarterWindow {
  from: LocalDate;
  to: LocalDate;
  asOf: LocalDate;
}

const KINDS: ReceptionKind[] = ['regular', 'leader-periodic', 'leader-adhoc', 'online'];
const CONTENTS: DonContent[] = ['complaint', 'denunciation', 'petition', 'several'];

function perKind<T>(items: T[], kindOf: (item: T) => ReceptionKind, weight: (item: T) => number = () => 1) {
  const byKind = {} as Record<ReceptionKind, number>;
  for (const kind of KINDS) byKind[kind] = 0;
  let total = 0;
  for (const item of items) {
    byKind[kindOf(item)] += weight(item);
    total += weight(item);
  }
  return { byKind, total };
}

/** The reception figures (row VII) the record gives for a window. */
export function countReception(record: FrontDoorRecord, window: QuarterWindow) {
  const last = window.to < window.asOf ? window.to : window.asOf;
  const within = (day: LocalDate) => window.from <= day && day <= last;
  const held = record.sessions.filter((s) => within(s.date));
  const seen = record.visits.filter((v) => within(v.on));
  // A matter raised at several visits counts at the earliest of them; a visit without a matter is a matter of its own.
  const ordered = [...seen].sort((a, b) => (a.on === b.on ? a.no - b.no : a.on < b.on ? -1 : 1));
  const raised = new Set<string>();
  const firstRaised: VisitEntry[] = [];
  for (const visit of ordered) {
    if (visit.matterId !== undefined && raised.has(visit.matterId)) continue;
    if (visit.matterId !== undefined) raised.add(visit.matterId);
    firstRaised.push(visit);
  }
  const kind = (v: { kind: ReceptionKind }) => v.kind;
  return {
    sessions: perKind(held, kind),
    visits: perKind(seen, kind),
    citizens: perKind(seen, kind, (v) => v.citizens),
    delegations: perKind(
      seen.filter((v) => v.delegation),
      kind,
    ),
    visitsWithDon: perKind(
      seen.filter((v) => v.withDon),
      kind,
    ),
    visitsWithoutDon: perKind(
      seen.filter((v) => !v.withDon),
      kind,
    ),
    mattersNew: perKind(
      firstRaised.filter((v) => !v.repeated),
      kind,
    ),
    mattersRepeated: perKind(
      firstRaised.filter((v) => v.repeated),
      kind,
    ),
  };
}

/** The đơn-processing figures (row VIII) the record gives for a window. */
export function countDons(record: FrontDoorRecord, window: QuarterWindow) {
  const last = window.to < window.asOf ? window.to : window.asOf;
  const known = (day: LocalDate) => day <= last;
  const signerCells = () => ({ one: 0, several: 0, anonymous: 0, total: 0 });
  const carriedOver = signerCells();
  const received = signerCells();
  const total = signerCells();
  const outcomes = { acceptedIntoCase: 0, attached: 0, guided: 0, forwarded: 0, urged: 0, splitRequested: 0, archived: 0 };
  const byContent = Object.fromEntries(CONTENTS.map((c) => [c, 0])) as Record<DonContent, number>;
  const outsideCompetence = { total: 0, guided: 0, forwarded: 0, urged: 0 };
  let processed = 0;
  let qualifying = 0;
  let withinCompetence = 0;
  let repeated = 0;
  for (const don of record.dons) {
    if (!known(don.receivedOn)) continue;
    const outcome = don.outcome !== undefined && known(don.outcome.on) ? don.outcome : undefined;
    // Received before the window: counted only when still unprocessed on the window's first day.
    const before = don.receivedOn < window.from;
    if (before && outcome !== undefined && outcome.on < window.from) continue;
    for (const cells of [before ? carriedOver : received, total]) {
      cells.total++;
      if (don.anonymous) cells.anonymous++;
      else if (don.signers === 1) cells.one++;
      else cells.several++;
    }
    const attached = outcome?.type === 'attached-to-case' || outcome?.type === 'attached-to-don';
    if (don.repeatOnRegistration || attached) repeated++;
    const classification = don.classifications.filter((c) => known(c.on)).at(-1);
    if (classification?.qualifying === true) {
      qualifying++;
      byContent[classification.content]++;
    }
    if (outcome === undefined) continue;
    processed++;
    const cell = OUTCOME_CELL[outcome.type];
    outcomes[cell]++;
    if (classification?.competence === 'within') withinCompetence++;
    if (classification?.competence === 'outside') {
      outsideCompetence.total++;
      if (cell === 'guided' || cell === 'forwarded' || cell === 'urged') outsideCompetence[cell]++;
    }
  }
  return { carriedOver, received, total, processed, qualifying, byContent, withinCompetence, outsideCompetence, outcomes, repeated, awaitingProcessing: total.total - processed };
}

const OUTCOME_CELL = {
  accepted: 'acceptedIntoCase',
  'attached-to-case': 'attached',
  'attached-to-don': 'attached',
  guided: 'guided',
  forwarded: 'forwarded',
  urged: 'urged',
  'split-requested': 'splitRequested',
  archived: 'archived',
} as const satisfies Record<DonOutcome, string>;
