import { RateLimitedError } from '@kntc/auth';
import { inMemoryLimiters, LoginAttemptLimits } from './login-attempt-limits';

const SETTING = { limit: 3, windowSeconds: 300 };
const START = Date.parse('2026-03-02T02:00:00Z');

/** One sign-in attempt: refused by a limit, or admitted and then right or wrong. */
async function attempt(limits: LoginAttemptLimits, address: string, userId: string, right: boolean): Promise<'limited' | 'signed-in' | 'wrong-password'> {
  try {
    await limits.admit(address, userId);
  } catch (error) {
    if (error instanceof RateLimitedError) return 'limited';
    throw error;
  }
  if (right) return 'signed-in';
  await limits.recordFailure(userId);
  return 'wrong-password';
}

/** `count` attempts one after the other, as a client sends them. */
async function sequence<T>(count: number, one: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i++) results.push(await one());
  return results;
}

describe('sign-in limits per address and user, and per user across addresses', () => {
  it('limit an attacker failing for a user from one address, window after window, without locking out the real user elsewhere', async () => {
    let now = START;
    const limits = new LoginAttemptLimits(SETTING, inMemoryLimiters(() => now));
    for (let window = 0; window < 24 * 12; window++) {
      const tries = await sequence(20, () => attempt(limits, '203.0.113.5', 'tnmt-head', false));
      expect(tries.filter((t) => t === 'wrong-password')).toHaveLength(3);
      expect(tries.slice(3).every((t) => t === 'limited')).toBe(true);
      expect(await attempt(limits, '198.51.100.7', 'tnmt-head', true)).toBe('signed-in');
      now += 300_000;
    }
  });

  it('leave the other users of the attacking address alone only as far as the address limit allows', async () => {
    const limits = new LoginAttemptLimits(SETTING, inMemoryLimiters(() => START));
    for (let i = 0; i < 3; i++) await attempt(limits, '203.0.113.5', `user-${i}`, false);
    expect(await attempt(limits, '203.0.113.5', 'tnmt-head', true)).toBe('limited');
    expect(await attempt(limits, '198.51.100.7', 'tnmt-head', true)).toBe('signed-in');
  });

  it('slow a guess spread over many addresses: past the per-user limit every address is refused for that user, other users are not', async () => {
    const limits = new LoginAttemptLimits(SETTING, inMemoryLimiters(() => START));
    let failures = 0;
    for (let address = 1; address <= 20; address++) {
      for (let i = 0; i < 3; i++) if ((await attempt(limits, `10.0.0.${address}`, 'tnmt-head', false)) === 'wrong-password') failures += 1;
    }
    expect(failures).toBe(limits.userFailureLimit.limit);
    expect(limits.userFailureLimit.limit).toBeGreaterThan(SETTING.limit * (limits.userFailureLimit.windowSeconds / SETTING.windowSeconds));
    expect(await attempt(limits, '198.51.100.7', 'tnmt-head', true)).toBe('limited');
    expect(await attempt(limits, '198.51.100.7', 'tnmt-director', true)).toBe('signed-in');
  });

  it('count no correct password against the user', async () => {
    let now = START;
    const limits = new LoginAttemptLimits(SETTING, inMemoryLimiters(() => now));
    for (let window = 0; window < 100; window++) {
      for (let i = 0; i < 3; i++) expect(await attempt(limits, `10.1.0.${window % 250}`, 'tnmt-head', true)).toBe('signed-in');
      now += 300_000;
    }
  });
});
