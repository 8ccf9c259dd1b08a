import type { CaseKeyStore } from '../crypto/case-key.store';

const CASE = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';
const KEY = { caseId: CASE, wrappedKey: Buffer.alloc(60, 7), masterKeyId: 'mk-test', createdAt: '2026-03-02T02:00:00.000Z' };

/** A key store under test, and a second connection to the same keys (another API process's view). */
export interface CaseKeyStoreUnderTest {
  store: CaseKeyStore;
  other(): Promise<CaseKeyStore>;
  dispose(): Promise<void>;
}

/** The case key store contract: every adapter passes it. */
export function caseKeyStoreContract(open: () => Promise<CaseKeyStoreUnderTest>): void {
  let subject: CaseKeyStoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.dispose();
  });

  it('keeps the first key of a case and answers it to a second insert, from any connection', async () => {
    const stored = await subject.store.insertIfAbsent(KEY);
    expect(stored).toEqual({ ...KEY, shreddedAt: null });
    const other = await subject.other();
    expect(await other.insertIfAbsent({ ...KEY, wrappedKey: Buffer.alloc(60, 9) })).toEqual(stored);
    expect(await other.find(CASE)).toEqual(stored);
    await other.close();
  });

  it('shreds a key for good, keeping a tombstone that no insert replaces', async () => {
    await subject.store.insertIfAbsent(KEY);
    expect(await subject.store.shred(CASE, '2026-03-03T02:00:00.000Z')).toBe('shredded');
    expect(await subject.store.shred(CASE, '2026-03-04T02:00:00.000Z')).toBe('already-shredded');
    expect(await subject.store.shred('0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90', '2026-03-04T02:00:00.000Z')).toBe('absent');
    expect(await subject.store.insertIfAbsent(KEY)).toEqual({ ...KEY, wrappedKey: null, shreddedAt: '2026-03-03T02:00:00.000Z' });
  });

  it('names the master keys of the keys not shredded', async () => {
    await subject.store.insertIfAbsent(KEY);
    await subject.store.insertIfAbsent({ ...KEY, caseId: '0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90', masterKeyId: 'mk-old' });
    await subject.store.shred('0b8f8a4e-3c1d-4e0f-9d3a-2f6c1b7e5a90', '2026-03-03T02:00:00.000Z');
    expect(await subject.store.masterKeyIds()).toEqual(['mk-test']);
  });
}
