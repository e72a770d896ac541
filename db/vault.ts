// Creating and unlocking the encrypted database with the keyring beside it, and the key
// changes that follow account changes (password change, disable → rekey).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { CoreError } from './errors';
import {
  keyringPathFor, makeEntry, newRecoveryKey, normalizeRecoveryKey, readKeyring, rewrapAll,
  unlockEntry, writeKeyring, type Keyring, type KeyringEntry,
} from './keyring';
import { openSqlite, rekey } from './open';
import { migrate, checkVersion } from './migrator';
import { Store } from './store';
import { audit, type Actor } from './audit';
import type { Role } from '../shared/domain';

export interface Vault {
  store: Store;
  dataKey: Buffer;
  keyring: Keyring;
  keyringPath: string;
}

export interface StaffRow {
  id: number;
  user_name: string;
  display_name: string;
  role: Role;
  active: 0 | 1;
}

const WRONG_LOGIN = 'Wrong user name or password.';
const nextPath = (keyringPath: string) => `${keyringPath}.next`;

export async function createDatabase(
  path: string, first: { userName: string; displayName: string; password: string },
): Promise<{ vault: Vault; recoveryKey: string; staff: StaffRow }> {
  const keyringPath = keyringPathFor(path);
  if (existsSync(path) || existsSync(keyringPath)) {
    throw new CoreError('rejected', `A database already exists at ${path}; it was not overwritten.`);
  }
  const dataKey = randomBytes(32);
  const dbId = randomUUID();
  const recoveryKey = newRecoveryKey();
  const userName = first.userName.toLowerCase();
  const keyring: Keyring = {
    format: 'slenkstis-keyring',
    version: 1,
    db_id: dbId,
    entries: [makeEntry('user', userName, first.password, dataKey, dbId), makeEntry('recovery', undefined, recoveryKey, dataKey, dbId)],
  };
  let store: Store | null = null;
  try {
    const sqlite = openSqlite(path, { dataKey, create: true });
    store = new Store(sqlite, path);
    await migrate(sqlite);
    const s = store;
    const staff = s.tx(() => {
      s.stmt(`INSERT INTO settings (key, value) VALUES ('db_id', ?)`).run(JSON.stringify(dbId));
      const now = new Date().toISOString();
      const id = Number(
        s.stmt(`INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, 'manager', 1, ?)`).run(userName, first.displayName, now)
          .lastInsertRowid,
      );
      const row = s.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE id = ?').get(id) as StaffRow;
      audit(s, { staffId: id, userName, role: 'manager' }, 'setup', 'database', null, null, { first_manager: userName });
      return row;
    });
    writeKeyring(keyringPath, keyring);
    return { vault: { store, dataKey, keyring, keyringPath }, recoveryKey, staff };
  } catch (e) {
    // Never leave a half-made database behind: it would block the next attempt.
    store?.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`, keyringPath]) rmSync(f, { force: true });
    throw e;
  }
}

function openWithKeyring(path: string, keyring: Keyring, dataKey: Buffer): Store {
  const sqlite = openSqlite(path, { dataKey });
  const store = new Store(sqlite, path);
  const dbId = store.setting<string | null>('db_id', null);
  if (dbId !== null && dbId !== keyring.db_id) {
    store.close();
    throw new CoreError('db_unreadable', 'The keyring beside the database belongs to another database.');
  }
  return store;
}

/**
 * Unlocks with one holder's secret. Tries the keyring, then a pending one (`.next`) left by a
 * rekey that was interrupted between changing the file and renaming the keyring.
 */
async function unlock(path: string, pick: (k: Keyring) => KeyringEntry | undefined, secret: string): Promise<Vault> {
  if (!existsSync(path)) throw new CoreError('db_missing', `There is no database file at ${path}.`);
  const keyringPath = keyringPathFor(path);
  const candidates = [keyringPath, nextPath(keyringPath)].filter((p, i) => i === 0 || existsSync(p));
  let lastError: unknown = null;
  for (const kp of candidates) {
    const keyring = readKeyring(kp);
    const entry = pick(keyring);
    if (!entry) {
      lastError = new CoreError('auth', WRONG_LOGIN);
      continue;
    }
    const opened = unlockEntry(entry, secret, keyring.db_id);
    if (!opened) {
      lastError = new CoreError('auth', WRONG_LOGIN);
      continue;
    }
    let store: Store | null = null;
    try {
      store = openWithKeyring(path, keyring, opened.dataKey);
      checkVersion(store.sqlite);
      if (kp !== keyringPath) writeKeyring(keyringPath, keyring);
      if (existsSync(nextPath(keyringPath))) rmSync(nextPath(keyringPath), { force: true });
      await migrate(store.sqlite);
      return { store, dataKey: opened.dataKey, keyring, keyringPath };
    } catch (e) {
      store?.close();
      lastError = e;
    }
  }
  throw lastError;
}

export async function unlockWithPassword(path: string, userName: string, password: string): Promise<{ vault: Vault; staff: StaffRow }> {
  const name = userName.trim().toLowerCase();
  const vault = await unlock(path, (k) => k.entries.find((e) => e.kind === 'user' && e.user_name === name), password);
  const staff = vault.store.stmt('SELECT id, user_name, display_name, role, active FROM staff WHERE user_name = ?').get(name) as StaffRow | undefined;
  if (!staff || !staff.active) {
    vault.store.close();
    throw new CoreError('auth', WRONG_LOGIN);
  }
  return { vault, staff };
}

export async function unlockWithRecovery(path: string, recoveryKey: string): Promise<Vault> {
  try {
    return await unlock(path, (k) => k.entries.find((e) => e.kind === 'recovery'), normalizeRecoveryKey(recoveryKey));
  } catch (e) {
    if (e instanceof CoreError && e.code === 'auth') throw new CoreError('auth', 'That recovery key does not open this database.');
    throw e;
  }
}

/**
 * The keyring as it is on disk now: another process (the command line) may have changed it
 * since this one opened the database. Every key change starts from this, never from a cached copy.
 */
function currentKeyring(vault: Vault): Keyring {
  const onDisk = readKeyring(vault.keyringPath);
  if (onDisk.db_id !== vault.keyring.db_id) {
    throw new CoreError('db_unreadable', 'The keyring beside the database was replaced by the keyring of another database; nothing was changed.');
  }
  vault.keyring = onDisk;
  return onDisk;
}

/** Checks a password against the keyring without opening anything (unlocking a locked screen). */
export function checkPassword(vault: Vault, userName: string, password: string): boolean {
  const keyring = currentKeyring(vault);
  const entry = keyring.entries.find((e) => e.kind === 'user' && e.user_name === userName.toLowerCase());
  return !!entry && unlockEntry(entry, password, keyring.db_id) !== null;
}

/**
 * A password change gives the account a NEW key pair: with the old one only resealed, the old
 * password and any old copy of the keyring (every backup has one) would still open the private
 * key that the current data key is sealed to.
 */
export function changePassword(vault: Vault, actor: Actor, oldPassword: string, newPassword: string): void {
  const name = actor.userName.toLowerCase();
  const keyring = currentKeyring(vault);
  const entry = keyring.entries.find((e) => e.kind === 'user' && e.user_name === name);
  if (!entry || !unlockEntry(entry, oldPassword, keyring.db_id)) throw new CoreError('auth', 'The current password is wrong.', 'oldPassword');
  vault.store.tx(() => audit(vault.store, actor, 'change_password', 'staff', actor.staffId, null, { user_name: name }));
  setStaffPassword(vault, name, newPassword);
}

/** Gives an account a (new) password: a fresh entry, the data key sealed to it. For adding staff and resets. */
export function setStaffPassword(vault: Vault, userName: string, password: string): void {
  const name = userName.toLowerCase();
  const current = currentKeyring(vault);
  const entry = makeEntry('user', name, password, vault.dataKey, current.db_id);
  const others = current.entries.filter((e) => !(e.kind === 'user' && e.user_name === name));
  const keyring = { ...current, entries: [...others, entry] };
  writeKeyring(vault.keyringPath, keyring);
  vault.keyring = keyring;
}

/** Whether an account still has an entry in the keyring (a disable that did not finish). */
export function hasKeyringEntry(vault: Vault, userName: string): boolean {
  return currentKeyring(vault).entries.some((e) => e.kind === 'user' && e.user_name === userName.toLowerCase());
}

/**
 * Removes an account's entry and rekeys the file with a new data key, sealed to every remaining
 * holder, so that the old password opens nothing, not even with an old copy of the keyring.
 * Crash-safe order: pending keyring written first, then the rekey, checked through a second
 * connection with the new key, then the rename. Throws, with nothing changed, when another
 * program has the file open (a rekey needs it alone).
 */
export function revokeAndRekey(vault: Vault, userName: string): void {
  const name = userName.toLowerCase();
  const newKey = randomBytes(32);
  const current = currentKeyring(vault);
  const remaining = { ...current, entries: current.entries.filter((e) => !(e.kind === 'user' && e.user_name === name)) };
  const keyring = rewrapAll(remaining, newKey);
  const pending = nextPath(vault.keyringPath);
  writeKeyring(pending, keyring);
  try {
    rekey(vault.store.sqlite, newKey);
  } catch (e) {
    rmSync(pending, { force: true });
    if (/busy|locked/i.test((e as Error).message)) {
      throw new CoreError('db_busy', 'Another program (the command line?) has the database open; a key change needs it alone. Close it and try again. Nothing was changed.');
    }
    throw e;
  }
  // The file must open with the new key before the keyring says so.
  try {
    openSqlite(vault.store.path, { dataKey: newKey, readonly: true }).close();
  } catch {
    throw new CoreError('internal', 'The key change could not be confirmed; the pending keyring is kept beside the database for recovery.');
  }
  writeKeyring(vault.keyringPath, keyring);
  rmSync(pending, { force: true });
  vault.keyring = keyring;
  vault.dataKey = newKey;
}
