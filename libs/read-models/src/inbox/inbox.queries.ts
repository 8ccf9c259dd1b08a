import { systemClock, type Clock } from '@kntc/cases';
import type { EventStore, Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { inboxKeys, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { InboxItem } from './inbox-item';
import { InboxReadMarks, type InboxReader } from './inbox-read-marks';

/** Items read per step when listing unread items only. */
const UNREAD_WALK_CHUNK = 200;

type InboxKeys = ReturnType<typeof inboxKeys>;
import { INBOX_PROJECTION } from './inbox.projection';

export interface InboxItemView extends InboxItem {
  read: boolean;
}

export interface InboxPage {
  items: InboxItemView[];
  total: number;
  unread: number;
  offset: number;
  limit: number;
  position: Position;
}

export interface InboxOptions {
  unreadOnly?: boolean;
  offset: number;
  limit: number;
}

/** A user's inbox, newest first. Read marks are events of the user's own stream (InboxReadMarks), outside any build. */
export class InboxQueries {
  private readonly marks: InboxReadMarks;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
    store: EventStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.marks = new InboxReadMarks(store, redis, keys);
  }

  /**
   * One page, read from Redis by rank (ZRANGE … LIMIT): the cost follows the page, not the user's history. Unread
   * only: the newest items are walked a chunk at a time until the page is full.
   */
  async list(userId: string, options: InboxOptions): Promise<InboxPage> {
    const active = await readActiveBuild(this.redis, this.keys.projection(INBOX_PROJECTION));
    const page: InboxPage = { items: [], total: 0, unread: 0, offset: options.offset, limit: options.limit, position: active?.position ?? 0n };
    if (active === undefined) return page;
    const keys = inboxKeys(active.keys);
    const [count, readCount] = await Promise.all([this.redis.zcard(keys.order(userId)), this.marks.readCount(userId)]);
    if (count === 0) return page;
    // Every mark names an item of this inbox (markRead checks it), so the unread ones are the rest.
    const unread = Math.max(0, count - readCount);
    const listed = options.unreadOnly ? await this.unreadPage(keys, userId, options) : await this.fullPage(keys, userId, options);
    const items = listed.length === 0 ? [] : await this.redis.hmget(keys.items(userId), ...listed.map((l) => l.id));
    return {
      ...page,
      items: items.flatMap((json, i) => (json === null ? [] : [{ ...(JSON.parse(json) as InboxItem), read: listed[i]!.read }])),
      total: options.unreadOnly ? unread : count,
      unread,
    };
  }

  private async fullPage(keys: InboxKeys, userId: string, { offset, limit }: InboxOptions): Promise<Array<{ id: string; read: boolean }>> {
    const ids = await this.redis.zrange(keys.order(userId), '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', offset, limit);
    const read = await this.marks.readOf(userId, ids);
    return ids.map((id, i) => ({ id, read: read[i]! }));
  }

  private async unreadPage(keys: InboxKeys, userId: string, { offset, limit }: InboxOptions): Promise<Array<{ id: string; read: boolean }>> {
    const found: string[] = [];
    for (let start = 0; found.length < offset + limit; start += UNREAD_WALK_CHUNK) {
      const ids = await this.redis.zrange(keys.order(userId), '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', start, UNREAD_WALK_CHUNK);
      const read = await this.marks.readOf(userId, ids);
      found.push(...ids.filter((_, i) => !read[i]));
      if (ids.length < UNREAD_WALK_CHUNK) break;
    }
    return found.slice(offset, offset + limit).map((id) => ({ id, read: false }));
  }

  /** Records the mark in the event store; false when the user has no such item. */
  async markRead(reader: InboxReader, itemId: string): Promise<boolean> {
    const active = await readActiveBuild(this.redis, this.keys.projection(INBOX_PROJECTION));
    if (active === undefined) return false;
    if ((await this.redis.hexists(inboxKeys(active.keys).items(reader.id), itemId)) !== 1) return false;
    await this.marks.mark(reader, itemId, this.clock.now().toISOString());
    return true;
  }
}
