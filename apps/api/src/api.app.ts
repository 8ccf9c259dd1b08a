import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import type { KntcConfig, OpenedEngine } from '@kntc/cases';
import { ApiModule, type ApiOptions } from './api.module';
import { setupOpenApi } from './openapi/openapi.document';
import { securityHeaders } from './security/security-headers.middleware';
import { answerClientError } from './shared/problem-details.client-error';

/** Largest request body; a filing with long content and many parties stays far below it. */
export const BODY_LIMIT = '256kb';
/** Time allowed to send a whole request, and its headers: a slow client cannot hold connections open. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 20_000;

/** The headers a browser may send and read across origins, when KNTC_CORS_ORIGINS allows some. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id'];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Idempotent-Replayed', 'Retry-After', 'X-Correlation-Id'];

/** The configured application, not yet listening: main.ts and the end-to-end tests start the same one. */
export async function createApiApp(engine: OpenedEngine, config: KntcConfig, options: ApiOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(engine, config, options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const { security } = config;
  if (security.trustProxy !== undefined) app.set('trust proxy', security.trustProxy);
  app.use(securityHeaders());
  // CORS stays off unless origins are listed: the web UI is served by the API itself, same origin.
  if (security.corsOrigins.length > 0) {
    app.enableCors({
      origin: security.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const server = app.getHttpServer() as Server;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.on('clientError', answerClientError);
  setupOpenApi(app);
  return app;
}
