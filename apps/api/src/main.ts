import 'reflect-metadata';
import { loadConfig, openEngine } from '@kntc/cases';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await openEngine(config);
  try {
    const app = await createApiApp(engine, config, { logLevel: process.env['LOG_LEVEL'] ?? 'info' });
    await app.listen(config.port, config.host);
  } catch (error) {
    await engine.store.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
