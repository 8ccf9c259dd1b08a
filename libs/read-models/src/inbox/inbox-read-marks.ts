import { deriveEventId, type EventStore, type RecordedEvent } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import type { ReadModelKeys } from '../keys';

/** Each user's read marks are events of their own stream, `inbox-<userId>`, beside the case streams. */
export const INBOX_STREAM_PREFIX = 'inbox-';
export const INBOX_ITEM_READ = 'InboxItemRead';

export function inboxStream(userId: string): string {
  return `${INBOX_STREAM_PREFIX}${userId}`;
}

/** `InboxItemRead` data: schema version 1. */
export interface InboxItemReadData {
  userId: string;
  itemId: string;
  /** When the user marked it (UTC ISO-8601). */
  readAt: string;
}

/** Who marked: the user themself; recorded like a case command's actor. */
export interface InboxReader {
  id: string;
  role: string;
  department: string;
}

/** The cache field that holds the last stream revision folded; item ids (`<stream>@<revision>`) never start with "@". */
const REVISION_FIELD = '@revision';

/**
 * Marking an item read appends `InboxItemRead` to the user's stream in the event store, so a flushed Redis or a
 * rebuilt inbox loses no mark. The event id derives from the user and the item: marking twice, or a retried
 * request, appends nothing (no Idempotency-Key is needed). Queries read the marks from a Redis hash that catches
 * up with the stream (by revision) before it answers, so a mark shows at once and a flushed cache refills itself.
 */
export class InboxReadMarks {
  constructor(
    private readonly store: EventStore,
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async mark(reader: InboxReader, itemId: string, readAt: string): Promise<void> {
    await this.append(reader.id, itemId, readAt, { actor: { id: reader.id, role: reader.role, department: reader.department } });
  }

  /** For each of `itemIds`, whether the user marked it read. */
  async readOf(userId: string, itemIds: readonly string[]): Promise<boolean[]> {
    await this.catchUp(userId);
    if (itemIds.length === 0) return [];
    const marks = await this.redis.hmget(this.keys.inboxReadCache(userId), ...itemIds);
    return marks.map((mark) => mark !== null);
  }

  /** How many items the user marked read (each item once). */
  async readCount(userId: string): Promise<number> {
    await this.catchUp(userId);
    const cache = this.keys.inboxReadCache(userId);
    const [[lengthError, length], [revisionError, hasRevision]] = (await this.redis.multi().hlen(cache).hexists(cache, REVISION_FIELD).exec()) as [
      [Error | null, number],
      [Error | null, number],
    ];
    if (lengthError ?? revisionError) throw lengthError ?? revisionError;
    return length - hasRevision;
  }

  private async append(userId: string, itemId: string, readAt: string, metadata: Record<string, unknown>): Promise<void> {
    const data: InboxItemReadData = { userId, itemId, readAt };
    const event = { id: inboxItemReadId(userId, itemId), type: INBOX_ITEM_READ, schemaVersion: 1, data: { ...data }, metadata: { ...metadata, occurredAt: readAt } };
    await this.store.append(inboxStream(userId), [event], 'any');
  }

  /** Folds the stream's events beyond the cached revision into the cache; first moves marks kept the old way. */
  private async catchUp(userId: string): Promise<void> {
    const cache = this.keys.inboxReadCache(userId);
    const legacy = this.keys.inboxReadMarks(userId);
    const [[revisionError, cached], [legacyError, legacyMarks]] = (await this.redis.multi().hget(cache, REVISION_FIELD).smembers(legacy).exec()) as [
      [Error | null, string | null],
      [Error | null, string[]],
    ];
    if (revisionError ?? legacyError) throw revisionError ?? legacyError;
    if (legacyMarks.length > 0) await this.moveLegacyMarks(userId, legacyMarks);
    const from = cached === null ? 0 : Number(cached) + 1;
    const events = await this.store.readStream(inboxStream(userId), from);
    if (events.length === 0) return;
    const items = events.filter((e) => e.type === INBOX_ITEM_READ).map(itemIdOf).filter((id): id is string => id !== undefined);
    const fields: string[] = [];
    for (const id of items) fields.push(id, '1');
    // Item fields and the revision in one transaction: the cache never claims a revision whose marks it lacks.
    await this.redis.multi().hset(cache, ...fields, REVISION_FIELD, String(events[events.length - 1]!.revision)).exec();
  }

  /** Marks an older version kept only in Redis become events (their time unknown: now), then the old key goes. */
  private async moveLegacyMarks(userId: string, itemIds: string[]): Promise<void> {
    const now = new Date().toISOString();
    // The reader's role and department were not kept: the actor names the user only.
    for (const itemId of itemIds) await this.append(userId, itemId, now, { actor: { id: userId }, migratedFrom: 'redis' });
    await this.redis.del(this.keys.inboxReadMarks(userId));
  }
}

/** One id per user and item: marking again, or a retried request, is an idempotent repeat in the store. */
export function inboxItemReadId(userId: string, itemId: string): string {
  return deriveEventId(`inbox-read\n${userId}\n${itemId}`, 0);
}

function itemIdOf(event: RecordedEvent): string | undefined {
  const itemId = event.data['itemId'];
  return typeof itemId === 'string' ? itemId : undefined;
}
