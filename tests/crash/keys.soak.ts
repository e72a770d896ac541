// `npm run soak`: SLENKSTIS_KEY_KILLS (default 1,000) kills at random phases of random
// operations, each checked as in keys-crash.test.ts; the table of kills per operation and phase,
// with the calibrated phase durations, goes to SLENKSTIS_CRASH_REPORT.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Campaign, OPS } from './harness';

const KILLS = Number(process.env.SLENKSTIS_KEY_KILLS ?? 1000);
const run = new Campaign(Number(process.env.SLENKSTIS_CRASH_SEED ?? Date.now() % 2 ** 31));

beforeAll(() => run.setup(), 300_000);
afterAll(async () => {
  console.log(run.summary());
  await run.finish(process.env.SLENKSTIS_CRASH_REPORT);
});

it(`${KILLS} kills at random phases leave no broken state`, async () => {
  while (run.kills() < KILLS) {
    const op = OPS[Math.floor(run.random() * OPS.length)];
    const phases = run.phases(op);
    await run.killInside(op, phases[Math.floor(run.random() * phases.length)]);
  }
  expect(run.kills()).toBeGreaterThanOrEqual(KILLS);
  expect(run.broken()).toBe(0);
}, 12 * 3600_000);
