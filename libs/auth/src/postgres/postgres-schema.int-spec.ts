import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresCaseKeyStore } from '../crypto/postgres-case-key.store';
import { describeWithPostgres, TEST_POSTGRES_URL } from '../testing/test-postgres';
import { PostgresUsersStore } from '../users/postgres-users.store';

async function dropSchema(name: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } finally {
    await client.end();
  }
}

describeWithPostgres('API processes starting at once on an empty PostgreSQL schema', () => {
  it('all open: the schema and tables are created once, none fails on a duplicate in the catalog', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = `kntc_t_${randomBytes(5).toString('hex')}`;
      try {
        const opening = Array.from({ length: 4 }, () => [
          PostgresUsersStore.open({ connectionString: TEST_POSTGRES_URL, schema }),
          PostgresCaseKeyStore.open({ connectionString: TEST_POSTGRES_URL, schema }),
        ]).flat();
        const results = await Promise.allSettled(opening);
        await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
        expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      } finally {
        await dropSchema(schema);
      }
    }
  }, 60_000);
});
