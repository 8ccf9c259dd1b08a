/** Stable codes of refused matter commands: `already-guided` and `already-forwarded` guard TT 05/2021's "once". */
export type MatterRefusalCode = 'matter-not-found' | 'matter-already-exists' | 'already-guided' | 'already-forwarded' | 'already-linked';
