import { Command } from '@nestjs/cqrs';
import type {
  AnswerReferrer,
  ArchiveDon,
  ClassifyDon,
  ForwardDon,
  GuideCitizen,
  RegisterDon,
  RequestDonSplit,
  UrgeLowerLevel,
} from '@kntc/domain';
import type { CommandEnvelope, Principal } from '../execute-command/execute-case-command.command';
import type { AppendedBatch } from './idempotent-streams';

/** A registration as a user sends it: the engine names the matter and the citizen key itself. */
export type RegisterDonRequest = Omit<RegisterDon, 'donId' | 'matterId' | 'citizenKey'> & { donId?: string };
export interface AcceptDonIntoCaseRequest {
  type: 'AcceptDonIntoCase';
  donId: string;
  /** The case to file, as a register names it (import); default: derived from the đơn, the sender and the key. */
  caseId?: string;
  /** The case kind (workflow id) to open. */
  kind: string;
  remoteArea?: boolean;
}
export interface AttachDonToCaseRequest {
  type: 'AttachDonToCase';
  donId: string;
  caseId: string;
}
export interface AttachDonToDonRequest {
  type: 'AttachDonToDon';
  donId: string;
  toDonId: string;
}

export type DonRequest =
  | RegisterDonRequest
  | ClassifyDon
  | AcceptDonIntoCaseRequest
  | AttachDonToCaseRequest
  | AttachDonToDonRequest
  | GuideCitizen
  | ForwardDon
  | UrgeLowerLevel
  | RequestDonSplit
  | ArchiveDon
  | AnswerReferrer;

/**
 * The case commands' envelope (business time and principal for the register importer, If-Match, correlation);
 * `principal` omitted means the actor sent the command themselves.
 */
export type DonCommandEnvelope = Omit<CommandEnvelope, 'principal'> & { principal?: Principal };

export interface DonCommandResult {
  donId: string;
  /** Revision of the đơn stream after the command. */
  revision: number;
  /** Highest store position the command wrote: a query `?after=` waits for it. */
  position: string;
  /** The case the command filed or attached the đơn to. */
  caseId?: string;
  /** Every stream the command appended to, in the order it appended. */
  streams: AppendedBatch[];
  /** True when every batch was already there: an earlier execution of the same key answered. */
  replayed: boolean;
}

/** Runs a đơn command: read the streams it touches, decide each, append in a stated order. */
export class ExecuteDonCommand extends Command<DonCommandResult> {
  constructor(
    readonly request: DonRequest,
    readonly envelope: DonCommandEnvelope,
  ) {
    super();
  }
}
