import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { UsersDirectory } from '@kntc/auth';
import { loadConfig, openEngine, type KntcConfig } from '@kntc/cases';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  // Whatever the shell's umask: any file this process creates (beyond those given a mode) is owner-only.
  process.umask(0o077);
  const config = loadConfig();
  const engine = await openEngine(config);
  try {
    const app = await createApiApp(engine, config, { logLevel: process.env['LOG_LEVEL'] ?? 'info' });
    await app.listen(config.port, config.host);
    announce(config);
  } catch (error) {
    await engine.store.close();
    throw error;
  }
}

/** Where to open the UI, and, on a fresh install, why nobody can sign in yet. */
function announce(config: KntcConfig): void {
  const logger = new Logger('Main');
  logger.log(`KNTC is listening: web UI http://${config.host}:${config.port}/, API http://${config.host}:${config.port}/api/docs`);
  if (config.security.authMode !== 'local') return;
  const users = UsersDirectory.load(config.usersFile).list();
  if (!users.some((user) => user.passwordHash !== undefined)) {
    logger.warn(`no user in ${config.usersFile} has a password yet: give one a password with "node bin/kntc.js users set-password <user id>" (e.g. tnmt-tiepdan-lan), then sign in`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
