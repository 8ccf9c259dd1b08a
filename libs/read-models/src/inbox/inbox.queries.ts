import { systemClock, type Clock } from '@kntc/cases';
import type { EventStore, Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { inboxKeys, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { InboxItem } from './inbox-item';
import { InboxReadMarks, type InboxReader } from './inbox-read-marks';
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

  async list(userId: string, options: InboxOptions): Promise<InboxPage> {
    const active = await readActiveBuild(this.redis, this.keys.projection(INBOX_PROJECTION));
    const page: InboxPage = { items: [], total: 0, unread: 0, offset: options.offset, limit: options.limit, position: active?.position ?? 0n };
    if (active === undefined) return page;
    const keys = inboxKeys(active.keys);
    const ids = await this.redis.zrange(keys.order(userId), '+inf', '-inf', 'BYSCORE', 'REV');
    if (ids.length === 0) return page;
    const read = await this.marks.readOf(userId, ids);
    const unreadIds = ids.filter((_, i) => !read[i]);
    const listed = options.unreadOnly ? unreadIds : ids;
    const pageIds = listed.slice(options.offset, options.offset + options.limit);
    const readSet = new Set(ids.filter((_, i) => read[i]));
    const items = pageIds.length === 0 ? [] : await this.redis.hmget(keys.items(userId), ...pageIds);
    return {
      ...page,
      items: items.flatMap((json) => {
        if (json === null) return [];
        const item = JSON.parse(json) as InboxItem;
        return [{ ...item, read: readSet.has(item.itemId) }];
      }),
      total: listed.length,
      unread: unreadIds.length,
    };
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
