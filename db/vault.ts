// The key lifecycle, in one place: creating the encrypted database with its keyring, opening
// it with a holder's secret, and every change of who holds a key (a password set, changed or
// reset, an account disabled, the recovery key used, a backup restored). Each change is one
// transition from generation g to g+1 across the database file AND its keyring:
//
//   1. the new keyring's holders are worked out (scrypt for a new password happens here);
//   2. this connection takes the file alone (no other program may have it open);
//   3. a copy of the database is made (VACUUM INTO), the change and its audit entry are written
//      into the copy with the new generation, and the copy is encrypted with a NEW data key;
//   4. the new keyring is written beside it, with the audit chain's head (the anchor);
//   5. the switch record is written: the commit point;
//   6. the copy and the new keyring are renamed into place (keyfiles.rollForward).
//
// A kill before 5 leaves the old database and keyring untouched (the new files are removed on
// the next open); a kill after 5 is completed on the next open. The original file is never
// rekeyed in place. The audit entry is inside the new file, so it exists exactly when the
// change took effect. docs/key-changes.md walks through each step.
import { z } from 'zod';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { CoreError } from './errors';
import { text, type Text } from '../shared/core-messages';
import {
  isWeakerThanNow, keyringPathFor, sealHolds, makeAnchor, makeEntry, newRecoveryKey, normalizeRecoveryKey, readKeyring, rewrapAll,
  rewrapEntryKdf, spendDerivation, unlockEntry, writeKeyring, type Keyring, type KeyringEntry,
} from './keyring';
import { fsyncPath, ownerOnly } from './fsx';
import {
  acquireLock, assertStillHeld, auditHead, dbGeneration, filesOf, recoverFiles, rollForward, setGeneration, withLock, writeSwitchRecord,
} from './keyfiles';
export { anchorAuditHead, auditHead, dbGeneration } from './keyfiles';
import { giveBack, openSqlite, takeAlone, type SqliteDb } from './open';
import { migrate, checkVersion } from './migrator';
import { qb, Store } from './store';
import { audit, type Actor } from './audit';
import { phase } from './phases';
import { verifyBackup } from './backup/backup';
import type { Role } from '../shared/domain';

export interface Vault {
  store: Store;
  dataKey: Buffer;
  keyring: Keyring;
  keyringPath: string;
  /**
   * Set by the core's door around each call: whether that call may put a new file in place (its
   * channel is marked `replacesFile`, so that the day's backup, reading the file on its own
   * thread, is waited for first). Undefined outside the door (the command line's restore, the demo).
   */
  mayReplaceFile?: boolean;
}

/** Refuses to replace the file from a call whose channel does not say it may (see Vault.mayReplaceFile). */
export function mustMayReplaceFile(vault: Vault): void {
  if (vault.mayReplaceFile === false) {
    throw new CoreError('internal', text('keys.not_marked'));
  }
}

export interface StaffRow {
  id: number;
  user_name: string;
  display_name: string;
  role: Role;
  active: 0 | 1;
}

const WRONG_LOGIN = text('login.wrong');

const staffRow = () => qb.selectFrom('staff').select(['id', 'user_name', 'display_name', 'role', 'active']);
const activeUserNames = (store: Store): string[] =>
  store.all(qb.selectFrom('staff').select('user_name').where('active', '=', 1)).map((r) => r.user_name);

const userEntry = (k: Keyring, name: string) => k.entries.find((e) => e.kind === 'user' && e.user_name === name.toLowerCase());
const recoveryEntry = (k: Keyring) => k.entries.find((e) => e.kind === 'recovery');

// ---------- creating ----------

