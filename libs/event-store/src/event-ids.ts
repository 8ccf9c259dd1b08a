import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace for KNTC event ids; changing it would make every retried command append again. */
export const EVENT_ID_NAMESPACE = 'f46b78b2-a16c-44d1-8114-051811a52304';

/**
 * The id of the `index`-th event a command appends, derived from its idempotency key so that a retry
 * produces the same ids and the store recognises it (DESIGN.md, write side, step 3).
 */
export function deriveEventId(idempotencyKey: string, index: number): string {
  if (idempotencyKey.length === 0) throw new RangeError('idempotency key must not be empty');
  if (!Number.isSafeInteger(index)) throw new RangeError(`event index must be an integer, got ${index}`);
  return uuidv5(`${idempotencyKey}#${index}`, EVENT_ID_NAMESPACE);
}
