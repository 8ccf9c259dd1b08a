import { ConcurrencyError } from '../port/event-store.errors';
import type { NewEvent } from '../port/event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { verifyStreamChain } from './event-hash-chain';
import { HashChainingEventStore } from './hash-chaining.event-store';

let counter = 0;
function event(type: string): NewEvent {
  counter += 1;
  return { id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, type, schemaVersion: 1, data: { n: counter }, metadata: {} };
}

describe('a store that chains the case and access streams', () => {
  let inner: SqliteEventStore;
  let store: HashChainingEventStore;
  beforeEach(() => {
    inner = SqliteEventStore.open(':memory:');
    store = new HashChainingEventStore(inner, ['case-', 'access-']);
  });
  afterEach(() => store.close());

  it('chains the events of every append to the event at the expected revision', async () => {
    await store.append('case-1', [event('A'), event('B')], -1);
    await store.append('case-1', [event('C')], 1);
    expect(verifyStreamChain('case-1', await inner.readStream('case-1'))).toMatchObject({ valid: true, events: 3 });
  });

  it('chains appends made with `any` to the newest event, also when they race', async () => {
    await Promise.all(Array.from({ length: 10 }, () => store.append('access-1', [event('IdentityRevealed')], 'any')));
    expect(verifyStreamChain('access-1', await inner.readStream('access-1'))).toMatchObject({ valid: true, events: 10 });
  });

  it('answers a repeated append as the first one, and the chain still holds', async () => {
    const batch = [event('A')];
    await store.append('case-2', batch, -1);
    await expect(store.append('case-2', batch, -1)).resolves.toMatchObject({ written: false });
    expect(verifyStreamChain('case-2', await inner.readStream('case-2'))).toMatchObject({ valid: true, events: 1 });
  });

  it('still refuses an append on a stale revision', async () => {
    await store.append('case-3', [event('A'), event('B')], -1);
    await expect(store.append('case-3', [event('C')], 0)).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('leaves other streams as they are given', async () => {
    await store.append('projection-x', [event('A')], 'any');
    expect((await inner.readStream('projection-x'))[0]!.metadata).toEqual({});
  });
});
