import { hash } from 'node:crypto';

/** Fixed namespace for KNTC event ids; changing it would make every retried command append again. */
export const EVENT_ID_NAMESPACE = 'f46b78b2-a16c-44d1-8114-051811a52304';

// RFC 9562 UUID v5: SHA-1 of the namespace's bytes then the name, in one call per id (a filing derives several ids;
// `uuid`'s v5 cost about twice as much per id, a copied Hash object a third more).
const NAMESPACE_BYTES = Buffer.from(EVENT_ID_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * The id of the `index`-th event a command appends, derived from its idempotency key so that a retry
 * produces the same ids and the store recognises it (docs/architecture.md, write side, step 3).
 */
export function deriveEventId(idempotencyKey: string, index: number): string {
  if (idempotencyKey.length === 0) throw new RangeError('idempotency key must not be empty');
  if (!Number.isSafeInteger(index)) throw new RangeError(`event index must be an integer, got ${index}`);
  const bytes = hash('sha1', Buffer.concat([NAMESPACE_BYTES, Buffer.from(`${idempotencyKey}#${index}`, 'utf8')]), 'buffer');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
