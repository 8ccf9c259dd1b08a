import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Party } from '@kntc/domain';
import { caseKeyStoreContract } from '../testing/case-key-store.contract';
import { createTestSchema, describeWithPostgres, inTestSchema, TEST_POSTGRES_URL, type TestSchema } from '../testing/test-postgres';
import { CaseIdentityVault, SHREDDED_IDENTITY_NAME } from './case-identity.vault';
import { KeyStoreUnavailableError } from './case-key.store';
import { masterKeyId } from './master-key';
import { PostgresCaseKeyStore } from './postgres-case-key.store';
import { SqliteCaseKeyStore } from './sqlite-case-key.store';

describe('the case key store in SQLite', () => {
  caseKeyStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-keys-'));
    const file = path.join(dir, 'case-keys.sqlite');
    const store = SqliteCaseKeyStore.open(file);
    return {
      store,
      other: async () => SqliteCaseKeyStore.open(file),
      dispose: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describeWithPostgres('the case key store in PostgreSQL', () => {
  let schema: TestSchema;
  const open = () => PostgresCaseKeyStore.open({ connectionString: TEST_POSTGRES_URL, schema: schema.name });

  caseKeyStoreContract(() => inTestSchema((name) => PostgresCaseKeyStore.open({ connectionString: TEST_POSTGRES_URL, schema: name })));

  describe('shared by two vaults, as by two API processes', () => {
    const CASE = '5f0c7a52-1d1f-4c8e-9a53-6a1c2b0d9e11';
    const denouncer: Party = { role: 'denouncer', name: 'Phan Văn Khải', idNumber: '079085001234', confidential: true };
    const masterKey = { key: Buffer.alloc(32, 1), id: masterKeyId(Buffer.alloc(32, 1)) };
    let first: CaseIdentityVault;
    let second: CaseIdentityVault;
    beforeEach(async () => {
      schema = await createTestSchema();
      first = await CaseIdentityVault.open({ file: '/nonexistent', url: TEST_POSTGRES_URL, schema: schema.name, masterKey });
      second = await CaseIdentityVault.open({ file: '/nonexistent', url: TEST_POSTGRES_URL, schema: schema.name, masterKey });
    });
    afterEach(async () => {
      await first.close();
      await second.close();
      await schema.drop();
    });

    it('reveals through one what the other sealed, and once one shreds, neither can read it', async () => {
      const sealed = await first.sealParties(CASE, [denouncer]);
      await expect(second.revealParties(CASE, sealed)).resolves.toEqual({ outcome: 'revealed', parties: [denouncer] });
      await second.shred(CASE);
      for (const vault of [first, second]) {
        const after = await vault.revealParties(CASE, sealed);
        expect(after.outcome).toBe('shredded');
        expect(after.parties[0]!.name).toBe(SHREDDED_IDENTITY_NAME);
      }
    });
  });

  it('answers KeyStoreUnavailableError once closed, and when the server cannot be reached', async () => {
    schema = await createTestSchema();
    const store = await open();
    await store.close();
    await expect(store.find('x')).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    await expect(PostgresCaseKeyStore.open({ connectionString: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    await schema.drop();
  });
});
