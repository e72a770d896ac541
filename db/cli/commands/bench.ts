import { json, parse, UsageError, type Io } from '../io';
import { runBench } from '../../bench';

/** bench [--visits N] [--seed N] [--register-rows N] [--keep]: the performance benchmark; JSON on standard output. */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { visits: { type: 'string' }, seed: { type: 'string' }, 'register-rows': { type: 'string' }, keep: { type: 'boolean' } });
  const visits = values.visits === undefined ? 1_000_000 : Number(values.visits);
  if (!Number.isInteger(visits) || visits < 1000) throw new UsageError('--visits takes a whole number of at least 1000.');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const registerRows = values['register-rows'] === undefined ? 1_000_000 : Number(values['register-rows']);
  if (!Number.isInteger(registerRows) || registerRows < 1) throw new UsageError('--register-rows takes a whole number of at least 1.');
  const result = await runBench({ visits, seed, registerRows, keep: values.keep, log: (l) => io.err(l) });
  io.out(json(result));
  return 0;
}