export async function createDatabase(
  path: string, first: { userName: string; displayName: string; password: string },
): Promise<{ vault: Vault; recoveryKey: string; staff: StaffRow }> {
  const f = filesOf(path);
  const dataKey = randomBytes(32);
  const dbId = randomUUID();
  const recoveryKey = newRecoveryKey();
  const userName = first.userName.toLowerCase();
  const entries = [makeEntry('user', userName, first.password, dataKey, dbId), makeEntry('recovery', undefined, recoveryKey, dataKey, dbId)];
  const release = acquireLock(path);
  try {
    // A setup killed half-way left only new files, removed here; a database in place is never touched.
    recoverFiles(path);
    if (existsSync(path) || existsSync(f.keyring)) {
      throw new CoreError('rejected', text('db.exists', { path }));
    }
    // Made as the new file of generation 1 and switched into place like every key change, so a
    // kill leaves either nothing or a whole database with its keyring.
    let staff: StaffRow;
    let head: { count: number; hash: string };
    const made = new Store(openSqlite(f.next, { dataKey, create: true, journal: 'delete' }), f.next);
    try {
      await migrate(made.sqlite);
      staff = made.tx(() => {
        made.stmt(`INSERT INTO settings (key, value) VALUES ('db_id', ?)`).run(JSON.stringify(dbId));
        setGeneration(made.sqlite, 1);
        const id = Number(
          made.stmt(`INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, 'manager', 1, ?)`).run(userName, first.displayName, new Date().toISOString())
            .lastInsertRowid,
        );
        audit(made, { staffId: id, userName, role: 'manager' }, 'setup', 'database', null, null, { first_manager: userName });
        const row = made.get(staffRow().where('id', '=', id));
        if (!row) throw new Error('The first manager was not written.');
        return row;
      });
      head = auditHead(made.sqlite);
    } finally {
      made.close();
    }
    fsyncPath(f.next);
    const keyring: Keyring = { format: 'slenkstis-keyring', version: 2, db_id: dbId, generation: 1, entries, anchor: makeAnchor(head) };
    writeKeyring(f.keyringNext, keyring, dataKey);
    writeSwitchRecord(path, { generation: 1, keep: null });
    rollForward(path, { format: 'slenkstis-switch', generation: 1, keep: null });
    const store = new Store(openSqlite(path, { dataKey }), path);
    return { vault: { store, dataKey, keyring: readKeyring(f.keyring), keyringPath: f.keyring }, recoveryKey, staff };
  } catch (e) {
    if (!existsSync(f.switchRecord)) discardNext(path);
    throw e;
  } finally {
    release();
  }
}

// ---------- opening ----------

/**
 * A keyring of a database this version has written (generation ≥ 1) must carry a seal made with
 * its data key: entries added by hand (a disabled account's, copied from an old keyring) would
 * otherwise be given the next data key by the next key change.
 */
function assertSealed(keyring: Keyring, dataKey: Buffer, generation: number): void {
  if (!sealHolds(keyring, dataKey, generation)) {
    throw new CoreError('db_unreadable', text('keyring.altered'));
  }
}

/** Opens the file with a data key and checks that it is the keyring's database, of the keyring's generation. */
function openChecked(path: string, keyring: Keyring, dataKey: Buffer): Store {
  const sqlite = openSqlite(path, { dataKey });
  const store = new Store(sqlite, path);
  try {
    // Read strictly: a db_id of another shape is another database, never "none".
    const dbId = store.setting('db_id', z.unknown(), null);
    if (dbId !== null && dbId !== keyring.db_id) {
      throw new CoreError('db_unreadable', text('keyring.other_database'));
    }
    const generation = dbGeneration(sqlite);
    if (generation !== keyring.generation) {
      throw new CoreError('db_unreadable', text('keyring.other_generation', { keyring: keyring.generation, database: generation }));
    }
    assertSealed(keyring, dataKey, generation);
    return store;
  } catch (e) {
    store.close();
    throw e;
  }
}

/**
 * Opens with one holder's secret, holding the lock: an unfinished key change is completed or
 * undone first, so the keyring read is the one that belongs to the file.
 */
