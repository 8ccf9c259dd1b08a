import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { CaseView } from './case.view';

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
    /** The case as it was at this revision (a command's answer, repeated identically on a retry); default: now. */
    readonly atRevision?: number,
  ) {
    super();
  }
}
