import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';
import { unreadableFile } from '../../fsx';
import { say } from '../../../shared/core-messages';
import { NOTHING_IMPORTED } from '../../../shared/data-schemas';

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
  // Files that cannot be read are answered before any password is asked (the core would say the same).
  const unreadable = files.flatMap((f) => {
    const why = unreadableFile(f.path);
    return why ? [{ file: f.name, sheet: null, row: null, column: null, message: say('en', why) }] : [];
  });
  if (unreadable.length > 0) {
    io.out(json({ imported: { ...NOTHING_IMPORTED }, errors: unreadable, warnings: [] }));
    return 1;
  }
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
