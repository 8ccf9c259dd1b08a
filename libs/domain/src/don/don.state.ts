import type { LocalDate } from '@kntc/workflow';
import type { DonContent, DonEvent, DonSource } from './don.events';

export interface DonClassification {
  content: DonContent;
  qualifying: boolean;
  notQualifyingReason?: string;
  competence: 'within' | 'outside';
  competentBody?: string;
}

/** The act that ended processing (the processing clock stops on it). */
export interface DonOutcome {
  type: DonEvent['type'];
  /** Its business date: the document's date, else the day it was recorded. */
  on: LocalDate;
}

export interface NoDon {
  status: 'none';
}

interface DonDetails {
  donId: string;
  department: string;
  matterId: string;
  source: DonSource;
  receivedOn: LocalDate;
  anonymous: boolean;
  signers: number;
  citizenKey?: string;
  processingDueOn?: LocalDate;
  classification?: DonClassification;
  /** Cases the đơn opened or was attached to. */
  caseIds: string[];
  urged: number;
  referrerAnswered?: { on: LocalDate; late: boolean };
}

/** Registered, maybe classified, not yet processed. */
export interface OpenDon extends DonDetails {
  status: 'open';
}
/** Processed: accepted, attached, guided, forwarded, urged, split or archived. */
export interface ProcessedDon extends DonDetails {
  status: 'processed';
  outcome: DonOutcome;
}

export type DonState = NoDon | OpenDon | ProcessedDon;
export type ExistingDon = OpenDon | ProcessedDon;

export const initialDonState: DonState = { status: 'none' };
