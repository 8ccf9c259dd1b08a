import { hash } from 'node:crypto';
import type { NewEvent, RecordedEvent, StreamRevision } from '../port/event-store.port';

/**
 * The tamper-evident audit chain. Every event carries in its metadata `hash`, the SHA-256 of its canonical
 * content (id, stream, revision, type, schema version, data, and the metadata without `hash`), and
 * `prevHash`, the `hash` of the event before it in its stream; the first event of a stream links to
 * GENESIS_HASH. Changing, removing or reordering a stored event breaks the chain at that event or the next.
 * Confidential identities are hashed as ciphertext, so erasing a case key never breaks its chain.
 */
export const HASH_METADATA_KEY = 'hash';
export const PREV_HASH_METADATA_KEY = 'prevHash';
export const GENESIS_HASH = '0'.repeat(64);

/** Object keys as JSON strings, kept once seen: events repeat the same few dozen names. Bounded. */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted and undefined members left out, as JSON.stringify leaves them out on write. Built
 * by concatenation: it runs several times per command (request hashes, the chain), on the API's event loop.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // The default sort compares UTF-16 code units, as `<` does: the order stored hashes were made with. Keys often
  // come in order already; then there is nothing to sort.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member !== undefined) out += `${out.length === 1 ? '' : ','}${quotedKey(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** SHA-256 in hex, in one call (no Hash object per digest: the request path takes several). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

type HashableEvent = Pick<NewEvent, 'id' | 'type' | 'schemaVersion' | 'data' | 'metadata'>;

/** The hash an event must carry at this place of its stream. */
export function eventHash(stream: string, revision: StreamRevision, event: HashableEvent): string {
  const { [HASH_METADATA_KEY]: _hash, ...metadata } = event.metadata;
  return sha256Hex(
    canonicalJson({ id: event.id, stream, revision, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata }),
  );
}

/**
 * The events with `prevHash` and `hash` set, for an append right after `last` (the stream's newest event,
 * undefined for a new stream). Append them with `expected = last.revision` (or -1): the revisions hashed
 * are the ones they get.
 */
export function chainEvents(stream: string, last: Pick<RecordedEvent, 'revision' | 'metadata'> | undefined, events: NewEvent[]): NewEvent[] {
  let prevHash = last === undefined ? GENESIS_HASH : storedHashOf(last.metadata) ?? GENESIS_HASH;
  let revision = last === undefined ? 0 : last.revision + 1;
  return events.map((event) => {
    const { [HASH_METADATA_KEY]: _old, [PREV_HASH_METADATA_KEY]: _oldPrev, ...metadata } = event.metadata;
    const linked: NewEvent = { ...event, metadata: { ...metadata, [PREV_HASH_METADATA_KEY]: prevHash } };
    const hash = eventHash(stream, revision, linked);
    prevHash = hash;
    revision += 1;
    return { ...linked, metadata: { ...linked.metadata, [HASH_METADATA_KEY]: hash } };
  });
}

export type ChainProblem = 'missing-hash' | 'hash-mismatch' | 'prev-hash-mismatch' | 'revision-gap';

/** The first event of a stream that does not match its chain. */
export interface ChainBreak {
  stream: string;
  revision: StreamRevision;
  /** Global store position, as a decimal string: the break is a report, read as JSON by people and tools. */
  position: string;
  eventId: string;
  type: string;
  problem: ChainProblem;
  /** What the chain requires here (a hash, or the revision expected). */
  expected: string;
  /** What the stored event holds. */
  actual: string;
}

export type ChainStatus = { valid: true; events: number; headHash: string } | { valid: false; events: number; brokenAt: ChainBreak };

/** Follows one stream event by event; after the first break it reports nothing more. */
export class StreamChainVerifier {
  private nextRevision = 0;
  private lastHash = GENESIS_HASH;
  private count = 0;
  private broken: ChainBreak | undefined;

  constructor(readonly stream: string) {}

  /** Checks the next event of the stream; returns the break when this event is the first that fails. */
  add(event: RecordedEvent): ChainBreak | undefined {
    this.count += 1;
    if (this.broken) return undefined;
    const at = (problem: ChainProblem, expected: string, actual: string): ChainBreak => {
      this.broken = { stream: this.stream, revision: event.revision, position: event.position.toString(), eventId: event.id, type: event.type, problem, expected, actual };
      return this.broken;
    };
    if (event.revision !== this.nextRevision) return at('revision-gap', String(this.nextRevision), String(event.revision));
    const stored = storedHashOf(event.metadata);
    if (stored === undefined) return at('missing-hash', eventHash(this.stream, event.revision, event), '(none)');
    const prev = event.metadata[PREV_HASH_METADATA_KEY];
    if (prev !== this.lastHash) return at('prev-hash-mismatch', this.lastHash, typeof prev === 'string' ? prev : '(none)');
    const computed = eventHash(this.stream, event.revision, event);
    if (computed !== stored) return at('hash-mismatch', computed, stored);
    this.nextRevision += 1;
    this.lastHash = stored;
    return undefined;
  }

  status(): ChainStatus {
    return this.broken ? { valid: false, events: this.count, brokenAt: this.broken } : { valid: true, events: this.count, headHash: this.lastHash };
  }
}

/** Verifies a whole stream, read in revision order. */
export function verifyStreamChain(stream: string, events: readonly RecordedEvent[]): ChainStatus {
  const verifier = new StreamChainVerifier(stream);
  for (const event of events) verifier.add(event);
  return verifier.status();
}

function storedHashOf(metadata: Record<string, unknown>): string | undefined {
  const hash = metadata[HASH_METADATA_KEY];
  return typeof hash === 'string' ? hash : undefined;
}
