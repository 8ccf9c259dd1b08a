import type { DonCommandResult, DonView, HistoryEntry } from '@kntc/cases';
import type { ChainStatus } from '@kntc/event-store';

/** The answer bodies of the đơn routes, apart from the controller so the OpenAPI answer registry can name them. */
export interface DonHistoryResponse {
  donId: string;
  /** Whether the hash chain of the stored events holds, or the first event that does not match it. */
  chain: ChainStatus;
  /** Every recorded event in order, with its actor and business time. */
  events: HistoryEntry[];
}

export interface DonCommandResponse extends Omit<DonCommandResult, 'replayed'> {
  /** The đơn right after the command (confidential identities redacted): a retry of the same key answers the same. */
  don: DonView;
}