async function unlock(path: string, pick: (k: Keyring) => KeyringEntry | undefined, secret: string, wrongSecret: Text): Promise<Vault> {
  const f = filesOf(path);
  if (!existsSync(path) && !existsSync(f.switchRecord)) throw new CoreError('db_missing', text('db.no_file', { path }));
  const release = acquireLock(path);
  try {
    recoverFiles(path);
    // A first-version keyring left pending by an older Slenkstis: tried after the keyring, as it did.
    const candidates = [f.keyring, ...(existsSync(f.keyringNext) ? [f.keyringNext] : [])];
    let readError: unknown = null;
    let openError: unknown = null;
    for (const kp of candidates) {
      let keyring: Keyring;
      try {
        keyring = readKeyring(kp);
      } catch (e) {
        // The keyring missing or damaged: a pending first-version keyring may still open the file.
        if (kp === f.keyring) readError = e;
        continue;
      }
      readError = kp === f.keyring ? null : readError;
      const entry = pick(keyring);
      // An unknown user name costs the same derivation as a known one: the answer's time tells nothing.
      const opened = entry ? unlockEntry(entry, secret, keyring.db_id) : (spendDerivation(secret), null);
      if (!entry || !opened) continue;
      let store: Store | null = null;
      try {
        store = openChecked(path, keyring, opened.dataKey);
        checkVersion(store.sqlite);
        let current = keyring;
        if (kp !== f.keyring) {
          writeKeyring(f.keyring, keyring, opened.dataKey);
          rmSync(f.keyringNext, { force: true });
        }
        if (isWeakerThanNow(entry)) {
          // Sealed with less than today's cost: sealed again now that the secret is at hand.
          const stronger = rewrapEntryKdf(entry, secret, opened.privateKey, keyring.db_id);
          current = { ...keyring, entries: keyring.entries.map((e) => (e === entry ? stronger : e)), anchor: keyring.anchor ?? makeAnchor(auditHead(store.sqlite)) };
          writeKeyring(f.keyring, current, opened.dataKey);
        }
        await migrate(store.sqlite);
        return { store, dataKey: opened.dataKey, keyring: current, keyringPath: f.keyring };
      } catch (e) {
        store?.close();
        openError ??= e;
      }
    }
    // The secret opened a key but the file did not open with it; else the keyring could not be read; else a wrong secret.
    throw openError ?? readError ?? new CoreError('auth', wrongSecret);
  } finally {
    release();
  }
}

export async function unlockWithPassword(path: string, userName: string, password: string): Promise<{ vault: Vault; staff: StaffRow }> {
  const name = userName.trim().toLowerCase();
  const vault = await unlock(path, (k) => userEntry(k, name), password, WRONG_LOGIN);
  const staff = vault.store.get(staffRow().where('user_name', '=', name));
  if (!staff || !staff.active) {
    vault.store.close();
    throw new CoreError('auth', WRONG_LOGIN);
  }
  sealFirstVersion(vault, { staffId: staff.id, userName: staff.user_name, role: staff.role });
  return { vault, staff };
}

export async function unlockWithRecovery(path: string, recoveryKey: string): Promise<Vault> {
  const vault = await unlock(path, recoveryEntry, normalizeRecoveryKey(recoveryKey), text('login.wrong_recovery'));
  sealFirstVersion(vault, { staffId: null, userName: 'recovery key', role: 'manager' });
  return vault;
}

/**
 * A database of the first version (generation 0: a keyring with no seal, no generation, no
 * anchor) is moved to generation 1 at its first login, by a key change like any other: from then
 * on its keyring is sealed, and cannot be passed off as unsealed again. When the file is not
 * alone now (the command line on it), the next login does it.
 */
function sealFirstVersion(vault: Vault, actor: Actor): void {
  if (dbGeneration(vault.store.sqlite) !== 0) return;
  try {
    changeKeys(vault, { holders: (current) => current.entries, apply: (s) => audit(s, actor, 'seal_keyring', 'database', null, null, { generation: 1 }) });
  } catch {
    // Not alone, or refused: nothing changed; the keyring is accepted as it is until then.
  }
}

