import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { CaseHistory } from './case.view';

export class GetCaseHistoryQuery extends Query<CaseHistory> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
