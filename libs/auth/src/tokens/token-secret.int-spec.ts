import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveTokenSecret, TOKEN_SECRET_FILE, TokenSecretError } from './token-secret';

describe('the token secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-secret-')), 'data');
  });
  afterEach(() => {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('is the configured one when KNTC_TOKEN_SECRET is set, and no file is written', () => {
    expect(resolveTokenSecret({ tokenSecret: 's'.repeat(40), dataDir })).toBe('s'.repeat(40));
    expect(fs.existsSync(path.join(dataDir, TOKEN_SECRET_FILE))).toBe(false);
  });

  it('refuses a configured secret shorter than 32 characters', () => {
    expect(() => resolveTokenSecret({ tokenSecret: 'short', dataDir })).toThrow(TokenSecretError);
  });

  it('is created on first start as 32 random bytes in hex, readable by the owner only', () => {
    const secret = resolveTokenSecret({ dataDir });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dataDir, TOKEN_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual([TOKEN_SECRET_FILE]);
  });

  it('is read back unchanged on the next start', () => {
    expect(resolveTokenSecret({ dataDir })).toBe(resolveTokenSecret({ dataDir }));
  });

  it('refuses a file holding too short a secret, saying how to recover', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, TOKEN_SECRET_FILE), 'abc\n');
    expect(() => resolveTokenSecret({ dataDir })).toThrow(/delete it to have a new one created/);
  });
});
