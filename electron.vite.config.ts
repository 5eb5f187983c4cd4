import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * pdf.js's data files ship with the renderer under pdfjs/ (the reader is offline by construction:
 * nothing from a CDN): character maps, the standard fonts, the wasm image decoders, ICC profiles.
 * Copied whole after the build; served from node_modules by the dev server.
 */
function pdfjsAssets(): Plugin {
  const root = resolve('node_modules/pdfjs-dist');
  const dirs = ['cmaps', 'standard_fonts', 'wasm', 'iccs'];
  return {
    name: 'lectern-pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\/+/, '');
        const file = resolve(root, rel);
        if (!dirs.some((d) => file.startsWith(join(root, d) + sep)) || !existsSync(file) || !statSync(file).isFile()) return next();
        createReadStream(file).pipe(res);
      });
    },
    writeBundle(options) {
      for (const d of dirs) cpSync(join(root, d), join(options.dir!, 'pdfjs', d), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The Electron app and the `lectern` command share the core; the CLI never loads electron.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          // The PDF text extraction runs in its own thread, from its own file.
          'fulltext-worker': resolve('src/main/core/fulltext/worker.ts'),
          // Facet counts run in a worker thread (core/library/facet-service.ts).
          'facets-worker': resolve('src/main/core/library/facets-worker.ts'),
          // The interest model trains and scores in a worker thread (core/interest/service.ts).
          'interest-worker': resolve('src/main/core/interest/worker.ts'),
          // Imports are parsed, matched and written in a worker thread (core/library/import-service.ts).
          'import-worker': resolve('src/main/core/library/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: bundle it whole, as CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
      // pdf.js and its viewer are one lazy chunk, loaded when a paper is first opened.
      chunkSizeWarningLimit: 2000,
    },
    plugins: [react(), pdfjsAssets()],
  },
});
