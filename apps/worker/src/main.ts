import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, ManualClock, openEngine, openUsersRoster, type Clock, type UsersRoster } from '@kntc/cases';
import { deadlineSettings } from '@kntc/deadlines';
import { readModelSettings } from '@kntc/read-models';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // Whatever the shell's umask: any file this process creates (beyond those given a mode) is owner-only.
  process.umask(0o077);
  const config = loadConfig();
  const settings = readModelSettings();
  const deadlines = deadlineSettings();
  const redisUrl = config.redisUrl;
  if (redisUrl === undefined) throw new ConfigError('REDIS_URL', 'the worker needs Redis, e.g. REDIS_URL=redis://127.0.0.1:6379');
  const clock = businessTimeOverride(process.env['KNTC_BUSINESS_TIME_OVERRIDE'], config.security.production);
  const engine = await openEngine(config);
  let roster: UsersRoster | undefined;
  try {
    // Whose inbox a notice reaches: the users store (or the users file with OIDC), read again as accounts change.
    roster = await openUsersRoster(config);
    const app = await NestFactory.createApplicationContext(WorkerModule.register(engine, roster, { ...config, redisUrl }, settings, deadlines, clock), {
      logger: ['log', 'warn', 'error'],
    });
    app.enableShutdownHooks();
  } catch (error) {
    await roster?.close();
    await engine.store.close();
    throw error;
  }
}

/**
 * TEST ONLY: KNTC_BUSINESS_TIME_OVERRIDE (an ISO-8601 instant) freezes the worker's business clock there, so
 * end-to-end tests can run a spawned worker at a date where chosen timers are due. Production mode refuses to start
 * with it: a frozen clock would fire every timer at the wrong time, and record it so.
 */
function businessTimeOverride(raw: string | undefined, production: boolean): Clock | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (production) throw new ConfigError('KNTC_BUSINESS_TIME_OVERRIDE', 'is a test-only switch and must not be set in production mode');
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw new ConfigError('KNTC_BUSINESS_TIME_OVERRIDE', `not an ISO-8601 instant: "${raw}"`);
  return new ManualClock(new Date(at));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
