import { COMMON, json, openAs, parse, type Io } from '../io';
import { verifyDatabase } from '../../services/catalogue';

/** verify: database integrity and the audit chain; exit 1 on any fault. */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, COMMON);
  const session = await openAs(values, io);
  try {
    const result = verifyDatabase(session.ctx);
    io.out(json(result));
    for (const p of result.problems) io.err(`slenkstis: ${p}`);
    return result.problems.length === 0 ? 0 : 1;
  } finally {
    session.close();
  }
}
