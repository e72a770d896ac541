#!/usr/bin/env node
// Makes sure the native module (better-sqlite3-multiple-ciphers) is built for the runtime that is
// about to load it: `node` for tests and the command line, `electron` for the app. It checks by
// LOADING the module in that runtime — not by trusting a rebuild tool's message — and rebuilds
// only when the check fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: node scripts/native.mjs node|electron');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const probe = "const D=require('better-sqlite3-multiple-ciphers'); new D(':memory:').prepare('select 1').get(); console.log(process.versions.modules)";
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function loadsIn(runtime) {
  if (runtime === 'node') {
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    return { ok: r.status === 0, detail: (r.stderr || r.stdout).trim() };
  }
  // Asking for the binary's path makes Electron 45 try to download it: do that in a child
  // process so its noise stays out of our output.
  const where = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], { encoding: 'utf8' });
  const electron = where.status === 0 ? where.stdout.trim() : '';
  if (!electron || !existsSync(electron)) {
    const why = /fetch failed|ENOTFOUND|download/i.test(where.stderr) ? 'the Electron binary is not downloaded and could not be fetched' : 'the Electron binary is not available';
    return { ok: false, missing: true, detail: why };
  }
  const r = spawnSync(electron, ['-e', probe], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (r.error) return { ok: false, missing: true, detail: r.error.message };
  return { ok: r.status === 0, detail: (r.stderr || r.stdout).trim() };
}

function electronVersion() {
  return require('electron/package.json').version;
}

const first = loadsIn(target);
if (first.ok) process.exit(0);
if (target === 'electron' && first.missing) {
  console.error(`The Electron app cannot start here: ${first.detail} (Electron fetches it on first use from its download site, which this machine cannot reach). Everything else — tests, the command line, the browser build — runs without it.`);
  process.exit(1);
}

console.error(`better-sqlite3-multiple-ciphers does not load in ${target} (${first.detail.split('\n').find((l) => /NODE_MODULE_VERSION|Error/.test(l)) ?? 'load failed'}); rebuilding it for ${target}…`);
const args = ['rebuild', 'better-sqlite3-multiple-ciphers', '--build-from-source'];
if (target === 'electron') args.push('--runtime=electron', `--target=${electronVersion()}`, '--dist-url=https://electronjs.org/headers');
const r = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
const second = loadsIn(target);
if (r.status !== 0 || !second.ok) {
  console.error(
    target === 'electron'
      ? `Could not build the native module for Electron ${electronVersion()}: the build needs Electron's headers, downloaded from electronjs.org, and this machine cannot reach them.`
      : `Could not rebuild the native module for Node ${process.version}: ${second.detail.split('\n')[0]}`,
  );
  process.exit(1);
}
console.error(`better-sqlite3-multiple-ciphers now loads in ${target}.`);
