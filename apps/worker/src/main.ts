import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, openEngine } from '@kntc/cases';
import { deadlineSettings } from '@kntc/deadlines';
import { readModelSettings } from '@kntc/read-models';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const settings = readModelSettings();
  const deadlines = deadlineSettings();
  const redisUrl = config.redisUrl;
  if (redisUrl === undefined) throw new ConfigError('REDIS_URL', 'the worker needs Redis, e.g. REDIS_URL=redis://127.0.0.1:6379');
  const engine = await openEngine(config);
  try {
    const app = await NestFactory.createApplicationContext(WorkerModule.register(engine, { ...config, redisUrl }, settings, deadlines), {
      logger: ['log', 'warn', 'error'],
    });
    app.enableShutdownHooks();
  } catch (error) {
    await engine.store.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
