import { json, parse, UsageError, type Io } from '../io';
import { runBench } from '../../bench';
import { rmSync } from 'node:fs';
import { round } from '../../bench/stats';

/**
 * bench [--visits N[,N…]] [--seed N] [--register-rows N] [--keep]: the performance benchmark; JSON on
 * standard output. With several sizes (--visits 100000,1000000) every size but the largest is
 * measured for what grows with the history (reports, card, search, save), the largest in full;
 * `sizes` lists them and `report_month_growth` is a one-month report at the largest ÷ at the smallest
 * (`report_month_growth_per_client`: the same per client counted in that month).
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { visits: { type: 'string' }, sizes: { type: 'string' }, seed: { type: 'string' }, 'register-rows': { type: 'string' }, keep: { type: 'boolean' } });
  const list = (values.visits ?? values.sizes ?? '1000000').split(',').map((v) => Number(v.trim().replace(/_/g, '')));
  if (list.some((v) => !Number.isInteger(v) || v < 1000)) throw new UsageError('--visits takes a whole number of at least 1000, or several separated by commas.');
  const sizes = [...new Set(list)].sort((a, b) => a - b);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const registerRows = values['register-rows'] === undefined ? 1_000_000 : Number(values['register-rows']);
  if (!Number.isInteger(registerRows) || registerRows < 1) throw new UsageError('--register-rows takes a whole number of at least 1.');
  const log = (l: string) => io.err(l);
  const smaller: Array<Awaited<ReturnType<typeof runBench>>['growing']> = [];
  // The smallest size's database is kept until the largest has run its month in turn with it.
  const smallest: { db: { path: string; dir: string } | null } = { db: null };
  try {
    for (const [i, visits] of sizes.slice(0, -1).entries()) {
      smaller.push((await runBench({ visits, seed, light: true, log, keep: i === 0, onDatabase: (path, dir) => { if (i === 0) smallest.db = { path, dir }; } })).growing);
    }
    const result = await runBench({ visits: sizes[sizes.length - 1], seed, registerRows, keep: values.keep, log, interleaveWith: smallest.db?.path });
    if (!('machine' in result)) throw new Error('The benchmark at the largest size gave no full result.');
    const { growing, ...figures } = result;
    if (smaller.length > 0) {
      const both = growing.report_month_interleaved;
      const small = smaller[0];
      // The one-month report at the largest size ÷ at the smallest, run in turn in one process (and,
      // for comparison, from the two sizes' own runs, minutes apart).
      figures.report_month_growth = both ? round(both.larger_ms / both.smaller_ms, 2) : round(growing.report_month_ms / small.report_month_ms, 2);
      // The same per client of the month (the generator keeps a month's people alike; see db/demo/large.ts).
      figures.report_month_growth_per_client = both
        ? round(both.larger_ms / Math.max(1, growing.report_month_clients) / (both.smaller_ms / Math.max(1, both.smaller_clients)), 2)
        : round(growing.report_month_ms / Math.max(1, growing.report_month_clients) / (small.report_month_ms / Math.max(1, small.report_month_clients)), 2);
      Object.assign(figures, { report_month_growth_separate_runs: round(growing.report_month_ms / small.report_month_ms, 2), sizes: [...smaller, growing] });
    }
    io.out(json(figures));
  } finally {
    if (smallest.db && !values.keep) rmSync(smallest.db.dir, { recursive: true, force: true });
  }
  return 0;
}
