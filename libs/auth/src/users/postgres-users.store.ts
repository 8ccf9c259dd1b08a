import type { Pool } from 'pg';
import { createSchemaObjects, inTransaction, isPostgresUnavailable, openPostgresPool, type PostgresOptions } from '../postgres/postgres-pool';
import type { UserAccount } from './user-account';
import type { UserRole } from './users-directory';
import { UsersStoreUnavailableError, type UsersStore } from './users.store';

/** `change` takes the next value of the sequence at every write: the cache's stamp is its maximum. */
const SCHEMA_SQL = `
  CREATE SEQUENCE IF NOT EXISTS kntc_users_changes;
  CREATE TABLE IF NOT EXISTS kntc_users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    department TEXT NOT NULL,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change BIGINT NOT NULL DEFAULT nextval('kntc_users_changes')
  );`;

/** Serialises first-run set-ups of every process: the key of a transaction-scoped advisory lock. */
const FIRST_ACCOUNT_LOCK = 0x6b6e7463;

interface Row {
  id: string;
  name: string;
  role: UserRole;
  department: string;
  password_hash: string | null;
  disabled: boolean;
  revision: number;
  created_at: string;
  updated_at: string;
}

const UPSERT = `
  INSERT INTO kntc_users (id, name, role, department, password_hash, disabled, revision, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, department = EXCLUDED.department,
    password_hash = EXCLUDED.password_hash, disabled = EXCLUDED.disabled, revision = EXCLUDED.revision,
    updated_at = EXCLUDED.updated_at, change = nextval('kntc_users_changes')
  WHERE kntc_users.revision < EXCLUDED.revision`;

/** The accounts in PostgreSQL, table `kntc_users` (created on start): shared by every API process. */
export class PostgresUsersStore implements UsersStore {
  private constructor(private readonly pool: Pool) {}

  static async open(options: PostgresOptions): Promise<PostgresUsersStore> {
    const pool = await openPostgresPool(options);
    try {
      await createSchemaObjects(pool, SCHEMA_SQL);
    } catch (error) {
      await pool.end();
      throw unavailable(error);
    }
    return new PostgresUsersStore(pool);
  }

  async list(): Promise<UserAccount[]> {
    const { rows } = await this.query<Row>('SELECT * FROM kntc_users ORDER BY id');
    return rows.map(toAccount);
  }

  async find(userId: string): Promise<UserAccount | undefined> {
    const { rows } = await this.query<Row>('SELECT * FROM kntc_users WHERE id = $1', [userId]);
    return rows[0] && toAccount(rows[0]);
  }

  async put(account: UserAccount): Promise<boolean> {
    const { rowCount } = await this.query(UPSERT, paramsOf(account));
    return rowCount === 1;
  }

  async putFirst(account: UserAccount): Promise<boolean> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ACCOUNT_LOCK]);
        const { rows } = await client.query('SELECT 1 FROM kntc_users LIMIT 1');
        if (rows.length > 0) return false;
        await client.query(UPSERT, paramsOf(account));
        return true;
      });
    } catch (error) {
      throw unavailable(error);
    }
  }

  async stamp(): Promise<string> {
    const { rows } = await this.query<{ stamp: string }>(`SELECT coalesce(max(change), 0) || ':' || count(*) AS stamp FROM kntc_users`);
    return rows[0]!.stamp;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function paramsOf(account: UserAccount): unknown[] {
  return [account.id, account.name, account.role, account.department, account.passwordHash ?? null, account.disabled, account.revision, account.createdAt, account.updatedAt];
}

function toAccount(row: Row): UserAccount {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    department: row.department,
    ...(row.password_hash !== null ? { passwordHash: row.password_hash } : {}),
    disabled: row.disabled,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function unavailable(error: unknown): unknown {
  return isPostgresUnavailable(error) ? new UsersStoreUnavailableError(`PostgreSQL users store: ${(error as Error).message}`, { cause: error }) : error;
}
