import type { Party } from '@kntc/domain';
import { REDACTED_IDENTITY_NAME, SHREDDED_IDENTITY_NAME } from '@kntc/auth';

/**
 * A confidential party as it is shown without a recorded reveal: its role only. The stored form carries the
 * identity sealed (CaseIdentityVault); this drops it too, so no view, read model, report or export holds it
 * (Luật Tố cáo 2018, art. 56; art. 40(3) for published conclusions).
 */
export function redactParty(party: Party, options: { shredded?: boolean } = {}): Party {
  if (!party.confidential) return party;
  return { role: party.role, name: options.shredded === true ? SHREDDED_IDENTITY_NAME : REDACTED_IDENTITY_NAME, confidential: true };
}

export function redactParties(parties: readonly Party[], options: { shredded?: boolean } = {}): Party[] {
  return parties.map((party) => redactParty(party, options));
}
