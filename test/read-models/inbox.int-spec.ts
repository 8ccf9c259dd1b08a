import { ManualClock } from '@kntc/cases';
import { inboxKeys, inboxStream, INBOX_ITEM_READ, INBOX_PROJECTION, InboxQueries, type InboxItem } from '@kntc/read-models';
import { openTestStore, TestRedis, type TestStore } from './support/read-model-fixtures';

describe('a user inbox', () => {
  let test: TestRedis;
  let sqlite: TestStore;
  let inbox: InboxQueries;
  const clock = new ManualClock(new Date('2026-03-27T03:00:00.000Z'));
  const head = { id: 'tnmt-head', role: 'head', department: 'so-tnmt' };

  beforeEach(async () => {
    test = new TestRedis();
    sqlite = openTestStore();
    inbox = new InboxQueries(test.redis, test.keys, sqlite.store, clock);
  });

  afterEach(async () => {
    await test.cleanup();
    await sqlite.cleanup();
  });

  /** What the inbox projection will write once the deadline events exist. */
  const deliver = async (item: InboxItem, build = 'v1'): Promise<void> => {
    const keys = inboxKeys(test.keys.projection(INBOX_PROJECTION).build(build));
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
  /** Every key of this test's root: what a FLUSHALL would take. */
  const flushRedis = async (): Promise<void> => {
    const keys = await test.redis.keys(`${test.keys.root}*`);
    if (keys.length > 0) await test.redis.del(...keys);
  };

  it('is empty before any runner started, and before any reminder', async () => {
    expect(await inbox.list('tnmt-head', { offset: 0, limit: 20 })).toMatchObject({ items: [], total: 0, unread: 0 });
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    expect(await inbox.list('tnmt-head', { offset: 0, limit: 20 })).toMatchObject({ items: [], total: 0, unread: 0 });
    expect(await inbox.markRead(head, 'no-such-item')).toBe(false);
    expect(await sqlite.store.readStream(inboxStream('tnmt-head'))).toEqual([]);
  });

  it('pages a long inbox by rank, all items or unread only, with totals that match', async () => {
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    const ids = Array.from({ length: 450 }, (_, i) => `i${String(i).padStart(3, '0')}`);
    for (const [i, id] of ids.entries()) await deliver(item(id, 'tnmt-head', i + 1));
    // Every third item read, the newest 250 all read: unread ones sit deep in the history.
    const readIds = ids.filter((_, i) => i % 3 === 0 || i >= 200);
    for (const id of readIds) await inbox.markRead(head, id);
    const newestFirst = [...ids].reverse();
    const unread = newestFirst.filter((id) => !readIds.includes(id));

    const all = await inbox.list('tnmt-head', { offset: 440, limit: 20 });
    expect(all.items.map((i) => i.itemId)).toEqual(newestFirst.slice(440));
    expect(all.items.map((i) => i.read)).toEqual(newestFirst.slice(440).map((id) => readIds.includes(id)));
    expect([all.total, all.unread]).toEqual([450, unread.length]);

    const paged: string[] = [];
    for (let offset = 0; offset < unread.length; offset += 40) {
      const answer = await inbox.list('tnmt-head', { offset, limit: 40, unreadOnly: true });
      expect([answer.total, answer.unread]).toEqual([unread.length, unread.length]);
      paged.push(...answer.items.map((i) => i.itemId));
    }
    expect(paged).toEqual(unread);
  });

  it('lists a user their items, newest first, and records what they marked read as events of their own stream', async () => {
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    await deliver(item('a', 'tnmt-head', 10));
    await deliver(item('b', 'tnmt-head', 20));
    await deliver(item('c', 'xd-head', 30));

    const listed = await inbox.list('tnmt-head', { offset: 0, limit: 20 });
    expect(listed.items.map((i) => [i.itemId, i.read])).toEqual([['b', false], ['a', false]]);
    expect(listed.unread).toBe(2);

    expect(await inbox.markRead(head, 'a')).toBe(true);
    expect(await inbox.markRead(head, 'a')).toBe(true);
    expect(await inbox.markRead(head, 'c')).toBe(false);
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20 })).unread).toBe(1);
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20, unreadOnly: true })).items.map((i) => i.itemId)).toEqual(['b']);

    // One event however often it is marked; nothing for the item of someone else's inbox.
    const stream = await sqlite.store.readStream(inboxStream('tnmt-head'));
    expect(stream).toEqual([
      expect.objectContaining({
        type: INBOX_ITEM_READ,
        data: { userId: 'tnmt-head', itemId: 'a', readAt: '2026-03-27T03:00:00.000Z' },
        metadata: expect.objectContaining({ actor: head }),
      }),
    ]);
    expect(await sqlite.store.readStream(inboxStream('xd-head'))).toEqual([]);
  });

  it('keeps the read marks when Redis loses everything and the inbox is rebuilt', async () => {
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    await deliver(item('a', 'tnmt-head', 10));
    await deliver(item('b', 'tnmt-head', 20));
    expect(await inbox.markRead(head, 'a')).toBe(true);

    await flushRedis();
    // The rebuilt inbox (another build: same items, fresh keys).
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1.1');
    await deliver(item('a', 'tnmt-head', 10), 'v1.1');
    await deliver(item('b', 'tnmt-head', 20), 'v1.1');

    const listed = await inbox.list('tnmt-head', { offset: 0, limit: 20 });
    expect(listed.items.map((i) => [i.itemId, i.read])).toEqual([['b', false], ['a', true]]);
    expect(listed.unread).toBe(1);
  });

  it('moves the read marks an older version kept only in Redis into the store, once', async () => {
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    await deliver(item('a', 'tnmt-head', 10));
    await deliver(item('b', 'tnmt-head', 20));
    await test.redis.sadd(test.keys.inboxReadMarks('tnmt-head'), 'b');

    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20 })).items.map((i) => [i.itemId, i.read])).toEqual([['b', true], ['a', false]]);
    expect(await test.redis.exists(test.keys.inboxReadMarks('tnmt-head'))).toBe(0);
    expect((await sqlite.store.readStream(inboxStream('tnmt-head'))).map((e) => [e.data['itemId'], e.metadata['migratedFrom']])).toEqual([['b', 'redis']]);

    await flushRedis();
    await test.redis.set(test.keys.projection(INBOX_PROJECTION).active, 'v1');
    await deliver(item('a', 'tnmt-head', 10));
    await deliver(item('b', 'tnmt-head', 20));
    expect((await inbox.list('tnmt-head', { offset: 0, limit: 20 })).unread).toBe(1);
  });
});
