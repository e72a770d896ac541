// Restore: puts a verified backup in place of the database. The replaced file, its WAL and
// its keyring are kept beside it under a timestamped name (`slenkstis.db.replaced-20240105-1432`
// with `….keyring`), so a restore can itself be undone.
//
// The backup is opened with its OWN keyring and the person's password as it was when the
// backup was taken: that works when the database in place is damaged or unreadable, which is
// when a restore is most needed, and it proves the restored file will open afterwards.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../errors';
import { keyringPathFor, readKeyring, rewrapAll, unlockEntry, writeKeyring, type Keyring } from '../keyring';
import { openSqlite, rekey } from '../open';
import { Store } from '../store';
import { audit, type Actor } from '../audit';
import type { Role } from '../../shared/domain';
import { backupKeyring, verifyBackup } from './backup';

export interface PreparedRestore {
  file: string;
  keyring: Keyring;
  dataKey: Buffer;
  staff: { id: number; user_name: string; role: Role };
}

/** Opens and verifies a backup as a manager of it, before anything is changed. */
export function prepareRestore(file: string, userName: string, password: string): PreparedRestore {
  const keyring = backupKeyring(file);
  const name = userName.trim().toLowerCase();
  const entry = keyring.entries.find((e) => e.kind === 'user' && e.user_name === name);
  const opened = entry ? unlockEntry(entry, password, keyring.db_id) : null;
  if (!opened) {
    throw new CoreError('auth', 'Wrong user name or password for this backup (a backup opens with the passwords as they were when it was taken).');
  }
  verifyBackup(file, opened.dataKey, keyring.db_id);
  const db = openSqlite(file, { dataKey: opened.dataKey, readonly: true });
  try {
    const staff = db.prepare('SELECT id, user_name, role, active FROM staff WHERE user_name = ?').get(name) as
      | { id: number; user_name: string; role: Role; active: number } | undefined;
    if (!staff || !staff.active || staff.role !== 'manager') {
      throw new CoreError('forbidden', 'Only a manager of the backed-up database may restore it.');
    }
    return { file, keyring, dataKey: opened.dataKey, staff: { id: staff.id, user_name: staff.user_name, role: staff.role } };
  } finally {
    db.close();
  }
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

export interface RestoreResult {
  restored: string;
  db: string;
  /** The key and keyring the restored file opens with now (rekeyed when access was aligned). */
  dataKey: Buffer;
  keyring: Keyring;
  /** Where the replaced database now is (its keyring beside it), or null when there was none. */
  replacedKeptAs: string | null;
}

function move(from: string, to: string): void {
  if (!existsSync(from)) return;
  try {
    renameSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new CoreError('db_busy', 'The database file is in use by another program (is Slenkstis open?); close it and restore again. Nothing was changed.');
    }
    throw e;
  }
}

/**
 * Replaces the database at dbPath by the prepared backup. The database must not be open in
 * this process (close it first); another program that still has it open keeps writing to the
 * replaced file, so close the app before restoring from the command line.
 */
