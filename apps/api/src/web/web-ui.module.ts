import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';

/** Paths the web UI never answers: the API and the queue dashboard keep their own 404s and problem+json. */
const NOT_THE_UI = /^\/(api|admin)(\/|$)/;

/**
 * Vite names the built assets (in `assets/` of the web folder) by their content hash, so they never change: cache
 * them for a year. Everything else, index.html above all, is checked again on every load.
 */
function cacheHeaders(webDir: string) {
  return (response: ServerResponse, file: string): void => {
    const hashed = path.relative(webDir, file).startsWith(`assets${path.sep}`);
    response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/**
 * Serves the built web UI (apps/web, built by `npm run build` into dist/apps/web) at `/`: static files, and
 * index.html for every other GET outside /api and /admin so that the UI's own routes (/cases/…) load on refresh.
 */
@Module({})
export class WebUiModule {
  static register(webDir: string): DynamicModule {
    if (!fs.existsSync(path.join(webDir, 'index.html'))) {
      new Logger('WebUi').warn(`no built web UI in ${webDir} ("npm run build" makes it); / is not served`);
      return { module: WebUiModule };
    }
    return {
      module: WebUiModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: webDir,
          exclude: NOT_THE_UI,
          serveStaticOptions: { index: 'index.html', dotfiles: 'ignore', etag: true, setHeaders: cacheHeaders(webDir) },
        }),
      ],
    };
  }
}
