// Demo databases: a new encrypted file with a login for each of its staff (the manager and every
// role) and deterministic, seeded data.
// kaunas-2008 and kedainiai-2011 reproduce the tables of spec/scenarios.md through the report;
// large is the benchmark's volume.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createDatabase } from '../vault';
import type { Store } from '../store';
import { keyringPathFor } from '../keyring';
import { makeCtx } from '../services/context';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { generateLarge, LARGE_STAFF } from './large';
import { factsAreStale, refreshFacts, useMemoryTemp } from '../reports/facts';
import { generateKaunas, KAUNAS_STAFF } from './kaunas';
import { generateKedainiai, KEDAINIAI_STAFF } from './kedainiai';
import { addDemoAccounts, type DemoPerson } from './common';
import type { Role } from '../../shared/domain';

export const SCENARIOS = ['kaunas-2008', 'kedainiai-2011', 'large'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const DEMO_USER = 'vadovas';
export const DEFAULT_SEEDS: Record<Scenario, number> = { 'kaunas-2008': 2008, 'kedainiai-2011': 2011, large: 1 };
export const DEFAULT_LARGE_VISITS = 1_000_000;
/** Each scenario's staff besides the demo manager: social workers and medical staff. */
export const SCENARIO_STAFF: Record<Scenario, readonly DemoPerson[]> = { 'kaunas-2008': KAUNAS_STAFF, 'kedainiai-2011': KEDAINIAI_STAFF, large: LARGE_STAFF };

export interface DemoOptions {
  scenario: Scenario;
  seed?: number;
  visits?: number;
  /** The large scenario's calendar years (default 10). */
  years?: number;
  /** Every account's password; a random one for each when not given. */
  password?: string;
  /** Logins for the scenario's staff too (default); without, only the manager logs in (the benchmark times the data alone). */
  staffLogins?: boolean;
  progress?: (done: number, total: number) => void;
}

export interface DemoLogin {
  user: string;
  role: Role;
  password: string;
}

/**
 * What `slenkstis demo` prints: the file, the manager's login (`user`, `password`: the shape of
 * spec/cli.md), and every login of the demo, the manager's first.
 */
export interface DemoResult {
  db: string;
  user: string;
  password: string;
  logins: DemoLogin[];
}

/** A readable random password: four groups of five letters and digits. */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** The end of a load: the report facts counted, so that the first report is as quick as the next ones; the log checkpointed. */
export function finishLoad(store: Store): void {
  useMemoryTemp(store);
  if (factsAreStale(store)) store.tx(() => refreshFacts(store));
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

export async function createDemo(path: string, opts: DemoOptions): Promise<DemoResult> {
  if (existsSync(path)) throw new CoreError('rejected', text('demo.exists', { path }));
  const password = opts.password ?? newPassword();
  const staffLogins = (opts.staffLogins ?? true) ? SCENARIO_STAFF[opts.scenario].map((p) => ({ ...p, password: opts.password ?? newPassword() })) : [];
  const { vault, staff } = await createDatabase(path, { userName: DEMO_USER, displayName: 'Demo vadovas', password });
  const actor = { staffId: staff.id, userName: staff.user_name, role: 'manager' as const };
  const ctx = makeCtx(vault.store, actor, vault);
  const seed = opts.seed ?? DEFAULT_SEEDS[opts.scenario];
  try {
    // The accounts first, in one key change while the file is still empty (the change copies the file).
    if (staffLogins.length > 0) addDemoAccounts(vault, actor, staffLogins);
    switch (opts.scenario) {
      case 'kaunas-2008':
        generateKaunas(ctx, seed);
        break;
      case 'kedainiai-2011':
        generateKedainiai(ctx, seed);
        break;
      case 'large':
        generateLarge(ctx, { visits: opts.visits ?? DEFAULT_LARGE_VISITS, years: opts.years, seed, progress: opts.progress });
        break;
    }
    finishLoad(vault.store);
    vault.store.close();
  } catch (e) {
    // A half-filled demo is worth nothing: remove what this call created.
    if (vault.store.sqlite.open) vault.store.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`, keyringPathFor(path)]) rmSync(f, { force: true });
    throw e;
  }
  const logins: DemoLogin[] = [{ user: DEMO_USER, role: 'manager', password }, ...staffLogins.map((p) => ({ user: p.userName, role: p.role, password: p.password }))];
  return { db: path, user: DEMO_USER, password, logins };
}
