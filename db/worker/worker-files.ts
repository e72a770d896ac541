// Where the worker threads' code is. In the built app, electron-vite emits core-worker.js and
// backup-worker.js beside the main bundle. Under plain Node (tests, the browser bridge) the
// TypeScript entries are bundled once with esbuild into node_modules/.cache.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkerFiles } from './host';

/** The built files beside a bundle (the packaged app), or null when they are not there. */
export function builtWorkerFiles(dir: string): WorkerFiles | null {
  const files = { core: join(dir, 'core-worker.js'), backup: join(dir, 'backup-worker.js') };
  return existsSync(files.core) && existsSync(files.backup) ? files : null;
}

/**
 * Bundles TypeScript entries into ES modules plain Node runs (needs esbuild, a development
 * dependency): the worker threads here, and the tests' child processes. The native module stays
 * outside, loaded from node_modules.
 */
export async function bundleForNode(root: string, entryPoints: Record<string, string>, outdir: string): Promise<void> {
  const { build } = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([name, entry]) => [name, join(root, entry)])),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // exceljs is loaded at its first use (db/excel.ts): left outside, it is not parsed at each start.
    external: ['better-sqlite3-multiple-ciphers', 'exceljs'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
    nodePaths: [join(root, 'node_modules')],
  });
}

/** The worker entries bundled for plain Node (tests, the browser bridge, the benchmark). */
export async function bundleWorkerFiles(root: string): Promise<WorkerFiles> {
  const outdir = join(root, 'node_modules', '.cache', 'slenkstis-workers', String(process.pid));
  await bundleForNode(root, { 'core-worker': 'db/worker/core-worker.ts', 'backup-worker': 'db/worker/backup-worker.ts' }, outdir);
  return { core: join(outdir, 'core-worker.mjs'), backup: join(outdir, 'backup-worker.mjs') };
}

export const repoRoot = (fromFile: string): string => {
  let dir = dirname(fromFile);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
};
