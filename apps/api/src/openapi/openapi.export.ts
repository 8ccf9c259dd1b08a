import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig, openEngine } from '@kntc/cases';
import { ApiModule } from '../api.module';
import { buildOpenApiDocument } from './openapi.document';

/**
 * The OpenAPI document of the API as a server with the read models runs it, built without serving: the Nest
 * application in preview mode (modules and routes, no provider started, so nothing connects to Redis) over an
 * empty store in a temporary folder.
 */
export async function exportOpenApiDocument(): Promise<OpenAPIObject> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kntc-openapi-'));
  const config = loadConfig({ KNTC_DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379' });
  const engine = await openEngine(config);
  // Modules log what they would serve (no built web UI): nothing here serves.
  Logger.overrideLogger(false);
  try {
    const app = await NestFactory.create(ApiModule.register(engine, config, { logLevel: 'silent' }), { preview: true, logger: false, abortOnError: false });
    app.setGlobalPrefix('api');
    const document = buildOpenApiDocument(app);
    await app.close();
    return document;
  } finally {
    await engine.store.close();
    await engine.vault.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
