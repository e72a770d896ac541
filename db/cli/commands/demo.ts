import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { json, parse, UsageError, type Io } from '../io';
import { createDemo, SCENARIOS, type Scenario } from '../../demo';

function wholeNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || +value < min || +value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
  return +value;
}

/**
 * demo --scenario kaunas-2008|kedainiai-2011|large --db PATH [--visits N] [--seed N]
 * A new encrypted database with deterministic demo data and a login for each of its staff, every
 * role; prints {"db", "user", "password"} (the manager's, spec/cli.md) with "logins": [{"user",
 * "role", "password"}…], the manager's first. Every password is SLENKSTIS_PASSWORD when set,
 * else each a new random one.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { db: { type: 'string' }, scenario: { type: 'string' }, visits: { type: 'string' }, seed: { type: 'string' } });
  const scenario = values.scenario;
  if (!scenario || !(SCENARIOS as readonly string[]).includes(scenario)) throw new UsageError(`--scenario must be one of: ${SCENARIOS.join(', ')}.`);
  if (!values.db) throw new UsageError('--db PATH is required: the demo is a new database file.');
  const visits = wholeNumber(values.visits, 'visits', 1, 50_000_000);
  if (visits !== undefined && scenario !== 'large') throw new UsageError('--visits applies to the large scenario only.');
  const seed = wholeNumber(values.seed, 'seed', 0, 2 ** 32 - 1);
  const path = resolve(values.db);
  mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  const result = await createDemo(path, {
    scenario: scenario as Scenario,
    seed,
    visits,
    password: io.env.SLENKSTIS_PASSWORD || undefined,
    progress: (done, total) => io.err(`slenkstis: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} visits written`),
  });
  io.out(json(result));
  io.err(`slenkstis: demo ${scenario} ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}
