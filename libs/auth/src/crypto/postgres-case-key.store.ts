import type { Pool } from 'pg';
import { createSchemaObjects, isPostgresUnavailable, openPostgresPool, type PostgresOptions } from '../postgres/postgres-pool';
import { KeyStoreUnavailableError, type CaseKeyStore, type ShredOutcome, type StoredCaseKey } from './case-key.store';

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS kntc_case_keys (
    case_id TEXT PRIMARY KEY,
    wrapped_key BYTEA,
    master_key_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    shredded_at TEXT
  )`;

interface Row {
  case_id: string;
  wrapped_key: Buffer | null;
  master_key_id: string;
  created_at: string;
  shredded_at: string | null;
}

const COLUMNS = 'case_id, wrapped_key, master_key_id, created_at, shredded_at';

/**
 * The case keys in PostgreSQL, table `kntc_case_keys` (created on start): every API process, on any machine,
 * seals, reveals and shreds with the same keys. A shredded key is set to NULL and the table vacuumed at once, so
 * no live page keeps it; the server's WAL archive and base backups keep it until they expire (docs/operations).
 */
export class PostgresCaseKeyStore implements CaseKeyStore {
  private constructor(private readonly pool: Pool) {}

  static async open(options: PostgresOptions): Promise<PostgresCaseKeyStore> {
    let pool: Pool | undefined;
    try {
      pool = await openPostgresPool(options);
      await createSchemaObjects(pool, SCHEMA_SQL);
    } catch (error) {
      await pool?.end();
      throw unavailable(error);
    }
    return new PostgresCaseKeyStore(pool);
  }

  async insertIfAbsent(key: { caseId: string; wrappedKey: Buffer; masterKeyId: string; createdAt: string }): Promise<StoredCaseKey> {
    await this.query('INSERT INTO kntc_case_keys (case_id, wrapped_key, master_key_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING', [
      key.caseId,
      key.wrappedKey,
      key.masterKeyId,
      key.createdAt,
    ]);
    return (await this.find(key.caseId))!;
  }

  async find(caseId: string): Promise<StoredCaseKey | undefined> {
    const { rows } = await this.query<Row>(`SELECT ${COLUMNS} FROM kntc_case_keys WHERE case_id = $1`, [caseId]);
    return rows[0] && toStored(rows[0]);
  }

  async shred(caseId: string, shreddedAt: string): Promise<ShredOutcome> {
    const { rows } = await this.query<{ outcome: ShredOutcome }>(
      `WITH found AS (SELECT wrapped_key FROM kntc_case_keys WHERE case_id = $1 FOR UPDATE),
            erased AS (UPDATE kntc_case_keys SET wrapped_key = NULL, shredded_at = $2 WHERE case_id = $1 AND wrapped_key IS NOT NULL RETURNING 1)
       SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM found) THEN 'absent'
                   WHEN EXISTS (SELECT 1 FROM erased) THEN 'shredded'
                   ELSE 'already-shredded' END AS outcome`,
      [caseId, shreddedAt],
    );
    const outcome = rows[0]!.outcome;
    // The old row version still holds the key until vacuumed; a failed vacuum leaves it to autovacuum.
    if (outcome === 'shredded') await this.pool.query('VACUUM kntc_case_keys').catch(() => undefined);
    return outcome;
  }

  async masterKeyIds(): Promise<string[]> {
    const { rows } = await this.query<{ master_key_id: string }>('SELECT DISTINCT master_key_id FROM kntc_case_keys WHERE wrapped_key IS NOT NULL', []);
    return rows.map((row) => row.master_key_id);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** A server that cannot be reached answers KeyStoreUnavailableError (503), not the driver's error (500). */
  private async query<R extends object = Record<string, unknown>>(sql: string, params: unknown[]) {
    if (this.pool.ended) throw new KeyStoreUnavailableError('case key store (PostgreSQL) is closed');
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function toStored(row: Row): StoredCaseKey {
  return { caseId: row.case_id, wrappedKey: row.wrapped_key, masterKeyId: row.master_key_id, createdAt: row.created_at, shreddedAt: row.shredded_at };
}

function unavailable(error: unknown): unknown {
  return isPostgresUnavailable(error) ? new KeyStoreUnavailableError(`case key store (PostgreSQL): ${(error as Error).message}`, { cause: error }) : error;
}
