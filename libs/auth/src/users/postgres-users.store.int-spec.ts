import { describeWithPostgres, inTestSchema, TEST_POSTGRES_URL } from '../testing/test-postgres';
import { usersStoreContract } from '../testing/users-store.contract';
import { PostgresUsersStore } from './postgres-users.store';

describeWithPostgres('the users store in PostgreSQL', () => {
  usersStoreContract(() => inTestSchema((schema) => PostgresUsersStore.open({ connectionString: TEST_POSTGRES_URL, schema })));
});
