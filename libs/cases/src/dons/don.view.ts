import {
  DON_PROCESSING_RULES,
  type DonClassification,
  type DonEvent,
  type DonOutcome,
  type DonRegistered,
  type ExistingDon,
  type Party,
} from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import { redactParties } from '../shared/redaction';
import type { DonReceptionVisit } from './don-reception-visit';

export interface DonView {
  donId: string;
  department: string;
  matterId: string;
  status: ExistingDon['status'];
  source: DonRegistered['data']['source'];
  repeatOf?: DonRegistered['data']['repeatOf'];
  receivedOn: LocalDate;
  registeredAt: string;
  signers: number;
  anonymous: boolean;
  /** Confidential parties (every denouncer) show their role only. */
  parties: Party[];
  respondent?: string;
  subject: string;
  content: string;
  locality?: DonRegistered['data']['locality'];
  field?: string;
  project?: string;
  processing: {
    rule: string;
    citation?: string;
    /** What about the rule is unconfirmed, as its data says. */
    doubt?: string;
    dueOn?: LocalDate;
    processedOn?: LocalDate;
    /** Processed on or before its due date; undefined while open or without a limit. */
    onTime?: boolean;
  };
  classification?: DonClassification;
  outcome?: DonOutcome;
  caseIds: string[];
  urged: number;
  referrerAnswered?: { on: LocalDate; late: boolean };
  /** The reception visit the đơn was received at (source `reception`), read from the session. */
  visit?: DonReceptionVisit;
  revision: number;
}

export function toDonView(state: ExistingDon, events: readonly DonEvent[], revision: number): DonView {
  const registered = events.find((e): e is DonRegistered => e.type === 'DonRegistered')!.data;
  const rule = DON_PROCESSING_RULES.find((r) => r.id === registered.processingRule);
  const processedOn = state.status === 'processed' ? state.outcome.on : undefined;
  return {
    donId: state.donId,
    department: state.department,
    matterId: state.matterId,
    status: state.status,
    source: registered.source,
    ...(registered.repeatOf ? { repeatOf: registered.repeatOf } : {}),
    receivedOn: registered.receivedOn,
    registeredAt: registered.registeredAt,
    signers: registered.signers,
    anonymous: registered.anonymous,
    parties: redactParties(registered.parties),
    ...(registered.respondent ? { respondent: registered.respondent } : {}),
    subject: registered.subject,
    content: registered.content,
    ...(registered.locality ? { locality: registered.locality } : {}),
    ...(registered.field ? { field: registered.field } : {}),
    ...(registered.project ? { project: registered.project } : {}),
    processing: {
      rule: registered.processingRule,
      ...(rule ? { citation: rule.citation } : {}),
      ...(rule?.doubt ? { doubt: rule.doubt } : {}),
      ...(registered.processingDueOn ? { dueOn: registered.processingDueOn } : {}),
      ...(processedOn ? { processedOn } : {}),
      ...(processedOn && registered.processingDueOn ? { onTime: processedOn <= registered.processingDueOn } : {}),
    },
    ...(state.classification ? { classification: state.classification } : {}),
    ...(state.status === 'processed' ? { outcome: state.outcome } : {}),
    caseIds: state.caseIds,
    urged: state.urged,
    ...(state.referrerAnswered ? { referrerAnswered: state.referrerAnswered } : {}),
    revision,
  };
}
