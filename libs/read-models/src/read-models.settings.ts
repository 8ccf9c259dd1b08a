import { ConfigError } from '@kntc/cases';
import { DEFAULT_KEY_ROOT } from './keys';
import { DEFAULT_RUNNER_TUNING, type RunnerTuning } from './runner/projection-runner';
import { DEFAULT_DUE_SOON_WORKING_DAYS } from './shared/deadline-status';

/** Settings of the read side, from the environment (every variable is optional). */
export interface ReadModelSettings {
  /** KNTC_REDIS_PREFIX: root of every key, ending with ":". Default `kntc:`. */
  keyRoot: string;
  /** KNTC_RUN_PROJECTIONS: run the projection runners in the api process too (`true`/`false`). Default true. */
  runProjections: boolean;
  /** KNTC_PROJECTION_BATCH_SIZE (events), KNTC_PROJECTION_BATCH_WINDOW_MS, KNTC_PROJECTION_LEASE_TTL_MS. */
  tuning: RunnerTuning;
  /** KNTC_READ_MODEL_WAIT_MS: longest wait of a query given `?after=`, in ms. Default 5000. */
  waitTimeoutMs: number;
  /** KNTC_DUE_SOON_WORKING_DAYS: a running clock is due soon within this many working days. Default 3. */
  dueSoonWorkingDays: number;
}

export function readModelSettings(env: NodeJS.ProcessEnv = process.env): ReadModelSettings {
  const keyRoot = env['KNTC_REDIS_PREFIX'] ?? DEFAULT_KEY_ROOT;
  if (!/^[A-Za-z0-9_.:-]+:$/.test(keyRoot)) throw new ConfigError('KNTC_REDIS_PREFIX', `must be letters, digits, "_.:-" and end with ":", got "${keyRoot}"`);
  const run = env['KNTC_RUN_PROJECTIONS'] ?? 'true';
  if (run !== 'true' && run !== 'false') throw new ConfigError('KNTC_RUN_PROJECTIONS', 'must be true or false');
  return {
    keyRoot,
    runProjections: run === 'true',
    tuning: {
      ...DEFAULT_RUNNER_TUNING,
      batchSize: whole(env, 'KNTC_PROJECTION_BATCH_SIZE', DEFAULT_RUNNER_TUNING.batchSize, 1),
      batchWindowMs: whole(env, 'KNTC_PROJECTION_BATCH_WINDOW_MS', DEFAULT_RUNNER_TUNING.batchWindowMs, 1),
      leaseTtlMs: whole(env, 'KNTC_PROJECTION_LEASE_TTL_MS', DEFAULT_RUNNER_TUNING.leaseTtlMs, 100),
      standbyRetryMs: Math.min(DEFAULT_RUNNER_TUNING.standbyRetryMs, whole(env, 'KNTC_PROJECTION_LEASE_TTL_MS', DEFAULT_RUNNER_TUNING.leaseTtlMs, 100)),
    },
    waitTimeoutMs: whole(env, 'KNTC_READ_MODEL_WAIT_MS', 5_000, 0),
    dueSoonWorkingDays: whole(env, 'KNTC_DUE_SOON_WORKING_DAYS', DEFAULT_DUE_SOON_WORKING_DAYS, 0),
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(name, `must be a whole number >= ${min}, got "${raw}"`);
  return value;
}
