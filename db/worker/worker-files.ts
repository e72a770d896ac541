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

/** Bundles the worker entries for plain Node (needs esbuild, a development dependency). */
export async function bundleWorkerFiles(root: string): Promise<WorkerFiles> {
  const { build } = await import('esbuild');
  const outdir = join(root, 'node_modules', '.cache', 'slenkstis-workers', String(process.pid));
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { 'core-worker': join(root, 'db/worker/core-worker.ts'), 'backup-worker': join(root, 'db/worker/backup-worker.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    external: ['better-sqlite3-multiple-ciphers'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
    nodePaths: [join(root, 'node_modules')],
  });
  return { core: join(outdir, 'core-worker.mjs'), backup: join(outdir, 'backup-worker.mjs') };
}

export const repoRoot = (fromFile: string): string => {
  let dir = dirname(fromFile);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
};
