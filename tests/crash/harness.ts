// The key-change crash harness: SIGKILLs each operation that changes keys or replaces the file
// (disable, password change, password reset, the recovery key's new password, restore) and
// the long writers beside them (backup, import) at chosen instants inside each of its phases,
// then checks that the file opens, passes its integrity and audit checks (with the anchor kept
// outside it), that exactly one of the old and the new state holds, and that running the same
// command again (in the harness's process) finishes the job.
//
// How a kill is aimed: the child marks each step on standard error before starting it
// (db/phases.ts). A calibration run measures how long each step takes; a kill aimed at step P
// waits for P's mark, then a random part of P's duration, then sends SIGKILL. Steps too short
// for a timer (a rename) are hit by the child killing itself exactly at the mark. The step a
// kill landed in is read back from the last mark the child printed before it died.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleForNode } from '../../db/worker/worker-files';
import { Core } from '../../db/core';
import { prepareRestore } from '../../db/backup/restore';
import { verifyBackup } from '../../db/backup/backup';
import { MANAGER, must } from '../db/helpers';
import type { Io } from '../../db/cli/io';
import { runOperation } from './operation';

const ROOT = resolve(__dirname, '../..');

export const SECRETS = {
  manager: MANAGER,
  managerNew: 'manager-pass-2',
  ona: 'worker-pass-1',
  onaNew: 'worker-pass-2',
  jonas: 'worker-pass-3',
};

export interface Template {
  dir: string;
  recoveryKey: string;
  visitsNow: number;
  visitsInBackup: number;
  importRows: number;
}

/**
 * Bundles a child script into one file (only the native module outside): it starts in ~0.2 s
 * instead of tsx's ~2 s. Inside the checkout, so that the native module resolves from its node_modules.
 */
export async function buildChild(entry = 'tests/crash/child.ts'): Promise<string> {
  const name = `${entry.replace(/[^A-Za-z0-9]+/g, '-')}-${process.pid}`;
  const outdir = join(ROOT, 'node_modules', '.cache', 'slenkstis-children');
  await bundleForNode(ROOT, { [name]: entry }, outdir);
  return join(outdir, `${name}.mjs`);
}

