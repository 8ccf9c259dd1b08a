import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MASTER_KEY_FILE = 'master-key';
export const MASTER_KEY_BYTES = 32;

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** The key that wraps every case data key (AES-256), with the id recorded beside each key it wraps. */
export interface MasterKey {
  key: Buffer;
  /** HMAC of a fixed label: names the master key without revealing it, so a wrong key is recognised. */
  id: string;
}

/** KNTC_MASTER_KEY: exactly 32 bytes, base64 (standard or URL-safe). */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`${source} must be ${MASTER_KEY_BYTES} random bytes in base64 (e.g. openssl rand -base64 32), got ${key.length} bytes`);
  }
  return { key, id: masterKeyId(key) };
}

export function masterKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('kntc/master-key-id/v1').digest('hex').slice(0, 16);
}

/**
 * The master key: the configured one (KNTC_MASTER_KEY), else `<dataDir>/master-key`, created on first start
 * with 32 random bytes (base64) and readable by the owner only. Losing it makes every confidential identity
 * unreadable: back it up apart from the data folder.
 */
export function resolveMasterKey(config: { masterKey?: string; dataDir: string }): MasterKey {
  if (config.masterKey !== undefined) return parseMasterKey(config.masterKey, 'KNTC_MASTER_KEY');
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    // Written aside and linked into place, so a process starting beside this one never reads a half-written key.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(draft, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  const mode = fs.statSync(file).mode & 0o077;
  if (mode !== 0) throw new MasterKeyError(`${file} is readable by others (mode ${(fs.statSync(file).mode & 0o777).toString(8)}); chmod 600 it`);
  return parseMasterKey(fs.readFileSync(file, 'utf8'), file);
}
