// SIGKILL inside every phase of every operation that changes keys or replaces the file, and of
// backup and import (tests/crash/harness.ts says how kills are aimed). `npm test` aims one kill
// at each phase of each operation; `npm run soak` runs ≥ 1,000 (tests/crash/keys.soak.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, OPS } from './harness';

const run = new Campaign(Number(process.env.SLENKSTIS_CRASH_SEED ?? 20261202));

beforeAll(() => run.setup(), 300_000);
afterAll(async () => {
  console.log(run.summary());
  await run.finish();
});

describe('SIGKILL inside each phase of each key change, restore, backup and import', () => {
  for (const op of OPS) {
    it(`${op.name}: after a kill in any phase, the file opens and checks clean, exactly one of the old and new states holds, and the command run again completes`, async () => {
      const phases = run.phases(op);
      expect(phases.length).toBeGreaterThan(2);
      for (const phase of phases) await run.killInside(op, phase);
      // Every phase got a kill that landed inside it (not only before or after it).
      const landedIn = Object.keys(run.tally[op.name] ?? {});
      for (const phase of phases) expect(landedIn, `no kill landed in ${op.name}'s ${phase}`).toContain(phase);
      expect(run.kills(op)).toBeGreaterThanOrEqual(phases.length);
      expect(run.broken()).toBe(0);
    }, 300_000);
  }
});