/**
 * The keyring as it is on disk now (another process may have changed it since this one opened
 * the database). Every key change starts from this, never from a cached copy.
 */
function currentKeyring(vault: Vault): Keyring {
  const onDisk = readKeyring(vault.keyringPath);
  if (onDisk.db_id !== vault.keyring.db_id) {
    throw new CoreError('db_unreadable', text('keyring.replaced'));
  }
  const generation = dbGeneration(vault.store.sqlite);
  if (onDisk.generation !== generation) {
    throw new CoreError('db_unreadable', text('keyring.not_this_generation'));
  }
  assertSealed(onDisk, vault.dataKey, generation);
  vault.keyring = onDisk;
  return onDisk;
}

/** Checks a password against the keyring without opening anything (unlocking a locked screen). */
export function checkPassword(vault: Vault, userName: string, password: string): boolean {
  const keyring = currentKeyring(vault);
  const entry = userEntry(keyring, userName);
  return !!entry && unlockEntry(entry, password, keyring.db_id) !== null;
}

/** Whether an account still has an entry in the keyring (a disable left half-done by an older version). */
export function hasKeyringEntry(vault: Vault, userName: string): boolean {
  return !!userEntry(currentKeyring(vault), userName);
}

// ---------- changing who holds a key ----------

export interface KeyChange {
  /** The holders after the change, from those of now. Entries made here are resealed to the new data key. */
  holders(current: Keyring, newKey: Buffer): KeyringEntry[];
  /** The database's part: the records and the audit entry, written into the new file in its one transaction. */
  apply(store: Store): void;
}

/** What the new file says after the change: its audit chain's head, and the accounts active in it. */
interface NextFacts {
  head: { count: number; hash: string };
  active: Set<string>;
}

/**
 * The keyring entries a new generation may carry: the recovery key and the accounts active in the
 * new file, nothing else. An entry with no active account behind it (added with the data key by
 * hand, or of an account that only a later-restored backup knew) opens nothing after the change.
 */
function onlyActive(holders: KeyringEntry[], facts: NextFacts): KeyringEntry[] {
  const kept = holders.filter((e) => e.kind === 'recovery' || facts.active.has(e.user_name ?? ''));
  if (!kept.some((e) => e.kind === 'recovery') || !kept.some((e) => e.kind === 'user')) {
    throw new CoreError('internal', text('keys.must_leave_holders'));
  }
  return kept;
}

/** Makes the new file: a copy, the change written into it at the new generation, then encrypted with the new key. */
function buildNext(source: SqliteDb, nextPath: string, oldKey: Buffer, newKey: Buffer, generation: number, apply: (store: Store) => void): NextFacts {
  phase('copy');
  source.exec(`VACUUM INTO '${nextPath.replace(/'/g, "''")}'`);
  ownerOnly(nextPath);
  return writeIntoNext(nextPath, oldKey, newKey, generation, apply);
}

function writeIntoNext(nextPath: string, oldKey: Buffer, newKey: Buffer, generation: number, apply: (store: Store) => void): NextFacts {
  const next = new Store(openSqlite(nextPath, { dataKey: oldKey, journal: 'delete' }), nextPath);
  let facts: NextFacts;
  try {
    phase('apply');
    next.tx(() => {
      apply(next);
      setGeneration(next.sqlite, generation);
    });
    const active = activeUserNames(next);
    facts = { head: auditHead(next.sqlite), active: new Set(active) };
    phase('rekey');
    // The copy is scratch until the commit: a kill here is undone by removing it, so its rekey
    // needs no journal and no syncs of its own (a quarter less time); it is flushed once below.
    next.sqlite.pragma('journal_mode = OFF');
    next.sqlite.pragma('synchronous = OFF');
    next.sqlite.pragma(`rekey="x'${newKey.toString('hex')}'"`);
  } finally {
    next.close();
  }
  fsyncPath(nextPath);
  // The new file must open with the new key, at the new generation, before anything points to it.
  const check = openSqlite(nextPath, { dataKey: newKey, readonly: true });
  try {
    if (dbGeneration(check) !== generation) throw new CoreError('internal', text('keys.copy_unconfirmed'));
  } finally {
    check.close();
  }
  return facts;
}

