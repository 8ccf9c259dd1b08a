import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TOKEN_SECRET_FILE = 'token-secret';
/** HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2). */
const MIN_SECRET_LENGTH = 32;

export class TokenSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenSecretError';
  }
}

/**
 * The token signing key: the configured secret (KNTC_TOKEN_SECRET), else `<dataDir>/token-secret`, created
 * on first start with 32 random bytes (hex) and readable by the owner only.
 */
export function resolveTokenSecret(config: { tokenSecret?: string; dataDir: string }): string {
  if (config.tokenSecret !== undefined) {
    if (config.tokenSecret.length < MIN_SECRET_LENGTH) {
      throw new TokenSecretError(`KNTC_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
    return config.tokenSecret;
  }
  const file = path.join(config.dataDir, TOKEN_SECRET_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    // Written aside and linked into place, so a process starting beside this one never reads a half-written key.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new TokenSecretError(`${file} must hold a secret of at least ${MIN_SECRET_LENGTH} characters; delete it to have a new one created`);
  }
  return secret;
}
