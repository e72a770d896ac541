import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Main and preload for Electron; the renderer is the same React app that plain vite serves
// for browser tests (renderer/vite.config.ts).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The core's worker threads are built beside the main bundle (db/worker/worker-files.ts finds them).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main.ts'),
          'core-worker': resolve(__dirname, 'db/worker/core-worker.ts'),
          'backup-worker': resolve(__dirname, 'db/worker/backup-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // CommonJS, so that the preload runs with sandbox: true.
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