function discardNext(dbPath: string): void {
  const f = filesOf(dbPath);
  for (const p of [f.next, `${f.next}-journal`, f.keyringNext, `${f.keyringNext}.tmp`, `${f.switchRecord}.tmp`]) rmSync(p, { force: true });
}

/** Takes back a commit before anything moved: the record goes first, durably, then the new files. */
function withdraw(dbPath: string): void {
  rmSync(filesOf(dbPath).switchRecord, { force: true });
  fsyncPath(dirname(dbPath), true);
  discardNext(dbPath);
}

/**
 * Steps 6–8: the new keyring, the switch record (the commit point), then the renames. Until the
 * first rename has happened nothing has moved, so a refused rename (another program holding the
 * file) withdraws the commit and the old generation stands: "nothing was changed" stays true.
 * After it, the change stands and the next open finishes the renames.
 */
function commitAndSwitch(path: string, keyring: Keyring, newKey: Buffer, keep: string | null, beforeSwitch: () => void): void {
  const f = filesOf(path);
  const record = { format: 'slenkstis-switch' as const, generation: keyring.generation, keep };
  try {
    phase('keyring-next');
    writeKeyring(f.keyringNext, keyring, newKey);
    // Nobody took the lock over meanwhile (judging this process dead): else withdraw, not commit.
    assertStillHeld(path);
    phase('commit');
    writeSwitchRecord(path, record);
  } catch (e) {
    withdraw(path);
    throw e;
  }
  phase('switch');
  try {
    beforeSwitch();
    rollForward(path, record);
  } catch (e) {
    const nothingMoved = existsSync(f.next) && (keep === null || existsSync(path));
    if (nothingMoved) {
      try {
        withdraw(path);
      } catch {
        throw new CoreError('db_busy', text('keys.switch_pending'));
      }
      throw new CoreError('db_busy', text('keys.replace_refused', { code: (e as NodeJS.ErrnoException).code ?? null }));
    }
    throw new CoreError('db_busy', text('keys.switch_pending'));
  }
}

/**
 * One key change, atomic across the database file and its keyring (see the top of this file).
 * Needs the file alone: with another program on it, db_busy and nothing changed.
 */
export function changeKeys(vault: Vault, change: KeyChange): void {
  mustMayReplaceFile(vault);
  const path = vault.store.path;
  const f = filesOf(path);
  withLock(path, () => {
    phase('start');
    const current = currentKeyring(vault);
    const generation = current.generation + 1;
    const newKey = randomBytes(32);
    const holders = change.holders(current, newKey);
    phase('alone');
    takeAlone(vault.store.sqlite);
    let keyring: Keyring;
    try {
      discardNext(path);
      const facts = buildNext(vault.store.sqlite, f.next, vault.dataKey, newKey, generation, change.apply);
      keyring = { ...rewrapAll({ ...current, entries: onlyActive(holders, facts) }, newKey), version: 2, generation, anchor: makeAnchor(facts.head) };
    } catch (e) {
      discardNext(path);
      giveBack(vault.store.sqlite);
      throw e;
    }
    try {
      commitAndSwitch(path, keyring, newKey, null, () => vault.store.close());
    } catch (e) {
      // Withdrawn: back to the old file and key. Saved but not switched: closed until the next login finishes it.
      if (!existsSync(f.switchRecord)) {
        if (vault.store.sqlite.open) giveBack(vault.store.sqlite);
        else vault.store = new Store(openSqlite(path, { dataKey: vault.dataKey }), path);
      }
      throw e;
    }
    phase('reopen');
    vault.store = new Store(openSqlite(path, { dataKey: newKey }), path);
    vault.dataKey = newKey;
    vault.keyring = readKeyring(f.keyring);
    phase('done');
  });
}

