import type { Party } from '@kntc/domain';
import { canSeeConfidentialIdentity } from '@kntc/auth';
import type { Role } from '@kntc/workflow';

const REDACTED_NAME = '[Đã ẩn danh tính]';

/** A confidential party as an uncleared role sees it: the role only. */
export function redactParty(party: Party): Party {
  return party.confidential ? { role: party.role, name: REDACTED_NAME, confidential: true } : party;
}

export function partiesFor(role: Role, parties: Party[]): Party[] {
  return canSeeConfidentialIdentity(role) ? parties : parties.map(redactParty);
}
