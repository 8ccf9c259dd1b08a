import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { CaseView } from './case.view';

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
