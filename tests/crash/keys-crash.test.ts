// SIGKILL inside every phase of every operation that changes keys or replaces the file, and of
// backup and import (tests/crash/harness.ts says how kills are aimed). `npm test` runs a kill
// per phase of each operation; `npm run soak` runs SLENKSTIS_KEY_KILLS (≥ 1,000) at random phases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Core } from '../../db/core';
import { tempDir } from '../db/helpers';
import {
  buildChild, durations, freshRun, leftovers, makeTemplate, OPS, partialsIn, runChild, SECRETS, type Aim, type Op, type State, type Template,
} from './harness';

const SOAK = Number(process.env.SLENKSTIS_KEY_KILLS ?? 0);
const REPORT = process.env.SLENKSTIS_CRASH_REPORT;
let seed = Number(process.env.SLENKSTIS_CRASH_SEED ?? 20261202);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

let root: string;
let child: string;
let t: Template;
const phasesOf = new Map<string, Map<string, number>>();
/** op → phase landed in → { kills, broken, old, new } */
const tally: Record<string, Record<string, { kills: number; broken: number; old: number; new: number; self: number }>> = {};
let runs = 0;

beforeAll(async () => {
  root = tempDir('slenkstis-crash-');
  child = await buildChild();
  t = await makeTemplate(join(root, 'template'));
  // Calibration: each operation once, whole, marks timed.
  for (const op of OPS) {
    const run = freshRun(t, join(root, 'runs'), runs++);
    const r = await runChild(child, op, t, run, null);
    if (r.code !== 0) throw new Error(`${op.name} did not complete without a kill: ${r.stderr}`);
    expect(await op.state(t, run)).toBe('new');
    phasesOf.set(op.name, durations(r.marks));
    rmSync(run, { recursive: true, force: true });
  }
}, 300_000);

afterAll(() => {
  const lines = Object.entries(tally).map(([op, phases]) => `${op}: ${Object.entries(phases).map(([p, v]) => `${p} ${v.kills}${v.broken ? ` BROKEN ${v.broken}` : ''}`).join(', ')}`);
  console.log(`key-change crash harness: ${Object.values(tally).flatMap((p) => Object.values(p)).reduce((n, v) => n + v.kills, 0)} kills\n${lines.join('\n')}`);
  if (REPORT) {
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify({ phases: Object.fromEntries([...phasesOf].map(([op, d]) => [op, Object.fromEntries([...d].map(([p, ms]) => [p, Math.round(ms * 100) / 100]))])), kills: tally }, null, 1)}\n`);
  }
  rmSync(root, { recursive: true, force: true });
  rmSync(child, { force: true });
});

async function managerPassword(run: string): Promise<string> {
  for (const pw of [SECRETS.manager.password, SECRETS.managerNew]) {
    const c = new Core(join(run, 'slenkstis.db'));
    const r = await c.call('session.login', { userName: SECRETS.manager.userName, password: pw });
    c.close();
    if (r.ok) return pw;
    if (r.error.code !== 'auth') throw new Error(`the manager's login answered ${r.error.code}: ${r.error.message}`);
  }
  throw new Error('no manager password opens the database');
}

/** One kill aimed at a phase, and every check after it. */
async function killAndCheck(op: Op, aim: Aim): Promise<string> {
  const run = freshRun(t, join(root, 'runs'), runs++);
  const r = await runChild(child, op, t, run, aim);
  // The kill landed: the child died of it, inside the phase whose mark it printed last.
  expect(r.signal, `${op.name} @${aim.phase}: the child was not killed (${r.code}): ${r.stderr.slice(-400)}`).toBe('SIGKILL');
  const landed = r.marks.at(-1)?.phase ?? '(before the first mark)';
  const cell = ((tally[op.name] ??= {})[landed] ??= { kills: 0, broken: 0, old: 0, new: 0, self: 0 });
  cell.kills++;
  if (aim.mode === 'self') cell.self++;
  let state: State;
  try {
    // The first open completes or undoes what the kill left; the file opens and checks clean.
    const pw = await managerPassword(run);
    expect(leftovers(run)).toEqual([]);
    const c = new Core(join(run, 'slenkstis.db'));
    const { must } = await import('../db/helpers');
    await must(c, 'session.login', { userName: SECRETS.manager.userName, password: pw });
    expect((await must(c, 'audit.verify', {})).problems).toEqual([]);
    c.close();
    state = await op.state(t, run);
    cell[state]++;
  } catch (e) {
    cell.broken++;
    throw e;
  }
  // The same command again finishes the job, or says it is already done.
  const again = await runChild(child, op, t, run, null, false);
  if (op.rerunRefused?.(state)) expect(again.code).not.toBe(0);
  else expect(again.code, again.stderr).toBe(0);
  expect(await op.state(t, run)).toBe('new');
  if (op.name === 'backup') expect(partialsIn(join(run, 'out'))).toEqual([]);
  rmSync(run, { recursive: true, force: true });
  return landed;
}

function aimAt(op: Op, phase: string): Aim {
  const ms = phasesOf.get(op.name)!.get(phase) ?? 0;
  // A timer cannot land inside a step shorter than a few milliseconds: the child stops itself at its mark.
  if (ms < 3 || random() < 0.2) return { phase, mode: 'self', delayMs: 0 };
  return { phase, mode: 'timer', delayMs: random() * ms * 0.9 };
}

/** Kills aimed at one phase until one lands inside it: two by timer, then one at its mark. */
async function killInside(op: Op, phase: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const aim = attempt < 2 ? aimAt(op, phase) : { phase, mode: 'self' as const, delayMs: 0 };
    if ((await killAndCheck(op, aim)) === phase) return;
  }
}

describe.skipIf(SOAK > 0)('SIGKILL inside each phase of each key change, restore, backup and import', () => {
  for (const op of OPS) {
    it(`${op.name}: after a kill in any phase, the file opens and checks clean, exactly one of the old and new states holds, and the command run again completes`, async () => {
      const phases = [...phasesOf.get(op.name)!.keys()].filter((p) => p !== 'done');
      expect(phases.length).toBeGreaterThan(2);
      for (const phase of phases) await killInside(op, phase);
      // Every phase got its kill, and the kills landed inside it (not only before or after).
      const landedIn = Object.keys(tally[op.name] ?? {});
      for (const phase of phases) expect(landedIn, `no kill landed in ${op.name}'s ${phase}`).toContain(phase);
      expect(Object.values(tally[op.name]).reduce((n, v) => n + v.broken, 0)).toBe(0);
    }, 300_000);
  }
});

describe.runIf(SOAK > 0)(`the soak: ${SOAK} kills at random phases`, () => {
  it('leaves no broken state', async () => {
    for (let i = 0; i < SOAK; i++) {
      const op = OPS[Math.floor(random() * OPS.length)];
      const phases = [...phasesOf.get(op.name)!.keys()].filter((p) => p !== 'done');
      await killInside(op, phases[Math.floor(random() * phases.length)]);
    }
    expect(Object.values(tally).flatMap((p) => Object.values(p)).reduce((n, v) => n + v.broken, 0)).toBe(0);
  }, 6 * 3600_000);
});
