import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../port/event-store.errors';
import { NO_STREAM } from '../port/event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env['KURRENTDB_CONNECTION_STRING'];
const SKIPPED = 'SKIPPED: KURRENTDB_CONNECTION_STRING not set, no KurrentDB server configured';

if (connectionString) {
  describeEventStoreContract(
    'KurrentDbEventStore',
    async () => {
      const store = KurrentDbEventStore.connect(connectionString);
      return { store, cleanup: () => store.close() };
    },
    { refusesIdsReusedInAnotherStream: false, timeoutMs: 30_000 },
  );
} else {
  console.warn(`KurrentDbEventStore contract ${SKIPPED}`);
  describe('KurrentDbEventStore (EventStore contract)', () => {
    it.skip(SKIPPED, () => undefined);
  });
}

describe('KurrentDbEventStore with no server listening', () => {
  let store: KurrentDbEventStore;

  beforeEach(() => {
    store = KurrentDbEventStore.connect('kurrentdb://127.0.0.1:1?tls=false');
  });

  afterEach(async () => {
    await store.close();
  });

  it('fails an append with StoreUnavailableError within seconds', async () => {
    const append = store.append(
      `case-${randomUUID()}`,
      [{ id: randomUUID(), type: 'CaseFiled', schemaVersion: 1, data: {}, metadata: {} }],
      NO_STREAM,
    );

    await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
  }, 5_000);

  it('fails stream and global reads with StoreUnavailableError within seconds', async () => {
    await expect(store.readStream(`case-${randomUUID()}`)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll({ limit: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
  }, 5_000);

  it('ends a subscription with StoreUnavailableError', async () => {
    const subscription = store.subscribeAll({ streamPrefix: 'case-' });

    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(StoreUnavailableError);
  }, 5_000);
});
