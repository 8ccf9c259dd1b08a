import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long the printed set-up link stays valid. */
export const SETUP_TOKEN_TTL_MS = 30 * 60_000;

/**
 * The one-time set-up link of a first start on an empty users store: a random token, printed once to the
 * terminal by the process that made it and held here only as its hash; valid once, for 30 minutes. Whoever can
 * read the terminal chooses the first administrator's password.
 */
export class FirstRunSetup {
  private digest: Buffer | undefined;
  private expiresAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A new token (any earlier one stops working). */
  issue(): { token: string; expiresAt: string } {
    const token = randomBytes(24).toString('base64url');
    this.digest = hash(token);
    this.expiresAt = this.now() + SETUP_TOKEN_TTL_MS;
    return { token, expiresAt: new Date(this.expiresAt).toISOString() };
  }

  /** Whether a set-up link is waiting to be used. */
  get pending(): boolean {
    return this.digest !== undefined && this.now() < this.expiresAt;
  }

  /** Whether `token` is the pending one; does not use it up (see {@link consume}). */
  matches(token: string): boolean {
    return this.pending && timingSafeEqual(hash(token), this.digest!);
  }

  /** Uses the token up: the link works once. */
  consume(): void {
    this.digest = undefined;
  }
}

function hash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
