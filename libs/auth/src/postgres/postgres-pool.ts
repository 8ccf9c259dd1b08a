import { Pool, type PoolClient } from 'pg';

/** A schema name we put in SQL ourselves: lower-case letters, digits and `_`. */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  /** `postgres://user@host:5432/db`. */
  connectionString: string;
  /** Tables go in this schema (created when missing) instead of the connection's default; tests use one each. */
  schema?: string;
  /** Connections at most; default 5 (the API keeps few requests waiting on keys or accounts at once). */
  maxConnections?: number;
}

/**
 * A connection pool whose connections all use `schema` (search_path). Shared by the adapters that several API
 * processes use together: the case keys and the accounts.
 */
export async function openPostgresPool(options: PostgresOptions): Promise<Pool> {
  if (options.schema !== undefined && !SCHEMA.test(options.schema)) throw new RangeError(`PostgreSQL schema must match ${SCHEMA}, got "${options.schema}"`);
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: 5_000,
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  if (options.schema !== undefined) await createSchemaObjects(pool, `CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  return pool;
}

/** Any fixed number: the lock every KNTC process takes while it creates its tables. */
const SCHEMA_LOCK = 0x6b6e7463;

/**
 * Runs `CREATE … IF NOT EXISTS` statements under one advisory lock: PostgreSQL does not make them safe against
 * each other, so two API processes starting at once could both try to create a table and one would fail
 * (duplicate key in pg_class / pg_namespace).
 */
export async function createSchemaObjects(pool: Pool, sql: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(sql);
  });
}

/** Runs `work` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A server or network failure, as opposed to a mistake in our SQL: connection refused or lost, server shutting down. */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return error instanceof Error && /timeout|terminated|Connection/i.test(error.message);
  // 08: connection exception; 57P: operator intervention (shutdown); 53: insufficient resources.
  return /^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code);
}
