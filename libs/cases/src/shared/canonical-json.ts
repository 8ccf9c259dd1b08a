/** One canonical JSON for the whole engine: the audit chain hashes with it too. */
export { canonicalJson, sha256Hex } from '@kntc/event-store';
