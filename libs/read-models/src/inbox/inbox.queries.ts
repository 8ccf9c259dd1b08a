import type { Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import { inboxKeys, type ReadModelKeys } from '../keys';
import { readActiveBuild } from '../runner/projection-builds';
import type { InboxItem } from './inbox-item';
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

/** A user's inbox, newest first. Read marks are the user's own state, kept beside the projection (ReadModelKeys). */
export class InboxQueries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async list(userId: string, options: InboxOptions): Promise<InboxPage> {
    const active = await readActiveBuild(this.redis, this.keys.projection(INBOX_PROJECTION));
    const page: InboxPage = { items: [], total: 0, unread: 0, offset: options.offset, limit: options.limit, position: active?.position ?? 0n };
    if (active === undefined) return page;
    const keys = inboxKeys(active.keys);
    const ids = await this.redis.zrange(keys.order(userId), '+inf', '-inf', 'BYSCORE', 'REV');
    if (ids.length === 0) return page;
    const read = await this.redis.smismember(this.keys.inboxReadMarks(userId), ...ids);
    const unreadIds = ids.filter((_, i) => read[i] !== 1);
    const listed = options.unreadOnly ? unreadIds : ids;
    const pageIds = listed.slice(options.offset, options.offset + options.limit);
    const readSet = new Set(ids.filter((_, i) => read[i] === 1));
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

  /** False when the user has no such item. */
  async markRead(userId: string, itemId: string): Promise<boolean> {
    const active = await readActiveBuild(this.redis, this.keys.projection(INBOX_PROJECTION));
    if (active === undefined) return false;
    if ((await this.redis.hexists(inboxKeys(active.keys).items(userId), itemId)) !== 1) return false;
    await this.redis.sadd(this.keys.inboxReadMarks(userId), itemId);
    return true;
  }
}
