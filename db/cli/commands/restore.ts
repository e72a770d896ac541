import { resolve } from 'node:path';
import { COMMON, dbPathOf, json, parse, readPassword, UsageError, type Io } from '../io';
import { prepareRestore, restoreBackup } from '../../backup/restore';

/**
 * restore FILE [--force]: puts a backup in place of --db, keeping the replaced file (and its
 * keyring) beside it. The backup opens with --user's password as it was when it was taken, so
 * a damaged database in place is no obstacle. --force replaces a database that the backup
 * does not belong to. Close the app first. When today's keyring beside --db cannot be read
 * (missing, damaged, or --force over another database), the recovery key is required
 * (SLENKSTIS_RECOVERY_KEY) and only the restoring manager and the recovery key open the result.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, force: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one backup file: restore FILE [--force].');
  if (!values.user) throw new UsageError('--user NAME is required: a manager of the backed-up database.');
  const dbPath = resolve(dbPathOf(values, io));
  const password = await readPassword(io);
  const prepared = prepareRestore(resolve(positionals[0]), values.user, password);
  // Needed only when today's keyring cannot be read: from the environment, never an argument.
  const recoveryKey = io.env.SLENKSTIS_RECOVERY_KEY || undefined;
  const result = restoreBackup(prepared, dbPath, { password, recoveryKey }, { force: values.force ?? false });
  io.out(json({ restored: result.restored, db: result.db, replaced_kept_as: result.replacedKeptAs, verified: true }));
  if (result.disabled.length > 0) {
    io.err(`slenkstis: ${result.disabled.length} account(s) have no key in the restored database and were disabled; a manager adds them again to give access.`);
  }
  if (result.replacedKeptAs) io.err(`slenkstis: the replaced database was kept as ${result.replacedKeptAs} (with its keyring).`);
  return 0;
}
