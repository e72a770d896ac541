import { json, parse, UsageError, type Io } from '../io';
import { runBench } from '../../bench';
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
  for (const visits of sizes.slice(0, -1)) smaller.push((await runBench({ visits, seed, light: true, log })).growing);
  const result = await runBench({ visits: sizes[sizes.length - 1], seed, registerRows, keep: values.keep, log });
  if (!('machine' in result)) throw new Error('The benchmark at the largest size gave no full result.');
  const { growing, ...figures } = result;
  if (smaller.length > 0) {
    figures.report_month_growth = round(growing.report_month_ms / smaller[0].report_month_ms, 2);
    // The same per client of the month (the larger cabinet's month holds more people; see runBench).
    figures.report_month_growth_per_client = round(
      growing.report_month_ms / Math.max(1, growing.report_month_clients) / (smaller[0].report_month_ms / Math.max(1, smaller[0].report_month_clients)), 2,
    );
    Object.assign(figures, { sizes: [...smaller, growing] });
  }
  io.out(json(figures));
  return 0;
}
