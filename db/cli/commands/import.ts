import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';

/**
 * import FILE… [--dry-run]
 * Register files (CSV or .xlsx, spec/register-format.md), all or nothing; the answer lists
 * every bad row. Exit 1 when anything was rejected (then nothing was written). Through the
 * channel map (register.check / register.import, the files named by path).
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length === 0) throw new UsageError('import needs one or more register files (CSV or .xlsx).');
  const files = positionals.map((path) => ({ name: path, path }));
  const core = await openCore(values, io);
  try {
    const report = await core.call(values['dry-run'] ? 'register.check' : 'register.import', { files });
    io.out(json(report));
    if (report.errors.length > 0) {
      io.err(`slenkstis: ${report.errors.length} problem(s) found; nothing was imported.`);
      return 1;
    }
    return 0;
  } finally {
    core.close();
  }
}
