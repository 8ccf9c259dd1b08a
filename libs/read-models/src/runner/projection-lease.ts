import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lease on one key: taken with SET NX PX, kept by renewing before it lapses, and renewed or released only
 * by its holder (compare-and-act in a script). A holder that stops renewing (crash, pause) loses it after
 * `ttlMs`; the batch commits do not depend on it for correctness (see projection-commit.ts).
 */
export class ProjectionLease {
  constructor(
    private readonly redis: Redis,
    private readonly holderId: string,
    /** Lifetime of the lease without renewal, in ms. */
    readonly ttlMs: number,
  ) {}

  /** True when this holder has the lease now (newly taken, or already held and renewed). */
  async acquire(key: string): Promise<boolean> {
    const taken = await this.redis.set(key, this.holderId, 'PX', this.ttlMs, 'NX');
    return taken === 'OK' || (await this.renew(key));
  }

  /** False when the lease lapsed or another holder has it. */
  async renew(key: string): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, key, this.holderId, String(this.ttlMs))) === 1;
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, key, this.holderId);
  }
}
