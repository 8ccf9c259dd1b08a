import { inboxKeys, INBOX_PROJECTION, InboxQueries, type InboxItem } from '@kntc/read-models';
import { TestRedis } from './support/read-model-fixtures';

describe('a user inbox', () => {
  let test: TestRedis;
  let inbox: InboxQueries;

  beforeEach(async () => {
    test = new TestRedis();
    inbox = new InboxQueries(test.redis, test.keys);
  });

  afterEach(async () => {
    await test.cleanup();
  });

  /** What the inbox projection will write once the deadline events exist. */
  const deliver = async (item: InboxItem): Promise<void> => {
    const keys = inboxKeys(test.keys.projection(INBOX_PROJECTION).build('v1'));
    await test.redis.hset(keys.items(item.userId), item.itemId, JSON.stringify(item));
    await test.redis.zadd(keys.order(item.userId), Number(item.position), item.itemId);
  };
  const item = (itemId: string, userId: string, position: number): InboxItem => ({
    itemId,
    userId,
    kind: 'deadline-reminder',
    caseId: '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11',
    department: 'so-tnmt',
    clock: 'resolution',
    dueDate: '2026-04-01',
    title: 'Hồ sơ sắp đến hạn giải quyết',
    createdAt: '2026-03-27T02:00:00.000Z',
    position: String(position),
  });

  it('is empty before any runner started, and before any reminder', async () => {
    expect(await inbox.list('tnmt-head', { offset: 0, limit: 20 })).toMatchObject({ items: [], total: 0, unread: 0 });
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    expect(await inbox.list('tnmt-head', { offset: 0, limit: 20 })).toMatchObject({ items: [], total: 0, unread: 0 });
    expect(await inbox.markRead('tnmt-head', 'no-such-item')).toBe(false);
  });

  it('lists a user their items, newest first, and keeps what they marked read across a rebuild', async () => {
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    await deliver(item('a', 'tnmt-head', 10));
    await deliver(item('b', 'tnmt-head', 20));
    await deliver(item('c', 'xd-head', 30));

    const listed = await inbox.list('tnmt-head', { offset: 0, limit: 20 });
    expect(listed.items.map((i) => [i.itemId, i.read])).toEqual([['b', false], ['a', false]]);
    expect(listed.unread).toBe(2);

    expect(await inbox.markRead('tnmt-head', 'a')).toBe(true);
    expect(await inbox.markRead('tnmt-head', 'c')).toBe(false);
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20 })).unread).toBe(1);
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20, unreadOnly: true })).items.map((i) => i.itemId)).toEqual(['b']);

    // A rebuilt inbox (same items, fresh keys) keeps the user's read marks.
    await test.redis.del(inboxKeys(test.keys.projection(INBOX_PROJECTION).build('v1')).items('tnmt-head'));
    await deliver(item('a', 'tnmt-head', 10));
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20 })).items.find((i) => i.itemId === 'a')?.read).toBe(true);
  });
});
