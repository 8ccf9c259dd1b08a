/**
 * Whether a registered đơn or case looks like the same matter as a new đơn: same citizen (keyed hash), same
 * respondent, similar content. Pure and diacritic-insensitive: NFC and NFD input, with or without marks, score alike.
 */
export interface SimilarityInput {
  /** Keyed hash of the first signer's identity; never a name. */
  citizenKey?: string;
  respondent?: string;
  subject: string;
  content: string;
}

export interface SimilarityScore {
  /** 0..1: 0.4 same citizen + 0.25 same respondent + 0.35 × content similarity. */
  score: number;
  sameCitizen: boolean;
  sameRespondent: boolean;
  /** Dice coefficient of the two texts' word pairs, 0..1. */
  contentSimilarity: number;
}

/** A candidate scoring this much or more is shown to the officer as a likely repeat. */
export const DUPLICATE_THRESHOLD = 0.5;

const WEIGHTS = { citizen: 0.4, respondent: 0.25, content: 0.35 } as const;

/** Lower case, no diacritics (đ → d, a letter of its own, not a mark), words separated by single spaces. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function scoreSimilarity(probe: SimilarityInput, candidate: SimilarityInput): SimilarityScore {
  const a = probe.respondent !== undefined ? foldVietnamese(probe.respondent) : '';
  const b = candidate.respondent !== undefined ? foldVietnamese(candidate.respondent) : '';
  const sameRespondent = a !== '' && b !== '' && (a === b || a.includes(b) || b.includes(a));
  return scoreOf(probe.citizenKey, candidate.citizenKey, sameRespondent, wordPairs(`${probe.subject} ${probe.content}`), wordPairs(`${candidate.subject} ${candidate.content}`));
}

/**
 * What an index keeps of a đơn instead of its text: keyed hashes of the folded respondent and of each content word
 * pair (contentWordPairs), compared by equality. A respondent named in part ("UBND xã A" in "Chủ tịch UBND xã A")
 * matches only in the text form.
 */
export interface SimilaritySigns {
  citizenKey?: string;
  respondent?: string;
  contentPairs: ReadonlySet<string>;
}

/** The same score as scoreSimilarity, from signs. */
export function scoreSimilaritySigns(probe: SimilaritySigns, candidate: SimilaritySigns): SimilarityScore {
  const sameRespondent = probe.respondent !== undefined && probe.respondent === candidate.respondent;
  return scoreOf(probe.citizenKey, candidate.citizenKey, sameRespondent, probe.contentPairs, candidate.contentPairs);
}

function scoreOf(probeCitizen: string | undefined, candidateCitizen: string | undefined, sameRespondent: boolean, a: ReadonlySet<string>, b: ReadonlySet<string>): SimilarityScore {
  const sameCitizen = probeCitizen !== undefined && probeCitizen === candidateCitizen;
  const contentSimilarity = dice(a, b);
  const score = (sameCitizen ? WEIGHTS.citizen : 0) + (sameRespondent ? WEIGHTS.respondent : 0) + WEIGHTS.content * contentSimilarity;
  return { score: Math.round(score * 1000) / 1000, sameCitizen, sameRespondent, contentSimilarity: Math.round(contentSimilarity * 1000) / 1000 };
}

/** The word pairs the content score compares, for an index that keeps their keyed hashes. */
export function contentWordPairs(text: string): Set<string> {
  return wordPairs(text);
}

/** Adjacent word pairs (single words for a one-word text): word order matters, a shared common word alone little. */
function wordPairs(text: string): Set<string> {
  const words = foldVietnamese(text).split(' ').filter((w) => w !== '');
  if (words.length < 2) return new Set(words);
  const pairs = new Set<string>();
  for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`);
  return pairs;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return (2 * shared) / (a.size + b.size);
}
