import { readFileSync } from 'node:fs';
import { COMMON, json, openAs, parse, UsageError, type Io } from '../io';
import { importRegister, type ImportReport, type RegisterFile } from '../../register/import';

/**
 * import FILE… [--dry-run]
 * Register files (CSV or .xlsx, spec/register-format.md), all or nothing; the answer lists
 * every bad row. Exit 1 when anything was rejected (then nothing was written).
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length === 0) throw new UsageError('import needs one or more register files (CSV or .xlsx).');
  const files: RegisterFile[] = [];
  const unreadable: ImportReport['errors'] = [];
  for (const path of positionals) {
    try {
      files.push({ name: path, bytes: readFileSync(path) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      unreadable.push({ file: path, sheet: null, row: null, column: null, message: code === 'ENOENT' ? 'There is no such file.' : code === 'EISDIR' ? 'This is a folder, not a file.' : 'The file cannot be read.' });
    }
  }
  if (unreadable.length > 0) {
    io.out(json({ imported: { visits: 0, activities: 0, clients_created: 0 }, errors: unreadable, warnings: [] }));
    return 1;
  }
  const session = await openAs(values, io, ['manager']);
  try {
    const report = importRegister(session.ctx, files, { dryRun: values['dry-run'] ?? false });
    io.out(json(report));
    if (report.errors.length > 0) {
      io.err(`slenkstis: ${report.errors.length} problem(s) found; nothing was imported.`);
      return 1;
    }
    return 0;
  } finally {
    session.close();
  }
}
