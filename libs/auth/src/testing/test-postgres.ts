import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL the tests use: KNTC_TEST_POSTGRES_URL, or the local server (127.0.0.1:5432, trust auth,
 * database `test`). Each test makes a schema of its own and drops it.
 */
export const TEST_POSTGRES_URL = process.env['KNTC_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let available: boolean | undefined;

/**
 * Whether the server answers a query, asked once per test file and synchronously (Jest defines its tests
 * synchronously), by a short child process.
 */
export function testPostgresAvailable(): boolean {
  if (available !== undefined) return available;
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe, TEST_POSTGRES_URL], { timeout: 5_000, stdio: 'ignore', cwd: process.cwd() });
  available = result.status === 0;
  return available;
}

/** `describe`, or `describe.skip` saying plainly why, when no PostgreSQL answers. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (testPostgresAvailable()) {
    describe(name, body);
    return;
  }
  const reason = `skipped: no PostgreSQL answers at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (start one, or set KNTC_TEST_POSTGRES_URL)`;
  process.stderr.write(`${name}: ${reason}\n`);
  describe.skip(`${name} (${reason})`, body);
}

export interface TestSchema {
  /** e.g. `kntc_t_3f9a0c1b2d`. */
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty schema; `drop` removes it with everything in it. */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `kntc_t_${randomBytes(5).toString('hex')}`;
  await run(`CREATE SCHEMA ${name}`);
  return { name, drop: () => run(`DROP SCHEMA IF EXISTS ${name} CASCADE`) };
}

async function run(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A store in a fresh schema, a second connection to it (another process), and the clean-up: a contract's subject. */
export async function inTestSchema<S extends { close(): Promise<void> }>(open: (schema: string) => Promise<S>): Promise<{ store: S; other(): Promise<S>; dispose(): Promise<void> }> {
  const schema = await createTestSchema();
  const store = await open(schema.name);
  return {
    store,
    other: () => open(schema.name),
    dispose: async () => {
      await store.close();
      await schema.drop();
    },
  };
}
