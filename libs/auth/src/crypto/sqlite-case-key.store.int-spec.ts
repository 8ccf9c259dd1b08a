import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { KeyStoreUnavailableError } from './case-key.store';
import { SqliteCaseKeyStore } from './sqlite-case-key.store';

const CASE = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';
const KEY = { caseId: CASE, wrappedKey: Buffer.alloc(60, 7), masterKeyId: 'mk-test', createdAt: '2026-03-02T02:00:00.000Z' };

describe('the SQLite key store when its file cannot be used', () => {
  let dir: string;
  let file: string;
  let store: SqliteCaseKeyStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-keys-'));
    file = path.join(dir, 'case-keys.sqlite');
    store = SqliteCaseKeyStore.open(file);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers KeyStoreUnavailableError, not the driver error, while another writer holds the file past the busy timeout; nothing is written', async () => {
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const failure = await store.insertIfAbsent(KEY).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(KeyStoreUnavailableError);
      expect(failure).toMatchObject({ code: 'key-store-unavailable' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.find(CASE)).toBeUndefined();
    expect(await store.insertIfAbsent(KEY)).toMatchObject({ caseId: CASE, masterKeyId: 'mk-test' });
  }, 15_000);

  it('answers KeyStoreUnavailableError once closed', async () => {
    await store.close();
    await expect(store.find(CASE)).rejects.toBeInstanceOf(KeyStoreUnavailableError);
  });
});
