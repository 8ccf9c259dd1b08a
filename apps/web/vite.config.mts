import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web UI builds to static files in dist/apps/web, which apps/api serves at `/`. JSX is compiled by Vite's own
 * transformer (no React plugin: the UI ships without fast refresh; `npm start` serves the built files).
 * In development (`npx vite --config apps/web/vite.config.ts`) /api is proxied to a running API.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      // antd marks its modules "use client" for React Server Components; a client-only bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': process.env['KNTC_API_URL'] ?? 'http://127.0.0.1:3000' },
  },
});