const csvRows = (n: number, day: string, prefix: string) => {
  const lines = ['date,client_code,sex,birth_year,site,syringes_out,syringes_in'];
  for (let i = 0; i < n; i++) lines.push(`${day},${prefix}${String(i % 900).padStart(3, '0')}1${String(1960 + (i % 40))},${i % 3 === 0 ? 'female' : 'male'},${1960 + (i % 40)},Kabinetas,${1 + (i % 9)},${i % 7}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
};

/**
 * The database every kill starts from: a manager, two workers (jonas disabled after the
 * backup), a few thousand visits, a backup taken before the last changes, and a register file.
 */
export async function makeTemplate(dir: string, visits = 3000): Promise<Template> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'slenkstis.db');
  const core = new Core(db);
  const setup = await must(core, 'session.setup', MANAGER);
  await must(core, 'sites.save', { name: 'Kabinetas', kind: 'cabinet' });
  await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: SECRETS.ona });
  const jonas = await must(core, 'staff.add', { userName: 'jonas', displayName: 'Jonas', role: 'social_worker', password: SECRETS.jonas });
  const files = (name: string, bytes: Buffer) => ({ files: [{ name, dataBase64: bytes.toString('base64') }] });
  await must(core, 'register.import', files('seed.csv', csvRows(visits, '2026-10-01', 'AB')));
  await must(core, 'backup.now', { folder: join(dir, 'stick') });
  await must(core, 'staff.disable', { id: jonas.id });
  await must(core, 'register.import', files('later.csv', csvRows(40, '2026-10-02', 'CD')));
  core.close();
  const { writeFileSync, renameSync } = await import('node:fs');
  const [backup] = readdirSync(join(dir, 'stick')).filter((n) => n.endsWith('.db'));
  renameSync(join(dir, 'stick', backup), join(dir, 'stick', 'backup.db'));
  renameSync(join(dir, 'stick', `${backup}.keyring`), join(dir, 'stick', 'backup.db.keyring'));
  writeFileSync(join(dir, 'import.csv'), csvRows(500, '2026-10-03', 'EF'));
  return { dir, recoveryKey: setup.recoveryKey, visitsNow: visits + 40, visitsInBackup: visits, importRows: 500 };
}

export type State = 'old' | 'new';

export interface Op {
  name: string;
  env(t: Template, run: string): Record<string, string>;
  /** Which state holds; throws with the reason when neither or both do. */
  state(t: Template, run: string): Promise<State>;
  /** Whether a second run from this state is expected to answer "already done" (a non-zero exit). */
  rerunRefused?(state: State): boolean;
}

async function loginWorks(db: string, userName: string, password: string): Promise<boolean> {
  const c = new Core(db);
  try {
    const r = await c.call('session.login', { userName, password });
    if (!r.ok && r.error.code !== 'auth') throw new Error(`login of ${userName} answered ${r.error.code}: ${r.error.message}`);
    return r.ok;
  } finally {
    c.close();
  }
}

/** A manager's view: the questions each state check asks of the file. */
async function inspect<T>(db: string, password: string, fn: (q: (sql: string, ...p: unknown[]) => number) => T): Promise<T> {
  const c = new Core(db);
  try {
    await must(c, 'session.login', { userName: MANAGER.userName, password });
    const sqlite = c.currentVault!.store.sqlite;
    return fn((sql, ...p) => (sqlite.prepare(sql).get(...p) as { n: number }).n);
  } finally {
    c.close();
  }
}

const exactlyOne = (what: string, oldHolds: boolean, newHolds: boolean, seen: unknown = null): State => {
  if (oldHolds === newHolds) throw new Error(`${what}: ${oldHolds ? 'both' : 'neither'} the old and the new state hold (${JSON.stringify(seen)})`);
  return oldHolds ? 'old' : 'new';
};

const dbOf = (run: string) => join(run, 'slenkstis.db');
const audits = (action: string) => `SELECT count(*) AS n FROM audit_log WHERE action = '${action}'`;

function passwordOp(name: string, action: string, user: 'ona' | 'vadove', extra: (t: Template) => Record<string, string>): Op {
  const [oldPw, newPw] = user === 'ona' ? [SECRETS.ona, SECRETS.onaNew] : [MANAGER.password, SECRETS.managerNew];
  return {
    name,
    env: (t) => ({ CRASH_TARGET: user, CRASH_OLD_PASSWORD: oldPw, CRASH_NEW_PASSWORD: newPw, ...extra(t) }),
    async state(_t, run) {
      const db = dbOf(run);
      const oldOk = await loginWorks(db, user, oldPw);
      const newOk = await loginWorks(db, user, newPw);
      const managerPw = user === 'vadove' ? (newOk ? newPw : oldPw) : MANAGER.password;
      const logged = await inspect(db, managerPw, (q) => q(audits(action)));
      // The audit entry is there exactly when the change took effect.
      return exactlyOne(name, oldOk && !newOk && logged === 0, newOk && !oldOk && logged >= 1, { oldOk, newOk, logged });
    },
    rerunRefused: (s) => name === 'password-change' && s === 'new',
  };
}

export const OPS: Op[] = [
  {
    name: 'disable',
    env: () => ({ CRASH_TARGET: 'ona' }),
    async state(_t, run) {
      const db = dbOf(run);
      const ok = await loginWorks(db, 'ona', SECRETS.ona);
      const [active, logged] = await inspect(db, MANAGER.password, (q) => [q(`SELECT active AS n FROM staff WHERE user_name = 'ona'`), q(`${audits('disable')} AND entity_id = (SELECT id FROM staff WHERE user_name = 'ona')`)]);
      return exactlyOne('disable', ok && active === 1 && logged === 0, !ok && active === 0 && logged === 1);
    },
    rerunRefused: (s) => s === 'new',
  },
  passwordOp('password-change', 'change_password', 'ona', () => ({})),
  passwordOp('password-reset', 'set_password', 'ona', () => ({ SLENKSTIS_NEW_PASSWORD: SECRETS.onaNew })),
  passwordOp('recovery', 'recover', 'vadove', (t) => ({ CRASH_RECOVERY_KEY: t.recoveryKey })),
  {
    name: 'restore',
    env: (_t, run) => ({ CRASH_BACKUP: join(run, 'stick', 'backup.db') }),
    async state(t, run) {
      const db = dbOf(run);
      // Jonas, disabled after the backup was taken, stays out in both states.
      if (await loginWorks(db, 'jonas', SECRETS.jonas)) throw new Error('restore: an account disabled since the backup can log in');
      const [visits, restores] = await inspect(db, MANAGER.password, (q) => [q('SELECT count(*) AS n FROM visits'), q(audits('restore'))]);
      return exactlyOne('restore', visits === t.visitsNow && restores === 0, visits === t.visitsInBackup && restores >= 1);
    },
  },
  {
    name: 'backup',
    env: (_t, run) => ({ CRASH_OUT: join(run, 'out', 'copy.db') }),
    async state(t, run) {
      const out = join(run, 'out', 'copy.db');
      const visits = await inspect(dbOf(run), MANAGER.password, (q) => q('SELECT count(*) AS n FROM visits'));
      if (visits !== t.visitsNow) throw new Error('backup: the database changed');
      if (!existsSync(out)) return 'old';
      // A backup under its final name is whole: it opens with its own keyring and verifies.
      const prepared = prepareRestore(out, MANAGER.userName, MANAGER.password);
      if (verifyBackup(out, prepared.dataKey, prepared.keyring.db_id).visits !== t.visitsNow) throw new Error('backup: the copy under its final name is not whole');
      return 'new';
    },
  },
  {
    name: 'import',
    env: (_t, run) => ({ CRASH_FILE: join(run, 'import.csv') }),
    async state(t, run) {
      const [visits, imports] = await inspect(dbOf(run), MANAGER.password, (q) => [q('SELECT count(*) AS n FROM visits'), q(audits('import'))]);
      return exactlyOne('import', visits === t.visitsNow && imports === 2, visits === t.visitsNow + t.importRows && imports === 3);
    },
    rerunRefused: (s) => s === 'new',
  },
];

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Each mark with the milliseconds since the child started. */
  marks: Array<{ phase: string; at: number }>;
  stderr: string;
}

export interface Aim {
  phase: string;
  /** 'timer': SIGKILL a random part of the phase's duration after its mark; 'self': the child kills itself at the mark. */
  mode: 'timer' | 'self';
  delayMs: number;
}

/** The environment an operation runs with: its secrets and files. */
function opEnv(op: Op, t: Template, run: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    SLENKSTIS_TEST_KDF: 'fast',
    SLENKSTIS_PASSWORD: MANAGER.password,
    CRASH_MANAGER: MANAGER.userName,
    CRASH_MANAGER_PASSWORD: MANAGER.password,
    ...op.env(t, run),
  };
}

export function runChild(childPath: string, op: Op, t: Template, run: string, aim: Aim | null): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = { ...opEnv(op, t, run), SLENKSTIS_TRACE_PHASES: '1' };
    if (aim?.mode === 'self') env.SLENKSTIS_KILL_AT_PHASE = aim.phase;
    const child = spawn(process.execPath, [childPath, op.name, dbOf(run)], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = performance.now();
    const marks: ChildRun['marks'] = [];
    let stderr = '';
    let buf = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      buf += d.toString();
      stderr += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^phase (\S+)$/.exec(line);
        if (!m) continue;
        marks.push({ phase: m[1], at: performance.now() - started });
        if (aim?.mode === 'timer' && m[1] === aim.phase) setTimeout(() => child.kill('SIGKILL'), aim.delayMs);
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': every mark the child wrote has been read by then.
    child.on('close', (code, signal) => resolvePromise({ code, signal, marks, stderr }));
  });
}

/**
 * The operation run again after a kill, in this process (the same code as the child's, without
 * a process start: half of each kill's time went to starting processes). Its output is kept.
 */
export async function runHere(op: Op, t: Template, run: string): Promise<{ code: number; output: string }> {
  let output = '';
  const io: Io = { out: (text) => void (output += `${text}\n`), err: (text) => void (output += `${text}\n`), env: {}, stdin: Readable.from([]) };
  const code = await runOperation(op.name, dbOf(run), opEnv(op, t, run), io);
  return { code, output };
}

/** How long each phase took in one whole run (from its mark to the next). */
export function durations(marks: ChildRun['marks']): Map<string, number> {
  const d = new Map<string, number>();
  marks.forEach((m, i) => d.set(m.phase, (marks[i + 1]?.at ?? m.at) - m.at));
  return d;
}

/** A fresh copy of the template for one kill. */
export function freshRun(t: Template, runs: string, n: number): string {
  const run = join(runs, `run-${n}`);
  rmSync(run, { recursive: true, force: true });
  cpSync(t.dir, run, { recursive: true });
  return run;
}

/** Files that only an unfinished change leaves: none may be there once the file has been opened. */
export function leftovers(run: string): string[] {
  return readdirSync(run).filter((n) => /\.(next|switch|lock)$|\.next-journal$|\.restoring$|\.tmp$/.test(n));
}

export function partialsIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((n) => n.includes('.partial')) : [];
}

// ---------- a campaign: the template, the calibration, the kills and their tally ----------

export interface Cell {
  kills: number;
  broken: number;
  old: number;
  new: number;
  /** Of the kills, those made by the child itself at the phase's mark. */
  self: number;
}

export class Campaign {
  private root = '';
  private child = '';
  private t!: Template;
  private runs = 0;
  private seed: number;
  readonly phasesOf = new Map<string, Map<string, number>>();
  /** operation → the phase a kill landed in → counts */
  readonly tally: Record<string, Record<string, Cell>> = {};
  /** Timer kills that came too late (the child had finished): aimed again. */
  misses = 0;

  constructor(seed: number) {
    this.seed = seed;
  }

  random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /** The template, the child, and a calibration run of each operation (whole, its marks timed). */
  async setup(): Promise<void> {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    this.root = mkdtempSync(join(tmpdir(), 'slenkstis-crash-'));
    this.child = await buildChild();
    this.t = await makeTemplate(join(this.root, 'template'));
    for (const op of OPS) {
      const run = freshRun(this.t, join(this.root, 'runs'), this.runs++);
      const r = await runChild(this.child, op, this.t, run, null);
      if (r.code !== 0) throw new Error(`${op.name} did not complete without a kill: ${r.stderr}`);
      if ((await op.state(this.t, run)) !== 'new') throw new Error(`${op.name} completed without reaching its new state`);
      this.phasesOf.set(op.name, durations(r.marks));
      rmSync(run, { recursive: true, force: true });
    }
  }

  /** The phases of an operation a kill can land in (all but the last mark, after which nothing is left to do). */
  phases(op: Op): string[] {
    return [...this.phasesOf.get(op.name)!.keys()].filter((p) => p !== 'done');
  }

  kills(op?: Op): number {
    const cells = op ? Object.values(this.tally[op.name] ?? {}) : Object.values(this.tally).flatMap((p) => Object.values(p));
    return cells.reduce((n, c) => n + c.kills, 0);
  }

  broken(): number {
    return Object.values(this.tally).flatMap((p) => Object.values(p)).reduce((n, c) => n + c.broken, 0);
  }

  summary(): string {
    const lines = Object.entries(this.tally).map(([op, phases]) => `${op}: ${Object.entries(phases).map(([p, v]) => `${p} ${v.kills}${v.broken ? ` BROKEN ${v.broken}` : ''}`).join(', ')}`);
    return `key-change crash harness: ${this.kills()} kills, ${this.broken()} broken (${this.misses} timer kills came after the child had finished and were aimed again)\n${lines.join('\n')}`;
  }

  async finish(reportPath?: string): Promise<void> {
    if (reportPath) {
      const { mkdirSync: mk, writeFileSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      mk(dirname(reportPath), { recursive: true });
      const phases = Object.fromEntries([...this.phasesOf].map(([op, d]) => [op, Object.fromEntries([...d].map(([p, ms]) => [p, Math.round(ms * 100) / 100]))]));
      writeFileSync(reportPath, `${JSON.stringify({ kills: this.kills(), broken: this.broken(), timer_misses: this.misses, calibration_ms: phases, by_operation_and_phase: this.tally }, null, 1)}\n`);
    }
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    if (this.child) rmSync(this.child, { force: true });
  }

  private async managerPassword(run: string): Promise<string> {
    for (const pw of [SECRETS.manager.password, SECRETS.managerNew]) {
      const c = new Core(join(run, 'slenkstis.db'));
      const r = await c.call('session.login', { userName: SECRETS.manager.userName, password: pw });
      c.close();
      if (r.ok) return pw;
      if (r.error.code !== 'auth') throw new Error(`the manager's login answered ${r.error.code}: ${r.error.message}`);
    }
    throw new Error('no manager password opens the database');
  }

  /**
   * One kill aimed at a phase, and every check after it. Returns the phase the kill landed in,
   * or null when a timer kill came after the child had already finished (aimed again by the caller).
   */
  async killAndCheck(op: Op, aim: Aim): Promise<string | null> {
    const run = freshRun(this.t, join(this.root, 'runs'), this.runs++);
    const r = await runChild(this.child, op, this.t, run, aim);
    if (r.signal !== 'SIGKILL' && aim.mode === 'timer' && r.code === 0) {
      this.misses++;
      rmSync(run, { recursive: true, force: true });
      return null;
    }
    // The kill landed: the child died of it, inside the phase whose mark it printed last.
    if (r.signal !== 'SIGKILL') throw new Error(`${op.name} @${aim.phase}: the child was not killed (exit ${r.code}): ${r.stderr.slice(-400)}`);
    const landed = r.marks.at(-1)?.phase ?? '(before the first mark)';
    const cell = ((this.tally[op.name] ??= {})[landed] ??= { kills: 0, broken: 0, old: 0, new: 0, self: 0 });
    cell.kills++;
    if (aim.mode === 'self') cell.self++;
    let state: State;
    try {
      // The app's first screen is the login (never "no database" or the restore offer)…
      const first = new Core(join(run, 'slenkstis.db'));
      const status = await must(first, 'session.status', {});
      first.close();
      if (status.state !== 'logged_out') throw new Error(`the app would open on "${status.state}", not the login`);
      // …and the first open completes or undoes what the kill left; the file opens and checks clean.
      const pw = await this.managerPassword(run);
      const left = leftovers(run);
      if (left.length > 0) throw new Error(`files of an unfinished change remain after the open: ${left.join(', ')}`);
      const c = new Core(join(run, 'slenkstis.db'));
      try {
        await must(c, 'session.login', { userName: SECRETS.manager.userName, password: pw });
        const problems = (await must(c, 'audit.verify', {})).problems;
        if (problems.length > 0) throw new Error(`verify: ${problems.join(' ')}`);
      } finally {
        c.close();
      }
      state = await op.state(this.t, run);
      cell[state]++;
      // The same command again finishes the job, or says it is already done.
      const again = await runHere(op, this.t, run);
      const refused = op.rerunRefused?.(state) ?? false;
      if (refused ? again.code === 0 : again.code !== 0) throw new Error(`${op.name} run again from the ${state} state: exit ${again.code} ${again.output.slice(-300)}`);
      if ((await op.state(this.t, run)) !== 'new') throw new Error(`${op.name} run again did not reach the new state`);
      if (op.name === 'backup' && partialsIn(join(run, 'out')).length > 0) throw new Error('the next backup left the partial copy of the killed one');
    } catch (e) {
      cell.broken++;
      throw new Error(`${op.name}, killed in ${landed} (aimed at ${aim.phase} by ${aim.mode}): ${(e as Error).message}`);
    }
    rmSync(run, { recursive: true, force: true });
    return landed;
  }

  aimAt(op: Op, phase: string): Aim {
    const ms = this.phasesOf.get(op.name)!.get(phase) ?? 0;
    // A timer cannot land inside a step shorter than a few milliseconds: the child stops itself at its mark.
    if (ms < 3 || this.random() < 0.2) return { phase, mode: 'self', delayMs: 0 };
    return { phase, mode: 'timer', delayMs: this.random() * ms * 0.9 };
  }

  /** Kills aimed at one phase until one lands inside it: two by timer, then one at its mark. */
  async killInside(op: Op, phase: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const aim = attempt < 2 ? this.aimAt(op, phase) : { phase, mode: 'self' as const, delayMs: 0 };
      if ((await this.killAndCheck(op, aim)) === phase) return;
    }
  }
}
