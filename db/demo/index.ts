// Demo databases: a new encrypted file with a manager account and deterministic, seeded data.
// kaunas-2008 and kedainiai-2011 reproduce the tables of spec/scenarios.md through the report;
// large is the benchmark's volume.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createDatabase } from '../vault';
import { keyringPathFor } from '../keyring';
import { makeCtx } from '../services/context';
import { CoreError } from '../errors';
import { generateLarge } from './large';
import { factsAreStale, refreshFacts, useMemoryTemp } from '../reports/facts';
import { generateKaunas } from './kaunas';
import { generateKedainiai } from './kedainiai';

export const SCENARIOS = ['kaunas-2008', 'kedainiai-2011', 'large'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const DEMO_USER = 'vadovas';
export const DEFAULT_SEEDS: Record<Scenario, number> = { 'kaunas-2008': 2008, 'kedainiai-2011': 2011, large: 1 };
export const DEFAULT_LARGE_VISITS = 1_000_000;

export interface DemoOptions {
  scenario: Scenario;
  seed?: number;
  visits?: number;
  /** The manager's password; a random one when not given. */
  password?: string;
  progress?: (done: number, total: number) => void;
}

export interface DemoResult {
  db: string;
  user: string;
  password: string;
}

/** A readable random password: four groups of five letters and digits. */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

export async function createDemo(path: string, opts: DemoOptions): Promise<DemoResult> {
  if (existsSync(path)) throw new CoreError('rejected', `A file already exists at ${path}; the demo never overwrites one.`);
  const password = opts.password ?? newPassword();
  const { vault, staff } = await createDatabase(path, { userName: DEMO_USER, displayName: 'Demo vadovas', password });
  const ctx = makeCtx(vault.store, { staffId: staff.id, userName: staff.user_name, role: 'manager' }, vault);
  const seed = opts.seed ?? DEFAULT_SEEDS[opts.scenario];
  try {
    switch (opts.scenario) {
      case 'kaunas-2008':
        generateKaunas(ctx, seed);
        break;
      case 'kedainiai-2011':
        generateKedainiai(ctx, seed);
        break;
      case 'large':
        generateLarge(ctx, { visits: opts.visits ?? DEFAULT_LARGE_VISITS, seed, progress: opts.progress });
        break;
    }
    // The report facts are counted now, so that the first report is as quick as the next ones.
    useMemoryTemp(vault.store);
    if (factsAreStale(vault.store)) vault.store.tx(() => refreshFacts(vault.store));
    vault.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    vault.store.close();
  } catch (e) {
    // A half-filled demo is worth nothing: remove what this call created.
    vault.store.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`, keyringPathFor(path)]) rmSync(f, { force: true });
    throw e;
  }
  return { db: path, user: DEMO_USER, password };
}
