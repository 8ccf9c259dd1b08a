import { Query } from '@nestjs/cqrs';
import type { Actor } from '@kntc/domain';
import type { AccessLog } from '../identity/identity-access.log';

/** Who revealed the case's confidential identities, when and why; and whether its key was erased. */
export class GetIdentityAccessLogQuery extends Query<AccessLog> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
