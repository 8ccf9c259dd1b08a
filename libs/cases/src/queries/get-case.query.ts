import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { CaseSnapshot } from '../shared/case.repository';
import type { CaseView } from './case.view';

/** A request to see the confidential identities decrypted; the reason is recorded with the read. */
export interface IdentityReveal {
  reason: string;
  correlationId?: string;
}

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
    /** The case as it was at this revision (a command's answer, repeated identically on a retry); default: now. */
    readonly atRevision?: number,
    /** Decrypt the confidential identities for a cleared role of the case's department, recording the read. */
    readonly reveal?: IdentityReveal,
    /** The case at `atRevision` as the command that produced it left it (CommandResult.after): not read again. */
    readonly snapshot?: CaseSnapshot,
  ) {
    super();
  }
}
