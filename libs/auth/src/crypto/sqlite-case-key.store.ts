import Database from 'better-sqlite3';
import { applySqliteMigrations, prepareOwnerOnlySqliteFile, restrictSqliteFiles } from '@kntc/event-store';
import { KeyStoreUnavailableError, type CaseKeyStore, type ShredOutcome, type StoredCaseKey } from './case-key.store';

/** SQLite result codes of a file that cannot be used now, whatever the data: locked, read-only, full, failing. */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|READONLY)/;

/** Schema steps; `PRAGMA user_version` records how many a file has had. Never edit a released step, add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE case_keys (
     case_id TEXT PRIMARY KEY,
     wrapped_key BLOB,
     master_key_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     shredded_at TEXT
   );`,
];

interface Row {
  case_id: string;
  wrapped_key: Buffer | null;
  master_key_id: string;
  created_at: string;
  shredded_at: string | null;
}

/**
 * The case keys in their own SQLite file (default `<dataDir>/case-keys.sqlite`), never in the event store: a
 * backup of the events alone then holds no key. `secure_delete` overwrites an erased key inside the file, and
 * the WAL is truncated after each shredding so no old page keeps it.
 */
export class SqliteCaseKeyStore implements CaseKeyStore {
  private readonly statements: ReturnType<typeof prepare>;

  private constructor(private readonly db: Database.Database) {
    this.statements = prepare(db);
  }

  static open(file: string): SqliteCaseKeyStore {
    // Owner-only before SQLite opens it: its -wal and -shm files take the database file's mode.
    prepareOwnerOnlySqliteFile(file);
    const db = new Database(file, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      applySqliteMigrations(db, MIGRATIONS, 'case key store');
      restrictSqliteFiles(file);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteCaseKeyStore(db);
  }

  async insertIfAbsent(key: { caseId: string; wrappedKey: Buffer; masterKeyId: string; createdAt: string }): Promise<StoredCaseKey> {
    return this.run(() => {
      this.statements.insert.run(key.caseId, key.wrappedKey, key.masterKeyId, key.createdAt);
      return toStored(this.statements.find.get(key.caseId)!);
    });
  }

  async find(caseId: string): Promise<StoredCaseKey | undefined> {
    return this.run(() => {
      const row = this.statements.find.get(caseId);
      return row ? toStored(row) : undefined;
    });
  }

  async shred(caseId: string, shreddedAt: string): Promise<ShredOutcome> {
    return this.run(() => {
      const row = this.statements.find.get(caseId);
      if (!row) return 'absent';
      if (row.wrapped_key === null) return 'already-shredded';
      this.statements.shred.run(shreddedAt, caseId);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return 'shredded';
    });
  }

  async masterKeyIds(): Promise<string[]> {
    return this.run(() => this.statements.masterKeyIds.all().map((r) => r.master_key_id));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** A file that cannot be used now answers KeyStoreUnavailableError (503), not the driver's error (500). */
  private run<T>(operation: () => T): T {
    if (!this.db.open) throw new KeyStoreUnavailableError(`case key store ${this.db.name} is closed`);
    try {
      return operation();
    } catch (error) {
      // Matched by code alone: the native addon may build its errors in another realm (Jest's vm).
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
        throw new KeyStoreUnavailableError(`case key store: ${String((error as { message?: unknown }).message)}`, { cause: error });
      }
      throw error;
    }
  }
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare<[string, Buffer, string, string]>(
      'INSERT INTO case_keys (case_id, wrapped_key, master_key_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING',
    ),
    find: db.prepare<[string], Row>('SELECT case_id, wrapped_key, master_key_id, created_at, shredded_at FROM case_keys WHERE case_id = ?'),
    shred: db.prepare<[string, string]>('UPDATE case_keys SET wrapped_key = NULL, shredded_at = ? WHERE case_id = ?'),
    masterKeyIds: db.prepare<[], { master_key_id: string }>('SELECT DISTINCT master_key_id FROM case_keys WHERE wrapped_key IS NOT NULL'),
  };
}

function toStored(row: Row): StoredCaseKey {
  return {
    caseId: row.case_id,
    wrappedKey: row.wrapped_key,
    masterKeyId: row.master_key_id,
    createdAt: row.created_at,
    shreddedAt: row.shredded_at,
  };
}
