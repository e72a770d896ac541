import { COMMON, json, openCore, parse, type Io } from '../io';

/** verify: database integrity and the audit chain; exit 1 on any fault. Through the channel map (audit.verify). */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, COMMON);
  const core = await openCore(values, io);
  try {
    const result = await core.call('audit.verify', {});
    io.out(json(result));
    for (const p of result.problems) io.err(`slenkstis: ${p}`);
    return result.problems.length === 0 ? 0 : 1;
  } finally {
    core.close();
  }
}
