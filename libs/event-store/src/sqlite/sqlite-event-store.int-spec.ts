import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConcurrencyError, StoreUnavailableError } from '../port/event-store.errors';
import { NO_STREAM, type NewEvent, type RecordedEvent } from '../port/event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

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

describeEventStoreContract('SqliteEventStore', async () => {
  const dir = freshDir();
  const store = SqliteEventStore.open(path.join(dir, 'events.sqlite'));
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
    const store = SqliteEventStore.open(file, options);
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

  it('lets a subscription on one store see events another store appends to the same file, by polling', async () => {
    const reader = open({ pollIntervalMs: 20 });
    const writer = open();
    const subscription = reader.subscribeAll({ streamPrefix: 'case-' });
    const events = subscription[Symbol.asyncIterator]();
    try {
      const waiting = events.next();
      await writer.append('case-1', [event('FromOtherProcess')], NO_STREAM);

      const received = await within(waiting, 2_000);
      expect(received.done).toBe(false);
      expect((received.value as RecordedEvent).type).toBe('FromOtherProcess');
    } finally {
      await subscription.close();
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

  it('ends open subscriptions and refuses further calls once closed', async () => {
    const store = SqliteEventStore.open(file);
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
