import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { HistoryEntry } from './case.view';

export class GetCaseHistoryQuery extends Query<HistoryEntry[]> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
