// `npm run soak`: the long crash soak (500 SIGKILLs by default; SLENKSTIS_CRASH_KILLS sets it).
import { spawnSync } from 'node:child_process';
const env = { ...process.env, SLENKSTIS_CRASH_KILLS: process.env.SLENKSTIS_CRASH_KILLS ?? '500' };
const r = spawnSync('npx', ['vitest', 'run', 'tests/resilience/crash.test.ts'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
