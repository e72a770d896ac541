// Restore: puts a verified backup in place of the database. The replaced file, its WAL and
// its keyring are kept beside it under a timestamped name (`slenkstis.db.replaced-20240105-1432`
// with `….keyring`), so a restore can itself be undone. The switch itself is a key change of
// the vault (vault.restoreBackupAs), atomic across the file and its keyring.
//
// The backup is opened with its OWN keyring and the person's password as it was when the
// backup was taken: that works when the database in place is damaged or unreadable, which is
// when a restore is most needed, and it proves the restored file will open afterwards.
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { sealHolds, unlockEntry, type Keyring } from '../keyring';
import { z } from 'zod';
import { openSqlite, rawRow } from '../open';
import { query } from '../store';
import { restoreBackupAs, type BackupToRestore } from '../vault';
import { ROLES } from '../../shared/domain';
import { backupKeyring, verifyBackup } from './backup';

const STAFF_BY_NAME = query(
  'SELECT id, user_name, role, active FROM staff WHERE user_name = ?',
  z.object({ id: z.number(), user_name: z.string(), role: z.enum(ROLES), active: z.number() }),
);

/** A backup opened and verified as a manager of it: what the vault's restore takes. */
export type PreparedRestore = BackupToRestore;

/** Opens and verifies a backup as a manager of it, before anything is changed. */
export function prepareRestore(file: string, userName: string, password: string): PreparedRestore {
  const keyring = backupKeyring(file);
  const name = userName.trim().toLowerCase();
  const entry = keyring.entries.find((e) => e.kind === 'user' && e.user_name === name);
  const opened = entry ? unlockEntry(entry, password, keyring.db_id) : null;
  if (!opened) {
    throw new CoreError('auth', text('restore.wrong_login'));
  }
  if (!sealHolds(keyring, opened.dataKey, keyring.generation)) {
    throw new CoreError('rejected', text('restore.altered'));
  }
  verifyBackup(file, opened.dataKey, keyring.db_id);
  const db = openSqlite(file, { dataKey: opened.dataKey, readonly: true });
  try {
    const staff = rawRow(db, STAFF_BY_NAME, name);
    if (!staff || !staff.active || staff.role !== 'manager') {
      throw new CoreError('forbidden', text('restore.manager_only'));
    }
    return { file, keyring, dataKey: opened.dataKey, staff: { id: staff.id, user_name: staff.user_name, role: staff.role } };
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  restored: string;
  db: string;
  /** The key and keyring the restored file opens with now (always a new key). */
  dataKey: Buffer;
  keyring: Keyring;
  /** Where the replaced database now is (its keyring beside it), or null when there was none. */
  replacedKeptAs: string | null;
  /** Accounts without a key after the restore (disabled in the restored file). */
  disabled: string[];
  todaysAccessKnown: boolean;
}

/**
 * Replaces the database at dbPath by the prepared backup, as one atomic key change
 * (vault.restoreBackupAs): the restored file opens for today's holders only, or, when today's
 * keyring cannot be read, for the restoring manager and the recovery key only.
 */
export function restoreBackup(
  prepared: PreparedRestore, dbPath: string, proof: { password: string; recoveryKey?: string; sessionKey?: Buffer }, opts: { force?: boolean; now?: Date } = {},
): RestoreResult {
  const outcome = restoreBackupAs(dbPath, prepared, { userName: prepared.staff.user_name, ...proof }, opts);
  return { restored: prepared.file, db: dbPath, ...outcome };
}
