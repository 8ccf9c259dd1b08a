import { TokenService, UsersDirectory } from '@kntc/auth';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, assertBuilt, runKntc, tempDataDir } from './kntc-cli';

const USERS = UsersDirectory.load(path.join(REPO_ROOT, 'config', 'users.yaml'));
// Each test starts the CLI in a new Node process (about 1 s of CPU), several at once on a 2-core machine.
jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const dataDir = tempDataDir();
beforeAll(assertBuilt);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('kntc token for a user of config/users.yaml', () => {
  it('prints only a token the API accepts for that user, signed with the data folder secret', async () => {
    const result = await runKntc(['token', 'tnmt-tiepdan-lan'], dataDir);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const secret = fs.readFileSync(path.join(dataDir, 'token-secret'), 'utf8').trim();
    expect(new TokenService({ secret, users: USERS }).verify(token)).toEqual({
      id: 'tnmt-tiepdan-lan',
      role: 'intake',
      department: 'so-tnmt',
      name: 'Trần Thị Lan',
    });
    expect(result.stderr).toContain('valid until');
  });

  it('signs with KNTC_TOKEN_SECRET when it is set', async () => {
    const secret = 'a-test-secret-of-at-least-32-characters';
    const result = await runKntc(['token', 'xd-chanhtt-son'], dataDir, { KNTC_TOKEN_SECRET: secret });
    expect(result.code).toBe(0);
    expect(new TokenService({ secret, users: USERS }).verify(result.stdout.trim())).toMatchObject({ id: 'xd-chanhtt-son', role: 'head' });
  });
});

describe('kntc token for someone not in the users file', () => {
  it('exits 2, prints no token and lists the users', async () => {
    const result = await runKntc(['token', 'nobody'], dataDir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('tnmt-tiepdan-lan');
  });
});
