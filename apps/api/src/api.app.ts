import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { KntcConfig, OpenedEngine } from '@kntc/cases';
import { ApiModule, type ApiOptions } from './api.module';
import { setupOpenApi } from './openapi/openapi.document';

/** Largest request body; a filing with long content and many parties stays far below it. */
export const BODY_LIMIT = '256kb';

/** The configured application, not yet listening: main.ts and the end-to-end tests start the same one. */
export async function createApiApp(engine: OpenedEngine, config: KntcConfig, options: ApiOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(engine, config, options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
