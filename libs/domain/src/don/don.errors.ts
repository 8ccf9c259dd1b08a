/** Stable codes of refused đơn commands (problem+json `code`). */
export type DonRefusalCode =
  | 'don-not-found'
  | 'don-already-exists'
  | 'don-already-processed'
  | 'don-not-processed'
  | 'don-not-classified'
  | 'don-not-qualifying'
  | 'don-outside-competence'
  | 'don-within-competence'
  | 'don-several-contents'
  | 'don-not-several-contents'
  | 'don-anonymous'
  | 'don-not-referred'
  | 'don-already-attached'
  | 'case-kind-mismatch'
  | 'referrer-already-answered'
  | 'invalid-classification'
  | 'invalid-source'
  | 'invalid-attachment';

