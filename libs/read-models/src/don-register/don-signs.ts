import { contentWordPairs, foldVietnamese, type SimilaritySigns } from '@kntc/domain';
import { createHmac } from 'node:crypto';

/**
 * What the candidate index keeps of a đơn: keyed hashes of its citizen, its respondent and each pair of adjacent
 * content words, folded diacritic-insensitively first (NFC and NFD, with or without marks, hash alike). Without
 * the key a hash cannot be matched against a list of guessed names.
 */
export interface DonSigns {
  /** The write side's keyed hash of the first signer (DonRegistered.citizenKey), as it is. */
  citizen?: string;
  respondent?: string;
  /** Keyed hashes of the adjacent word pairs of subject and content (single words for a one-word text). */
  content: string[];
}

/** Keyed hash of folded text; the key never leaves the process. */
export type SignFunction = (folded: string) => string;

/** HMAC-SHA256 under a key derived for this index alone, truncated: a sign names a set, it proves nothing. */
export function donSignFunction(secret: Buffer): SignFunction {
  const key = createHmac('sha256', secret).update('kntc/don-candidates/v1').digest();
  return (folded) => createHmac('sha256', key).update(folded, 'utf8').digest('base64url').slice(0, 22);
}

export interface DonSignInput {
  citizenKey?: string;
  respondent?: string;
  subject: string;
  content: string;
}

export function donSigns(input: DonSignInput, sign: SignFunction): DonSigns {
  const respondent = input.respondent !== undefined ? foldVietnamese(input.respondent) : '';
  return {
    ...(input.citizenKey !== undefined ? { citizen: input.citizenKey } : {}),
    ...(respondent !== '' ? { respondent: sign(`r:${respondent}`) } : {}),
    content: [...contentWordPairs(`${input.subject} ${input.content}`)].map((pair) => sign(`c:${pair}`)).sort(),
  };
}

/** Every sign of a đơn, each an index set it belongs to. */
export function signMembers(signs: DonSigns): string[] {
  return [...(signs.citizen !== undefined ? [`p:${signs.citizen}`] : []), ...(signs.respondent !== undefined ? [`r:${signs.respondent}`] : []), ...signs.content.map((c) => `c:${c}`)];
}

/** The signs as the domain's similarity reads them (scoreSimilaritySigns). */
export function similaritySigns(signs: DonSigns): SimilaritySigns {
  return {
    ...(signs.citizen !== undefined ? { citizenKey: signs.citizen } : {}),
    ...(signs.respondent !== undefined ? { respondent: signs.respondent } : {}),
    contentPairs: new Set(signs.content),
  };
}

/** What donSignFunctionFromVault needs of the identity vault (CaseIdentityVault.requestHash). */
export interface KeyedHashVault {
  requestHash(scope: string, text: string, options: { create: boolean }): Promise<string | undefined>;
}

/**
 * The deployment's sign function: its secret is a keyed hash the identity vault keeps under a scope of its own, so
 * every process (api, worker, CLI) signs alike and the secret is stored nowhere else. Call once at start-up.
 */
export async function donSignFunctionFromVault(vault: KeyedHashVault): Promise<SignFunction> {
  const secret = await vault.requestHash('don-candidate-index', 'kntc/don-candidates/v1', { create: true });
  if (secret === undefined) throw new Error('the key of the đơn candidate index was erased; rebuild the don-register projection after restoring it');
  return donSignFunction(Buffer.from(secret, 'utf8'));
}

/**
 * donSignFunctionFromVault for module wiring: the promise is awaited by the projection's first batch (a failure
 * surfaces there, as a failed batch) and never left unobserved meanwhile.
 */
export function donSignOf(engine: { vault: KeyedHashVault }): Promise<SignFunction> {
  const sign = donSignFunctionFromVault(engine.vault);
  sign.catch(() => undefined);
  return sign;
}