export function restoreBackup(prepared: PreparedRestore, dbPath: string, opts: { force?: boolean; now?: Date } = {}): RestoreResult {
  const now = opts.now ?? new Date();
  const keyringPath = keyringPathFor(dbPath);
  if (existsSync(keyringPath) && !opts.force) {
    let current: Keyring | null = null;
    try {
      current = readKeyring(keyringPath);
    } catch {
      current = null; // a damaged keyring: restoring is the cure
    }
    if (current && current.db_id !== prepared.keyring.db_id) {
      throw new CoreError('rejected', `The backup is of another database than the one at ${dbPath}; nothing was changed. To replace it anyway, restore with --force on the command line (the replaced file is kept beside it).`);
    }
  }
  // The copy is made and checked before the database in place is touched.
  const incoming = join(dirname(dbPath), `.${basename(dbPath)}.restoring`);
  rmSync(incoming, { force: true });
  copyFileSync(prepared.file, incoming);
  try {
    verifyBackup(incoming, prepared.dataKey, prepared.keyring.db_id);
  } catch (e) {
    rmSync(incoming, { force: true });
    throw e;
  }
  let replacedKeyring: Keyring | null = null;
  try {
    replacedKeyring = existsSync(keyringPath) ? readKeyring(keyringPath) : null;
  } catch {
    replacedKeyring = null;
  }
  let kept: string | null = null;
  if (existsSync(dbPath)) {
    kept = `${dbPath}.replaced-${stamp(now)}`;
    const moves: Array<[string, string]> = [
      [dbPath, kept],
      ...['-wal', '-shm'].map((x): [string, string] => [`${dbPath}${x}`, `${kept}${x}`]),
      [keyringPath, keyringPathFor(kept)],
      [`${keyringPath}.next`, `${keyringPathFor(kept)}.next`],
    ];
    const done: Array<[string, string]> = [];
    try {
      for (const [from, to] of moves) {
        if (!existsSync(from)) continue;
        move(from, to);
        done.push([from, to]);
      }
    } catch (e) {
      // Put back what was moved, so that "nothing was changed" stays true.
      for (const [from, to] of done.reverse()) renameSync(to, from);
      rmSync(incoming, { force: true });
      throw e;
    }
  } else {
    for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  }
  renameSync(incoming, dbPath);
  // The restore itself is written to the restored database's audit log.
  const store = new Store(openSqlite(dbPath, { dataKey: prepared.dataKey }), dbPath);
  const actor = { staffId: prepared.staff.id, userName: prepared.staff.user_name, role: prepared.staff.role };
  let keyring = prepared.keyring;
  let dataKey = prepared.dataKey;
  try {
    store.tx(() => audit(store, actor, 'restore', 'database', null, null, {
      from: basename(prepared.file), replaced_kept_as: kept ? basename(kept) : null,
    }));
    // Who may open the restored file is who may open the database now, not who could when the
    // backup was taken: accounts disabled since then stay out, changed passwords stay changed.
    if (replacedKeyring && replacedKeyring.db_id === prepared.keyring.db_id) {
      ({ keyring, dataKey } = alignAccess(store, actor, prepared.keyring, replacedKeyring, keyringPath));
    } else {
      writeKeyring(keyringPath, prepared.keyring);
    }
  } finally {
    store.close();
  }
  return { restored: prepared.file, db: dbPath, replacedKeptAs: kept, dataKey, keyring };
}

/**
 * Gives the restored database the current holders (their entries as they are now, the current
 * recovery key), disables the accounts that no longer have a key, and rekeys the file so that
 * the backup's keyring (still on the stick) no longer opens it.
 */
function alignAccess(store: Store, actor: Actor, backup: Keyring, current: Keyring, keyringPath: string): { keyring: Keyring; dataKey: Buffer } {
  const holders = new Set(current.entries.filter((e) => e.kind === 'user').map((e) => e.user_name));
  const dropped = backup.entries.filter((e) => e.kind === 'user' && !holders.has(e.user_name)).map((e) => e.user_name!);
  const recovery = current.entries.find((e) => e.kind === 'recovery') ?? backup.entries.find((e) => e.kind === 'recovery');
  const entries = [...current.entries.filter((e) => e.kind === 'user'), ...(recovery ? [recovery] : [])];
  const dataKey = randomBytes(32);
  const keyring = rewrapAll({ ...backup, entries }, dataKey);
  writeKeyring(`${keyringPath}.next`, keyring);
  rekey(store.sqlite, dataKey);
  writeKeyring(keyringPath, keyring);
  rmSync(`${keyringPath}.next`, { force: true });
  store.tx(() => {
    for (const name of dropped) {
      const row = store.stmt('SELECT id, active FROM staff WHERE user_name = ?').get(name) as { id: number; active: number } | undefined;
      if (!row || !row.active) continue;
      store.stmt('UPDATE staff SET active = 0 WHERE id = ?').run(row.id);
      audit(store, actor, 'disable', 'staff', row.id, null, { user_name: name, why: 'no key in the database that was replaced' });
    }
  });
  return { keyring, dataKey };
}
