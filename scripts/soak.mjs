// `npm run soak`: the long crash soaks (`npm run soak -- saves` or `-- keys` runs one).
// 1. SIGKILL while saving visits: SLENKSTIS_CRASH_KILLS (default 500).
// 2. SIGKILL inside the phases of key changes, restores, backups and imports: SLENKSTIS_KEY_KILLS
//    (default 1,000); its table of kills per operation and phase goes to SLENKSTIS_CRASH_REPORT
//    (default docs/crash-soak.json).
import { spawnSync } from 'node:child_process';
const env = {
  ...process.env,
  SLENKSTIS_CRASH_KILLS: process.env.SLENKSTIS_CRASH_KILLS ?? '500',
  SLENKSTIS_KEY_KILLS: process.env.SLENKSTIS_KEY_KILLS ?? '1000',
  SLENKSTIS_CRASH_REPORT: process.env.SLENKSTIS_CRASH_REPORT ?? 'docs/crash-soak.json',
};
const only = process.argv[2];
const run = (args) => spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env, shell: process.platform === 'win32' }).status ?? 1;
let status = 0;
if (only !== 'keys') status ||= run(['tests/resilience/crash.test.ts']);
if (only !== 'saves') status ||= run(['-c', 'vitest.soak.config.ts']);
process.exit(status);