/** A holder's entry replaced (or added) with one sealed with this password: a new key pair. */
function withPassword(current: Keyring, userName: string, password: string, newKey: Buffer): KeyringEntry[] {
  const name = userName.toLowerCase();
  return [...current.entries.filter((e) => !(e.kind === 'user' && e.user_name === name)), makeEntry('user', name, password, newKey, current.db_id)];
}

/**
 * Gives an account a (new) password, with the records and audit entry of `apply` in the same
 * change: adding staff, a reset by a manager, the recovery key's new password.
 */
export function setPassword(vault: Vault, userName: string, password: string, apply: (store: Store) => void): void {
  changeKeys(vault, { holders: (current, key) => withPassword(current, userName, password, key), apply });
}

/**
 * Gives several accounts a password in one key change (the demo's staff, made together): one new
 * data key, the records and audit entries of `apply` written with it.
 */
export function setPasswords(vault: Vault, accounts: ReadonlyArray<{ userName: string; password: string }>, apply: (store: Store) => void): void {
  changeKeys(vault, {
    holders: (current, key) => accounts.reduce((entries, a) => withPassword({ ...current, entries }, a.userName, a.password, key), current.entries),
    apply,
  });
}

/**
 * A person changes their own password: the file gets a new data key, so the old password opens
 * nothing, not even with an old copy of the keyring.
 */
export function changePassword(vault: Vault, actor: Actor, oldPassword: string, newPassword: string): void {
  const name = actor.userName.toLowerCase();
  const keyring = currentKeyring(vault);
  const entry = userEntry(keyring, name);
  if (!entry || !unlockEntry(entry, oldPassword, keyring.db_id)) throw new CoreError('auth', text('login.current_password'), 'oldPassword');
  setPassword(vault, name, newPassword, (s) => audit(s, actor, 'change_password', 'staff', actor.staffId, null, { user_name: name }));
}

/**
 * Removes an account's entry: the file gets a new data key sealed to every remaining holder,
 * so the old password opens nothing, not even with an old copy of the keyring.
 */
export function revoke(vault: Vault, userName: string, apply: (store: Store) => void): void {
  const name = userName.toLowerCase();
  changeKeys(vault, { holders: (current) => current.entries.filter((e) => !(e.kind === 'user' && e.user_name === name)), apply });
}

// ---------- restoring a backup ----------

export interface RestoreProof {
  userName: string;
  /** The manager's password as it was when the backup was taken (it opens the backup's keyring). */
  password: string;
  /** Needed when today's access cannot be proven (see restoreBackupAs). */
  recoveryKey?: string;
  /** The data key of the session of the person restoring (the app's Backups screen): their login proved their key today. */
  sessionKey?: Buffer;
}

export interface BackupToRestore {
  file: string;
  keyring: Keyring;
  dataKey: Buffer;
  staff: { id: number; user_name: string; role: Role };
}

