import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FirstRunSetup, UserAccounts } from '@kntc/auth';
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
    await announce(app, config);
  } catch (error) {
    await engine.store.close();
    throw error;
  }
}

/** Where to open the UI; on a first run (no account yet), the one-time set-up link. */
async function announce(app: NestExpressApplication, config: KntcConfig): Promise<void> {
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  new Logger('Main').log(`KNTC is listening: web UI ${base}/, API ${base}/api/docs`);
  if (config.security.authMode !== 'local' || !(await app.get(UserAccounts).isEmpty())) return;
  const { token, expiresAt } = app.get(FirstRunSetup).issue();
  const until = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(expiresAt));
  // To the terminal only, never through the logger: log files and collectors must not hold a usable link.
  process.stdout.write(
    `\nKNTC chưa có người dùng. Mở đường dẫn sau để đặt mật khẩu quản trị viên (dùng một lần, hết hạn lúc ${until}, giờ Việt Nam):\n` +
      `No user yet. Open this link to choose the administrator's password (valid once, until ${expiresAt}):\n\n` +
      `  ${base}/setup#token=${token}\n\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
