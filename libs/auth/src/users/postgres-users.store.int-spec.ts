import { createTestSchema, describeWithPostgres, TEST_POSTGRES_URL, type TestSchema } from '../testing/test-postgres';
import { usersStoreContract } from '../testing/users-store.contract';
import { PostgresUsersStore } from './postgres-users.store';

describeWithPostgres('the users store in PostgreSQL', () => {
  let schema: TestSchema;
  usersStoreContract(async () => {
    schema = await createTestSchema();
    const open = () => PostgresUsersStore.open({ connectionString: TEST_POSTGRES_URL, schema: schema.name });
    const store = await open();
    return {
      store,
      other: open,
      dispose: async () => {
        await store.close();
        await schema.drop();
      },
    };
  });
});
