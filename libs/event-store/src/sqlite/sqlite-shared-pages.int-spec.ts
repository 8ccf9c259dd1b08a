import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NO_STREAM, type NewEvent } from '../port/event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n }, metadata: {} });

describe('large readAll pages shared between readers (projections replaying together)', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-shared-pages-'));
    store = SqliteEventStore.open(path.join(dir, 'events.sqlite'));
    let revision: bigint | typeof NO_STREAM = NO_STREAM;
    for (let start = 0; start < 2_500; start += 500) {
      const result = await store.append('case-a', Array.from({ length: 500 }, (_, i) => event(start + i)), revision);
      revision = result.revision;
    }
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('decodes a full page once: a second reader of the same page gets the same events, equal to a fresh read', async () => {
    const first = await store.readAll({ after: 0n, streamPrefix: 'case-', limit: 1_000 });
    const second = await store.readAll({ after: 0n, streamPrefix: 'case-', limit: 1_000 });
    expect(second).toHaveLength(1_000);
    expect(second.every((recorded, i) => recorded === first[i])).toBe(true);
    const other = SqliteEventStore.open(path.join(dir, 'events.sqlite'));
    try {
      expect(await other.readAll({ after: 0n, streamPrefix: 'case-', limit: 1_000 })).toEqual(second);
    } finally {
      await other.close();
    }
  });

  it('hands each reader an array of its own', async () => {
    const first = await store.readAll({ after: 1_000n, limit: 1_000 });
    first.splice(0, 10);
    const second = await store.readAll({ after: 1_000n, limit: 1_000 });
    expect(second).toHaveLength(1_000);
    expect(second[0]!.position).toBe(1_001n);
  });

  it('never keeps a short page: events appended after it was read are seen by the next reader', async () => {
    expect(await store.readAll({ after: 2_000n, limit: 1_000 })).toHaveLength(500);
    await store.append('case-b', [event(1), event(2)], NO_STREAM);
    const again = await store.readAll({ after: 2_000n, limit: 1_000 });
    expect(again).toHaveLength(502);
    expect(again.at(-1)!.stream).toBe('case-b');
  });

  it('keeps pages per stream prefix: another prefix reads its own events', async () => {
    await store.append('don-x', [event(1)], NO_STREAM);
    expect(await store.readAll({ after: 0n, streamPrefix: 'case-', limit: 1_000 })).toHaveLength(1_000);
    expect(await store.readAll({ after: 0n, streamPrefix: 'don-', limit: 1_000 })).toHaveLength(1);
  });
});
