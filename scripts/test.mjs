#!/usr/bin/env node
// `npm test`: typecheck and lint beside the unit and integration tests (they share nothing, and
// before, every test waited for both), then the browser tests. The tests' output shows as it
// comes; typecheck's and lint's when they end. Fails when any part fails.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script, { live }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', script], { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    const out = [];
    if (!live) {
      child.stdout.on('data', (c) => out.push(c));
      child.stderr.on('data', (c) => out.push(c));
    }
    child.on('close', (code) => {
      const s = Math.round((Date.now() - started) / 1000);
      if (out.length) process.stdout.write(Buffer.concat(out));
      console.log(`== ${script}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${s} s`);
      resolve(code === 0);
    });
  });
}

const beside = await Promise.all([run('typecheck', { live: false }), run('lint', { live: false }), run('test:unit', { live: true })]);
if (!beside.every(Boolean)) process.exit(1);
process.exit((await run('test:e2e', { live: true })) ? 0 : 1);
