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
    // antd alone is about 1 MB before gzip (325 kB after); anything larger would be news.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      // antd marks its modules "use client" for React Server Components; a client-only bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      // The libraries every page needs, in chunks of their own: they change less often than our code, so browsers
      // keep them across releases. recharts stays with the dashboard, which loads it on first visit.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env['KNTC_API_URL'] ?? 'http://127.0.0.1:3000' },
  },
});
