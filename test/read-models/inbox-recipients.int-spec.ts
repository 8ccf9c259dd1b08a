import { FileUsersStore, UsersStoreUnavailableError, type UserAccount } from '@kntc/auth';
import { loadConfig, openUsersRoster, type UsersRoster } from '@kntc/cases';
import { recipientsFromRoster } from '@kntc/read-models';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const AT = '2026-03-02T02:00:00.000Z';
const account = (id: string, role: UserAccount['role'], overrides: Partial<UserAccount> = {}): UserAccount => ({
  id,
  name: `Cán bộ ${id}`,
  role,
  department: 'so-tnmt',
  disabled: false,
  revision: 0,
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

describe('the inbox recipients of the embedded sign-in: the users store of the data folder', () => {
  let dataDir: string;
  let store: FileUsersStore;
  let roster: UsersRoster;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-recipients-'));
    // A users file naming another head: the embedded sign-in's roster is the store, whatever the file says.
    const config = loadConfig({ KNTC_DATA_DIR: dataDir, KNTC_USERS_FILE: path.join(__dirname, '..', 'e2e', 'support', 'users.yaml') });
    store = new FileUsersStore(path.join(dataDir, 'users.json'));
    await store.put(account('tnmt-head-1', 'head'));
    roster = await openUsersRoster(config);
  });
  afterEach(async () => {
    await roster.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('are the holders of the role in the store, and follow its changes at each refresh', async () => {
    const recipients = recipientsFromRoster(roster);
    expect(recipients.usersOf('so-tnmt', ['head'])).toEqual(['tnmt-head-1']);

    await store.put(account('tnmt-head-2', 'head'));
    await store.put(account('tnmt-head-1', 'head', { disabled: true, revision: 1 }));
    await store.put(account('xd-head', 'head', { department: 'so-xd' }));
    expect(recipients.usersOf('so-tnmt', ['head'])).toEqual(['tnmt-head-1']);
    await recipients.refresh!();
    expect(recipients.usersOf('so-tnmt', ['head'])).toEqual(['tnmt-head-2']);
    expect(recipients.usersOf('so-tnmt', ['director'])).toEqual([]);
  });

  it('keep the users read last when the store cannot be read, reporting it, or fail the batch without a handler', async () => {
    const reported: unknown[] = [];
    const tolerant = recipientsFromRoster(roster, (error) => reported.push(error));
    const strict = recipientsFromRoster(roster);
    fs.writeFileSync(path.join(dataDir, 'users.json'), '{ not json');

    await tolerant.refresh!();
    expect(reported).toEqual([expect.any(UsersStoreUnavailableError)]);
    expect(tolerant.usersOf('so-tnmt', ['head'])).toEqual(['tnmt-head-1']);
    await expect(strict.refresh!()).rejects.toThrow(UsersStoreUnavailableError);
  });
});

describe('the inbox recipients with OIDC: the users file', () => {
  it('are the holders of the role in KNTC_USERS_FILE', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-recipients-'));
    const roster = await openUsersRoster(
      loadConfig({
        KNTC_DATA_DIR: dataDir,
        KNTC_USERS_FILE: path.join(__dirname, '..', 'e2e', 'support', 'users.yaml'),
        KNTC_AUTH_MODE: 'oidc',
        KNTC_OIDC_ISSUER: 'https://sso.example.gov.vn/realms/kntc',
        KNTC_OIDC_AUDIENCE: 'kntc-api',
        KNTC_OIDC_JWKS_URL: 'https://sso.example.gov.vn/realms/kntc/protocol/openid-connect/certs',
      }),
    );
    try {
      const recipients = recipientsFromRoster(roster);
      await recipients.refresh!();
      expect(recipients.usersOf('so-tnmt', ['head'])).toEqual(['tnmt-head']);
      expect(fs.existsSync(path.join(dataDir, 'users.json'))).toBe(false);
    } finally {
      await roster.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
