import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { main } from '../main';
import { EXIT_USAGE } from '../shared/cli-errors';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const LAN = { id: 'tnmt-tiepdan-lan', name: 'Trần Thị Lan', role: 'intake', department: 'so-tnmt' } as const;

jest.setTimeout(30_000);

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-token-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** `kntc <args>` in process on the test's data folder, with the secret in the environment: exit code, standard output and error. */
async function kntc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  // No users file: the accounts are the data folder's users store only.
  delete process.env['KNTC_USERS_FILE'];
  Object.assign(process.env, { KNTC_DATA_DIR: dataDir, KNTC_TOKEN_SECRET: SECRET, KNTC_EVENT_STORE: 'sqlite' });
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(Buffer.from(chunk).toString('utf8')) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(Buffer.from(chunk).toString('utf8')) > 0);
  try {
    return { code: await main(['node', 'kntc', ...args]), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.env = saved;
  }
}

describe('kntc token on an empty users store', () => {
  it('refuses as a usage error (exit 2), saying the store holds no account yet', async () => {
    const result = await kntc(['token', LAN.id]);
    expect(result).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(result.stderr).toContain('kntc users add');
  });
});

describe('kntc token for an account added to the users store, and the longest lifetime the API accepts', () => {
  const api = new TokenService({ secret: SECRET, users: new UsersDirectory([LAN]) });

  beforeAll(async () => {
    expect((await kntc(['users', 'add', LAN.id, '--name', LAN.name, '--role', LAN.role, '--department', LAN.department])).code).toBe(0);
  });

  it.each([[[]], [['--ttl', '1']], [['--ttl', '8']]])('issues with %j a token the API accepts', async (options) => {
    const result = await kntc(['token', LAN.id, ...options]);
    expect(result.code).toBe(0);
    expect(api.verify(result.stdout.trim())).toEqual({ id: LAN.id, name: LAN.name, role: LAN.role, department: LAN.department });
  });

  it('refuses a longer lifetime as a usage error (exit 2), printing no token', async () => {
    const result = await kntc(['token', LAN.id, '--ttl', '24']);
    expect(result).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(result.stderr).toContain('--ttl: at most 8 hours');
  });

  it('gives a disabled account no token, and lists the accounts that may have one', async () => {
    expect((await kntc(['users', 'add', 'tnmt-cu', '--name', 'Cán bộ cũ', '--role', 'inspector', '--department', 'so-tnmt'])).code).toBe(0);
    expect((await kntc(['users', 'disable', 'tnmt-cu'])).code).toBe(0);
    const result = await kntc(['token', 'tnmt-cu']);
    expect(result).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(result.stderr).toContain(`users: ${LAN.id}`);
  });
});
