import { TokenService, UsersDirectory } from '@kntc/auth';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, assertBuilt, runKntc, tempDataDir } from './kntc-cli';

const LAN = { id: 'tnmt-tiepdan-lan', name: 'Trần Thị Lan', role: 'intake', department: 'so-tnmt' } as const;
const SON = { id: 'xd-chanhtt-son', name: 'Bùi Thanh Sơn', role: 'head', department: 'so-xd' } as const;
const USERS = new UsersDirectory([LAN, SON]);
// Each test starts the CLI in a new Node process (about 1 s of CPU), several at once on a 2-core machine.
jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const dataDir = tempDataDir();
/** The shipped seed, config/users.yaml, lists both; only what `kntc users add` puts in the store counts. */
const SEED = { KNTC_USERS_FILE: path.join(REPO_ROOT, 'config', 'users.yaml') };
beforeAll(assertBuilt);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('kntc token on a data folder whose users store holds no account', () => {
  it('exits 2 and prints no token, even for a user of the users file', async () => {
    const result = await runKntc(['token', LAN.id], dataDir, SEED);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('kntc users add');
  });
});

describe('kntc token for users added with kntc users add', () => {
  beforeAll(async () => {
    for (const user of [LAN, SON]) {
      const added = await runKntc(['users', 'add', user.id, '--name', user.name, '--role', user.role, '--department', user.department], dataDir);
      expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining(`added ${user.id}`) });
    }
  });

  it('prints only a token the API accepts for that user, signed with the data folder secret', async () => {
    const result = await runKntc(['token', LAN.id], dataDir, SEED);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const secret = fs.readFileSync(path.join(dataDir, 'token-secret'), 'utf8').trim();
    expect(new TokenService({ secret, users: USERS }).verify(token)).toEqual(LAN);
    expect(result.stderr).toContain('valid until');
  });

  it('signs with KNTC_TOKEN_SECRET when it is set', async () => {
    const secret = 'a-test-secret-of-at-least-32-characters';
    const result = await runKntc(['token', SON.id], dataDir, { KNTC_TOKEN_SECRET: secret });
    expect(result.code).toBe(0);
    expect(new TokenService({ secret, users: USERS }).verify(result.stdout.trim())).toMatchObject({ id: SON.id, role: 'head' });
  });

  it('exits 2 for a user of the users file not in the store, prints no token and lists the users', async () => {
    const result = await runKntc(['token', 'tnmt-chanhtt-hung'], dataDir, SEED);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`users: ${LAN.id}, ${SON.id}`);
  });
});
