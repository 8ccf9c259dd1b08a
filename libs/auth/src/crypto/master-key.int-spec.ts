import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MASTER_KEY_FILE, MasterKeyError, resolveMasterKey } from './master-key';

describe('the master key of the embedded default', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-master-')), 'data');
  });
  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('is created on first start as 32 random bytes in base64, readable by the owner only, and read back after', () => {
    const first = resolveMasterKey({ dataDir });
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(resolveMasterKey({ dataDir })).toEqual(first);
  });

  it('is the configured one when KNTC_MASTER_KEY is set, and no file is written', () => {
    const configured = Buffer.alloc(32, 9).toString('base64');
    expect(resolveMasterKey({ dataDir, masterKey: configured }).key.equals(Buffer.alloc(32, 9))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, MASTER_KEY_FILE))).toBe(false);
  });

  it('refuses a key file others can read', () => {
    resolveMasterKey({ dataDir });
    fs.chmodSync(path.join(dataDir, MASTER_KEY_FILE), 0o644);
    expect(() => resolveMasterKey({ dataDir })).toThrow(MasterKeyError);
  });
});
