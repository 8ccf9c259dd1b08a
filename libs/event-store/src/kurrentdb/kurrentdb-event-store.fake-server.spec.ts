import { describeEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';

// The adapter's own logic (idempotent repeats, paging, the subscription wrapper) against an in-memory
// stand-in of the server; the int-spec runs the same contract against a real KurrentDB.
describeEventStoreContract(
  'KurrentDbEventStore over an in-memory client',
  async () => {
    const store = new KurrentDbEventStore(new FakeKurrentDbClient().asClient(), { readPageSize: 2 });
    return { store, cleanup: () => store.close() };
  },
  { refusesIdsReusedInAnotherStream: false },
);
