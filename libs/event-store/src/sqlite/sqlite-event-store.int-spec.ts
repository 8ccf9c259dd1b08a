import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyStreamChain } from '../audit/event-hash-chain';
import { HashChainingEventStore } from '../audit/hash-chaining.event-store';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../port/event-store.errors';
import { NO_STREAM, type NewEvent, type RecordedEvent } from '../port/event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { MAX_GROUP_COMMIT_APPENDS, SqliteEventStore, type GroupCommit } from './sqlite-event-store';

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-event-store-'));
}

function event(type: string): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data: { type }, metadata: {} };
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// Every behaviour holds whichever connection commits: this thread's own, or the writer thread's.
describe.each(['in-process', 'thread'] as const)('with the %s writer', (writer) => {
  describeEventStoreContract(`SqliteEventStore (${writer} writer)`, async () => {
    const dir = freshDir();
    const store = SqliteEventStore.open(path.join(dir, 'events.sqlite'), { writer });
    return {
      store,
      cleanup: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  describe('SqliteEventStore on a file', () => {
    let dir: string;
    let file: string;
    const opened: SqliteEventStore[] = [];
    const open = (options?: Parameters<typeof SqliteEventStore.open>[1]): SqliteEventStore => {
      const store = SqliteEventStore.open(file, { writer, ...options });
      opened.push(store);
      return store;
    };

    beforeEach(() => {
      dir = freshDir();
      file = path.join(dir, 'nested', 'folder', 'events.sqlite');
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('creates the parent folders, a WAL journal and schema version 1', () => {
      open();

      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.pragma('user_version', { simple: true })).toBe(1);
      } finally {
        raw.close();
      }
    });

    it('keeps every event, revision and position when reopened, and continues after them', async () => {
      const first = open();
      await first.append('case-1', [event('A'), event('B')], NO_STREAM);
      const before = await first.readAll();
      const head = await first.headPosition();
      await first.close();

      const reopened = open();

      expect(await reopened.readAll()).toEqual(before);
      expect(await reopened.headPosition()).toBe(head);
      const next = await reopened.append('case-1', [event('C')], 1);
      expect(next.revision).toBe(2);
      expect(next.position).toBeGreaterThan(head);
    });

    it('lets every subscription on one store see events another store appends to the same file, from one look at the head', async () => {
      const reader = open({ pollIntervalMs: 20 });
      const writer = open();
      const subscriptions = [reader.subscribeAll({ streamPrefix: 'case-' }), reader.subscribeAll()];
      try {
        const waiting = subscriptions.map((subscription) => subscription[Symbol.asyncIterator]().next());
        await writer.append('case-1', [event('FromOtherProcess')], NO_STREAM);

        for (const received of await within(Promise.all(waiting), 2_000)) {
          expect(received.done).toBe(false);
          expect((received.value as RecordedEvent).type).toBe('FromOtherProcess');
        }
      } finally {
        await Promise.all(subscriptions.map((subscription) => subscription.close()));
      }
    });

    it('refuses the loser of two stores racing for the same revision of one file', async () => {
      const one = open();
      const two = open();
      await one.append('case-1', [event('Filed')], NO_STREAM);

      await two.append('case-1', [event('FromTwo')], 0);
      const late = one.append('case-1', [event('FromOne')], 0);

      await expect(late).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(late).rejects.toMatchObject({ actual: 1 });
    });

    it('reports a file locked beyond the busy timeout as unavailable', async () => {
      const store = open({ busyTimeoutMs: 50 });
      const locker = new Database(file);
      locker.exec('BEGIN IMMEDIATE');
      try {
        await expect(store.append('case-1', [event('A')], NO_STREAM)).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }
      expect((await store.append('case-1', [event('A')], NO_STREAM)).written).toBe(true);
    });

    it('refuses a file written by a newer schema version', async () => {
      await open().close();
      const raw = new Database(file);
      raw.pragma('user_version = 99');
      raw.close();

      expect(() => SqliteEventStore.open(file)).toThrow(/schema version 99/);
    });

    it('gives a subscription every event of a page whose cached part the page\'s own fetch pushes out of the shared cache', async () => {
      const store = open();
      const take = async (iterator: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> => {
        const taken: RecordedEvent[] = [];
        while (taken.length < count) taken.push((await iterator.next()).value as RecordedEvent);
        return taken;
      };
      await store.append('case-1', Array.from({ length: 4096 }, () => event('A')), NO_STREAM);
      // The tail follower fills the shared cache up to its capacity (4096), the oldest cached from 3001 on.
      const tail = store.subscribeAll({ after: 2000n });
      const tailEvents = tail[Symbol.asyncIterator]();
      await take(tailEvents, 2096);
      await store.append('case-1', Array.from({ length: 3000 }, () => event('B')), 4095);
      await take(tailEvents, 3000);
      // A follower behind it reads 2801..3300: 2801..3000 fetched, whose adding evicts the cached 3001..3200.
      const behind = store.subscribeAll({ after: 2800n });
      const page = await take(behind[Symbol.asyncIterator](), 500);
      expect(page.map((e) => e.position)).toEqual(Array.from({ length: 500 }, (_, i) => BigInt(2801 + i)));
      await Promise.all([tail.close(), behind.close()]);
    });

    it('ends open subscriptions and refuses further calls once closed', async () => {
      const store = SqliteEventStore.open(file, { writer });
      const events = store.subscribeAll()[Symbol.asyncIterator]();
      const pending = events.next();

      await store.close();

      expect(await within(pending, 1_000)).toEqual({
        done: true,
        value: undefined,
      });
      await expect(store.readStream('case-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  describe('SqliteEventStore group commit', () => {
    let dir: string;
    let file: string;
    let commits: GroupCommit[];
    let store: SqliteEventStore;

    beforeEach(() => {
      dir = freshDir();
      file = path.join(dir, 'events.sqlite');
      commits = [];
      store = SqliteEventStore.open(file, { writer, onCommit: (commit) => commits.push(commit) });
    });

    afterEach(async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

    it('commits many concurrent appends to distinct streams in fewer transactions than appends, each on disk when answered', async () => {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => store.append(`case-${i}`, [event('Filed'), event('Accepted')], NO_STREAM)),
      );

      expect(commits.length).toBeLessThan(100);
      expect(commits.reduce((sum, commit) => sum + commit.written, 0)).toBe(100);
      expect(answers.every((answer) => answer.written && answer.revision === 1)).toBe(true);
      expect(new Set(answers.map((answer) => answer.position)).size).toBe(100);
      // Another connection sees every answered append: each was committed before its caller heard back.
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 200 });
      } finally {
        raw.close();
      }
    });

    it(`takes at most ${MAX_GROUP_COMMIT_APPENDS} appends in one transaction`, async () => {
      const total = MAX_GROUP_COMMIT_APPENDS * 2 + 7;

      await Promise.all(Array.from({ length: total }, (_, i) => store.append(`case-${i}`, [event('Filed')], NO_STREAM)));

      expect(commits.map((commit) => commit.appends)).toEqual([MAX_GROUP_COMMIT_APPENDS, MAX_GROUP_COMMIT_APPENDS, 7]);
      expect(await store.headPosition()).toBe(BigInt(total));
    });

    it('refuses a stale append of a group alone, and commits the others of that group', async () => {
      await store.append('case-stale', [event('Filed')], NO_STREAM);
      commits = [];

      const outcomes = await settle([
        store.append('case-a', [event('Filed')], NO_STREAM),
        store.append('case-stale', [event('Late')], NO_STREAM),
        store.append('case-b', [event('Filed')], NO_STREAM),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ stream: 'case-stale', expected: NO_STREAM, actual: 0 });
      expect(commits).toEqual([{ appends: 3, written: 2 }]);
      expect((await store.readStream('case-stale')).map((e) => e.type)).toEqual(['Filed']);
      expect(await store.readStream('case-a')).toHaveLength(1);
      expect(await store.readStream('case-b')).toHaveLength(1);
    });

    it('refuses an event id used by an earlier append of the same group for the later append only', async () => {
      const shared = event('Filed');

      const outcomes = await settle([
        store.append('case-a', [shared], NO_STREAM),
        store.append('case-b', [event('Filed'), { ...shared, type: 'Other' }], NO_STREAM),
        store.append('case-c', [event('Filed')], NO_STREAM),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ eventId: shared.id });
      expect(commits).toEqual([{ appends: 3, written: 2 }]);
      // The refused append's first event, written before its duplicate was met, was rolled back with it.
      expect(await store.readStream('case-b')).toEqual([]);
      expect((await store.readStream('case-a'))[0]!.id).toBe(shared.id);
    });

    it('checks appends to one stream in one group in the order they were made', async () => {
      const outcomes = await settle([
        store.append('case-1', [event('Filed')], NO_STREAM),
        store.append('case-1', [event('Accepted')], 0),
        store.append('case-1', [event('Rejected')], 0),
        store.append('case-1', [event('Noted')], 'any'),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 1 });
      expect(commits).toHaveLength(1);
      expect((await store.readStream('case-1')).map((e) => [e.revision, e.type])).toEqual([
        [0, 'Filed'],
        [1, 'Accepted'],
        [2, 'Noted'],
      ]);
    });

    it('answers a retry in the same group as the first send, without writing it twice', async () => {
      const batch = [event('Filed')];

      const [first, retry] = await Promise.all([
        store.append('case-1', batch, NO_STREAM),
        store.append('case-1', batch, NO_STREAM),
      ]);

      expect(first.written).toBe(true);
      expect(retry).toEqual({ ...first, written: false });
      expect(commits).toEqual([{ appends: 2, written: 1 }]);
    });

    it('gives every append of a group the error when its transaction cannot be taken, and writes none', async () => {
      await store.close();
      store = SqliteEventStore.open(file, { writer, busyTimeoutMs: 50, onCommit: (commit) => commits.push(commit) });
      const locker = new Database(file);
      locker.exec('BEGIN IMMEDIATE');
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        outcomes = await settle([1, 2, 3].map((i) => store.append(`case-${i}`, [event('Filed')], NO_STREAM)));
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }

      expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof StoreUnavailableError)).toBe(true);
      expect(commits).toEqual([]);
      expect(await store.headPosition()).toBe(0n);
    });

    // In-process, BEGIN IMMEDIATE holds this thread (and its timers) until the lock is released or the busy timeout ends.
    if (writer === 'thread') {
      it('keeps the event loop turning while a commit waits for the file', async () => {
        await store.close();
        store = SqliteEventStore.open(file, { writer, busyTimeoutMs: 5_000, onCommit: (commit) => commits.push(commit) });
        const locker = new Database(file);
        locker.exec('BEGIN IMMEDIATE');
        const pending = store.append('case-1', [event('Filed')], NO_STREAM);
        const started = performance.now();
        const timerFiredAfter = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - started), 50));
        locker.exec('ROLLBACK');
        locker.close();

        expect(timerFiredAfter).toBeLessThan(1_000);
        await expect(pending).resolves.toMatchObject({ written: true });
        expect(commits).toEqual([{ appends: 1, written: 1 }]);
      });
    }

    it('commits appends still queued when the store closes', async () => {
      const pending = store.append('case-1', [event('Filed')], NO_STREAM);
      await store.close();

      await expect(pending).resolves.toMatchObject({ written: true });
      const reopened = SqliteEventStore.open(file);
      try {
        expect(await reopened.readStream('case-1')).toHaveLength(1);
      } finally {
        await reopened.close();
      }
    });

    it('refuses all but one of concurrent chained appends at one revision, and the chain holds', async () => {
      const chained = new HashChainingEventStore(store, ['case-']);
      await chained.append('case-1', [event('Filed')], NO_STREAM);

      const outcomes = await settle(Array.from({ length: 10 }, (_, i) => chained.append('case-1', [event(`Try${i}`)], 0)));

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 1 });
      }
      expect(verifyStreamChain('case-1', await store.readStream('case-1'))).toMatchObject({ valid: true, events: 2 });
    });
  });
});
