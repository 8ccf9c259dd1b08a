import type { BuildKeys } from '../keys';

/**
 * reception-sessions: which sessions a department holds on which day, and nothing else (no place, no leader, no
 * visitor): the schedule and the reception book read the sessions' own streams, found through this index.
 */
export const receptionSessionsKeys = (build: BuildKeys) => ({
  /** ZSET: sessionId → the session's current date as yyyymmdd (moved on a postponement). */
  byDate: (department: string) => `${build.prefix}sessions:${department}`,
  /** HASH: sessionId → department, where a session's later events find its index. */
  departmentOf: `${build.prefix}department-of`,
});
