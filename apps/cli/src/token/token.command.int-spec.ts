import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenService, UsersDirectory } from '@kntc/auth';
import { main } from '../main';
import { EXIT_USAGE } from '../shared/cli-errors';

const USERS_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'config', 'users.yaml');
const SECRET = 'a-test-secret-of-at-least-32-characters';

/** `kntc <args>` in process with the secret in the environment: exit code, standard output and error. */
async function kntc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-token-'));
  Object.assign(process.env, { KNTC_DATA_DIR: dataDir, KNTC_USERS_FILE: USERS_FILE, KNTC_TOKEN_SECRET: SECRET, KNTC_EVENT_STORE: 'sqlite' });
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
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('kntc token and the longest lifetime the API accepts', () => {
  const api = new TokenService({ secret: SECRET, users: UsersDirectory.load(USERS_FILE) });

  it.each([[[]], [['--ttl', '1']], [['--ttl', '8']]])('issues with %j a token the API accepts', async (options) => {
    const result = await kntc(['token', 'tnmt-tiepdan-lan', ...options]);
    expect(result.code).toBe(0);
    expect(api.verify(result.stdout.trim())).toMatchObject({ id: 'tnmt-tiepdan-lan' });
  });

  it('refuses a longer lifetime as a usage error (exit 2), printing no token', async () => {
    const result = await kntc(['token', 'tnmt-tiepdan-lan', '--ttl', '24']);
    expect(result).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(result.stderr).toContain('--ttl: at most 8 hours');
  });
});
