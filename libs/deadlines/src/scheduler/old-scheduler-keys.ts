import { deleteKeys, prefixPattern } from '@kntc/read-models';
import type { Redis } from 'ioredis';

/**
 * Keys of the scheduler before it ran on the projection runner (releases of 22 November to 4 December 2026), under
 * `<root>deadlines:`: its checkpoint, lease and records version, and one timers hash and one open-case record per
 * case. Nothing reads them since; the new scheduler rebuilt its records from the store into a build of its own. Left
 * in place they hold as much memory as the new records (about 2 KB for each case with a running clock) for good.
 */
function oldSchedulerKeys(root: string) {
  const under = `${root}deadlines:`;
  return {
    markers: [`${under}scheduler:checkpoint`, `${under}scheduler:records-version`, `${under}open-cases`],
    lease: `${under}scheduler:lease`,
    perCase: [prefixPattern(`${under}timers:`), prefixPattern(`${under}open-case:`)],
  };
}

/**
 * Deletes the old scheduler's keys when a marker of that layout is still there; returns how many keys it deleted
 * (0 at once when none is: one EXISTS). The markers go last, so a run cut short is finished by the next start. The
 * webhook delivery records (`deadlines:webhooks:delivered:`) are current and kept.
 */
export async function dropOldSchedulerKeys(redis: Redis, root: string): Promise<number> {
  const keys = oldSchedulerKeys(root);
  if ((await redis.exists(...keys.markers)) === 0) return 0;
  let deleted = 0;
  for (const pattern of keys.perCase) deleted += await deleteKeys(redis, pattern);
  return deleted + (await redis.unlink(keys.lease, ...keys.markers));
}