export interface RestoreOutcome {
  dataKey: Buffer;
  keyring: Keyring;
  replacedKeptAs: string | null;
  /** Accounts left without a key by the restore (disabled in the restored file). */
  disabled: string[];
  /** Whether today's access was proven from the database in place (false: only what the recovery key proved). */
  todaysAccessKnown: boolean;
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** Today's keyring of this database, or null when it cannot be read (missing, damaged). */
function readableKeyring(path: string): Keyring | null {
  try {
    return existsSync(path) ? readKeyring(path) : null;
  } catch {
    return null;
  }
}

/**
 * Today's access, proven: the keyring in place, sealed, whose data key (from the restoring
 * manager's own entry, or their session) opens the database in place at the keyring's
 * generation. A keyring copied from a backup, or one whose database is damaged, proves nothing.
 * Returns the open database too: the restore holds it alone until the switch.
 */
function provenToday(dbPath: string, keyring: Keyring, name: string, proof: RestoreProof): { live: Store; keyring: Keyring } | null {
  const mine = userEntry(keyring, name);
  const rec = recoveryEntry(keyring);
  // The person's key now (session or password), else today's recovery entry opened with the recovery key.
  const key = (mine && (proof.sessionKey ?? unlockEntry(mine, proof.password, keyring.db_id)?.dataKey))
    || (rec && proof.recoveryKey ? unlockEntry(rec, normalizeRecoveryKey(proof.recoveryKey), keyring.db_id)?.dataKey : undefined);
  if (!key) return null;
  try {
    return { live: openChecked(dbPath, keyring, key), keyring };
  } catch {
    return null;
  }
}

/**
 * Puts a verified backup in place of the database, as one key change: the restored file never
 * opens for more people than the database in place does now.
 *
 * - Today's access proven (provenToday: the usual restore of a healthy database): the restored
 *   file gets today's holders and recovery key; accounts without a key today are disabled in it.
 *   The database in place is held alone meanwhile: with the app (or another program) on it, the
 *   restore says so and changes nothing, so nobody goes on writing into the replaced file.
 * - Not proven (the database in place damaged, its keyring missing, altered, of another database
 *   or an older copy): the recovery key is required, and only what it and the password prove is
 *   admitted: the restoring manager and the recovery key. Every other account is disabled in the
 *   restored file until a manager adds it again.
 *
 * The replaced database, its WAL and its keyring are kept beside it (`….replaced-YYYYMMDD-HHMMSS`).
 */
export function restoreBackupAs(dbPath: string, backup: BackupToRestore, proof: RestoreProof, opts: { force?: boolean; now?: Date } = {}): RestoreOutcome {
  const f = filesOf(dbPath);
  return withLock(dbPath, () => {
    phase('start');
    recoverFiles(dbPath);
    const name = proof.userName.trim().toLowerCase();
    const onDisk = readableKeyring(f.keyring);
    if (onDisk && onDisk.db_id !== backup.keyring.db_id && !opts.force) {
      throw new CoreError('rejected', text('restore.other_database', { path: dbPath }));
    }
    const today = onDisk && onDisk.db_id === backup.keyring.db_id && existsSync(dbPath) ? provenToday(dbPath, onDisk, name, proof) : null;
    let live: Store | null = today?.live ?? null;
    try {
      let holders: KeyringEntry[];
      if (today) {
        holders = [...today.keyring.entries.filter((e) => e.kind === 'user'), recoveryEntry(today.keyring) ?? recoveryEntry(backup.keyring)!];
      } else {
        if (onDisk && onDisk.db_id === backup.keyring.db_id && !proof.recoveryKey) {
          // The keyring reads, but does not prove itself: not the person's key now, or not the database's.
          const mine = userEntry(onDisk, name);
          if (!mine || (!proof.sessionKey && !unlockEntry(mine, proof.password, onDisk.db_id))) {
            throw new CoreError('auth', text('restore.valid_now'), 'password');
          }
        }
        if (!proof.recoveryKey) {
          throw new CoreError('auth', text('restore.needs_recovery'), 'recoveryKey');
        }
        const rec = recoveryEntry(backup.keyring);
        if (!rec || !unlockEntry(rec, normalizeRecoveryKey(proof.recoveryKey), backup.keyring.db_id)) {
          throw new CoreError('auth', text('restore.recovery_wrong'), 'recoveryKey');
        }
        holders = [userEntry(backup.keyring, name)!, rec];
      }
      const keepers = new Set(holders.filter((e) => e.kind === 'user').map((e) => e.user_name!));
      const dropped = backup.keyring.entries.filter((e) => e.kind === 'user' && !keepers.has(e.user_name!)).map((e) => e.user_name!);
      // Nobody may go on writing into the file that is about to be replaced.
      if (live) takeAlone(live.sqlite);

      phase('verify');
      discardNext(dbPath);
      copyFileSync(backup.file, f.next);
      ownerOnly(f.next);
      verifyBackup(f.next, backup.dataKey, backup.keyring.db_id);
      const probe = openSqlite(f.next, { dataKey: backup.dataKey, readonly: true });
      const backupGeneration = (() => {
        try {
          return dbGeneration(probe);
        } finally {
          probe.close();
        }
      })();
      const generation = Math.max(onDisk?.generation ?? 0, backup.keyring.generation, backupGeneration) + 1;
      const newKey = randomBytes(32);
      const now = opts.now ?? new Date();
      let keep: string | null = null;
      if (existsSync(dbPath)) {
        keep = `${dbPath}.replaced-${stamp(now)}`;
        for (let i = 2; existsSync(keep) || existsSync(keyringPathFor(keep)); i++) keep = `${dbPath}.replaced-${stamp(now)}-${i}`;
      }
      const actor = { staffId: backup.staff.id, userName: backup.staff.user_name, role: backup.staff.role };
      const facts = writeIntoNext(f.next, backup.dataKey, newKey, generation, (s) => {
        audit(s, actor, 'restore', 'database', null, null, {
          from: basename(backup.file), replaced_kept_as: keep ? basename(keep) : null, todays_access: today ? 'kept' : 'recovery key and restoring manager only',
        });
        for (const user of dropped) {
          const row = s.get(qb.selectFrom('staff').select(['id', 'active']).where('user_name', '=', user));
          if (!row || !row.active) continue;
          s.stmt('UPDATE staff SET active = 0 WHERE id = ?').run(row.id);
          audit(s, actor, 'disable', 'staff', row.id, null, {
            user_name: user, why: today ? 'no key in the database that was replaced' : 'restored without proof of today\'s access: add the account again to give it access',
          });
        }
      });
      const keyring: Keyring = {
        ...rewrapAll({ format: 'slenkstis-keyring', version: 2, db_id: backup.keyring.db_id, generation, entries: onlyActive(holders, facts) }, newKey),
        anchor: makeAnchor(facts.head),
      };
      commitAndSwitch(dbPath, keyring, newKey, keep, () => {
        live?.close();
        live = null;
      });
      phase('done');
      return { dataKey: newKey, keyring: readKeyring(f.keyring), replacedKeptAs: keep, disabled: dropped, todaysAccessKnown: today !== null };
    } catch (e) {
      if (!existsSync(f.switchRecord)) discardNext(dbPath);
      throw e;
    } finally {
      if (live) {
        giveBack(live.sqlite);
        live.close();
      }
    }
  });
}

// ---------- the audit anchor ----------

/**
 * What the keyring outside the file says about the database inside it: its seal, the audit
 * chain's head against the anchor, and keys held for no active account. Problems as sentences.
 */
export function checkKeyring(vault: Vault): Text[] {
  let keyring: Keyring;
  try {
    keyring = readKeyring(vault.keyringPath);
  } catch (e) {
    return [text('verify.keyring_unreadable', { detail: (e as Error).message })];
  }
  const generation = dbGeneration(vault.store.sqlite);
  if (!sealHolds(keyring, vault.dataKey, generation)) return [text('verify.keyring_altered')];
  if (keyring.version === 1) return []; // the first version had neither seal nor anchor; its first login adds them
  const problems: Text[] = [];
  const active = new Set(activeUserNames(vault.store));
  const stray = keyring.entries.filter((e) => e.kind === 'user' && !active.has(e.user_name ?? ''));
  if (stray.length > 0) {
    problems.push(text('verify.stray_keys', { n: stray.length, names: stray.map((e) => e.user_name).join(', ') }));
  }
  const anchor = keyring.anchor;
  if (!anchor) return generation === 0 ? problems : [...problems, text('verify.anchor_missing')];
  const row = vault.store.get(qb.selectFrom('audit_log').select('hash').where('id', '=', anchor.count));
  const head = auditHead(vault.store.sqlite);
  if (!row) {
    problems.push(text('verify.tail_cut', { head: head.count, anchored: anchor.count, at: anchor.at }));
  } else if (row.hash !== anchor.hash) {
    problems.push(text('verify.anchor_mismatch', { anchored: anchor.count, at: anchor.at }));
  }
  return problems;
}
