// The files of one database on disk, and how a key change moves from one set to the next
// without ever leaving a set that no key opens. docs/key-changes.md says why each step holds.
//
//   slenkstis.db            the database (encrypted with the data key of generation g)
//   slenkstis.db.keyring    the keyring of generation g (the data key wrapped per holder)
//   slenkstis.db.lock       held while a process changes keys, recovers, or opens the files
//   slenkstis.db.next       the database of generation g+1, being made (a copy, never the original)
//   slenkstis.db.keyring.next   the keyring of generation g+1, once the new file is whole
//   slenkstis.db.switch     the commit point: once it exists, generation g+1 is the truth
//
// A change writes .next and .keyring.next completely and durably, then the switch record;
// then renames them into place and removes the record. On every open, under the lock, an
// unfinished change is completed when its switch record exists, and undone otherwise.
import {
  closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import { hostname, uptime } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';
import { keyringPathFor, sealHolds, makeAnchor, readKeyring, writeKeyring, type Keyring } from './keyring';
import { fsyncPath, ownerOnly, renameRetrying, sleepSync, writeFileDurably } from './fsx';
import { rawRow, type SqliteDb } from './open';
import { query, type Store } from './store';
import { phase } from './phases';

export interface DbFiles {
  db: string;
  keyring: string;
  lock: string;
  next: string;
  keyringNext: string;
  switchRecord: string;
}

export function filesOf(dbPath: string): DbFiles {
  const keyring = keyringPathFor(dbPath);
  return {
    db: dbPath,
    keyring,
    lock: `${dbPath}.lock`,
    next: `${dbPath}.next`,
    keyringNext: `${keyring}.next`,
    switchRecord: `${dbPath}.switch`,
  };
}

// ---------- the lock ----------

/** The locks this process holds, with what it wrote in each. */
const heldHere = new Map<string, string>();

interface LockOwner {
  pid: number;
  host: string;
  at: string;
  /** When this machine started (ms, to the minute): a lock from before a restart is stale, whatever its pid is now. */
  boot: number;
}

const bootTime = (): number => Math.round((Date.now() - uptime() * 1000) / 60_000) * 60_000;

/** No operation holds the lock this long (a key change of a 1 GB file takes well under a minute). */
const LOCK_MAX_AGE_MS = 15 * 60_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose owner is gone: a process on this machine that no longer runs, or a record that was never finished. */
function isStale(lock: string): boolean {
  let raw: string;
  let ageMs: number;
  try {
    raw = readFileSync(lock, 'utf8');
    ageMs = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false; // gone meanwhile: try again
  }
  let owner: LockOwner | null = null;
  try {
    owner = JSON.parse(raw) as LockOwner;
  } catch {
    owner = null;
  }
  if (!owner || typeof owner.pid !== 'number') return ageMs > 5_000; // killed between creating and writing it
  if (ageMs > LOCK_MAX_AGE_MS) return true; // its pid may belong to another program by now
  if (owner.host !== hostname()) return false; // another machine on a shared drive: only the age tells
  // From before a restart (with ten minutes' room for the clock being set right after one).
  if (typeof owner.boot !== 'number' || Math.abs(owner.boot - bootTime()) > 10 * 60_000) return true;
  if (owner.pid === process.pid) return !heldHere.has(lock);
  return !pidAlive(owner.pid);
}

/**
 * Takes the database's lock, waiting while another live process holds it; a lock left by a
 * killed process is taken over. Returns the release.
 */
export function acquireLock(dbPath: string, waitMs = 60_000): () => void {
  const { lock } = filesOf(dbPath);
  if (heldHere.has(lock)) throw new CoreError('internal', text('lock.held_here'));
  const deadline = Date.now() + waitMs;
  for (;;) {
    let fd: number | null = null;
    const mine = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), boot: bootTime() } satisfies LockOwner);
    try {
      fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, mine);
      fsyncSync(fd);
      closeSync(fd);
      heldHere.set(lock, mine);
      return () => {
        heldHere.delete(lock);
        // Only our own: a lock taken over meanwhile (we were thought dead) is the other's to remove.
        try {
          if (readFileSync(lock, 'utf8') === mine) rmSync(lock, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if (fd !== null) {
        closeSync(fd);
        rmSync(lock, { force: true });
        throw e;
      }
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CoreError('db_missing', text('lock.no_folder', { folder: dirname(dbPath) }));
      if (code !== 'EEXIST') throw new CoreError('db_busy', text('lock.folder_unwritable', { code: code ?? null }));
    }
    const seen = readOrNull(lock);
    if (seen !== null && isStale(lock)) {
      // Moved aside under a unique name, then checked: if what moved is not the stale lock we
      // judged (another process took over first and wrote a fresh one), it is put back.
      const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
      try {
        renameSync(lock, aside);
        // Put back without overwriting (a link fails when a lock exists again).
        if (readOrNull(aside) !== seen) linkSync(aside, lock);
        rmSync(aside, { force: true });
      } catch {
        // another process took it over first
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new CoreError('db_busy', text('lock.busy'));
    }
    sleepSync(25);
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Whether this process still holds the lock it took (nobody judged it stale and took it over):
 * checked right before a change commits.
 */
export function assertStillHeld(dbPath: string): void {
  const { lock } = filesOf(dbPath);
  const mine = heldHere.get(lock);
  if (mine === undefined || readOrNull(lock) !== mine) {
    throw new CoreError('db_busy', text('lock.taken_over'));
  }
}

export function withLock<T>(dbPath: string, fn: () => T): T {
  const release = acquireLock(dbPath);
  try {
    return fn();
  } finally {
    release();
  }
}

// ---------- the switch record ----------

const switchSchema = z.object({
  format: z.literal('slenkstis-switch'),
  generation: z.number().int().min(0),
  /** Where the replaced database is kept (a restore), or null (a key change: the old file is discarded). */
  keep: z.string().max(1000).nullable(),
}).strict();
export type SwitchRecord = z.infer<typeof switchSchema>;

/** The commit point of a change: written durably after the new database and keyring are whole. */
export function writeSwitchRecord(dbPath: string, record: Omit<SwitchRecord, 'format'>): void {
  writeFileDurably(filesOf(dbPath).switchRecord, JSON.stringify({ format: 'slenkstis-switch', ...record }));
}

function readSwitchRecord(path: string): SwitchRecord {
  try {
    return switchSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    // Written by tmp + rename, so a whole record or none: a damaged one was not made by us.
    throw new CoreError('db_unreadable', text('keys.switch_damaged', { file: basename(path) }));
  }
}

function moveIfThere(from: string, to: string): void {
  if (existsSync(from)) renameRetrying(from, to);
}

/**
 * Completes a committed change: every step checks what is already done, so running it again
 * after a kill at any point finishes the same job.
 */
export function rollForward(dbPath: string, record: SwitchRecord): void {
  const f = filesOf(dbPath);
  if (existsSync(f.next)) {
    if (record.keep) {
      // A restore keeps the replaced database, its WAL, journal and keyring beside it.
      moveIfThere(f.db, record.keep);
      phase('switch:kept');
      moveIfThere(`${f.db}-wal`, `${record.keep}-wal`);
      moveIfThere(`${f.db}-journal`, `${record.keep}-journal`);
      const keptKeyring = keyringPathFor(record.keep);
      if (existsSync(f.keyring) && !existsSync(keptKeyring)) {
        // Copied whole or not at all: the undo copy must open.
        copyFileSync(f.keyring, `${keptKeyring}.tmp`);
        fsyncPath(`${keptKeyring}.tmp`);
        renameRetrying(`${keptKeyring}.tmp`, keptKeyring);
      }
    }
    // What belonged to the old file must not be applied to the new one.
    for (const x of ['-wal', '-shm', '-journal']) rmSync(`${f.db}${x}`, { force: true });
    rmSync(`${f.next}-journal`, { force: true });
    renameRetrying(f.next, f.db);
    phase('switch:db');
  }
  if (existsSync(f.keyringNext)) {
    renameRetrying(f.keyringNext, f.keyring);
    phase('switch:keyring');
  }
  fsyncPath(dirname(dbPath), true);
  rmSync(f.switchRecord, { force: true });
  fsyncPath(dirname(dbPath), true);
  ownerOnly(f.db);
  ownerOnly(f.keyring);
}

export type Recovery = 'none' | 'completed' | 'undone';

/**
 * Brings the files to exactly one generation (call it holding the lock): a committed change is
 * completed; an uncommitted one is undone (its new files removed; the database and keyring in
 * place were never touched). A pending keyring of the first version (no generation: written by
 * an older Slenkstis) is left for the login to try, as that version did.
 */
export function recoverFiles(dbPath: string): Recovery {
  const f = filesOf(dbPath);
  rmSync(`${f.switchRecord}.tmp`, { force: true });
  if (existsSync(f.switchRecord)) {
    rollForward(dbPath, readSwitchRecord(f.switchRecord));
    return 'completed';
  }
  let undone = false;
  for (const p of [f.next, `${f.next}-journal`, `${f.next}-wal`, `${f.next}-shm`, `${f.keyringNext}.tmp`, `${f.keyring}.tmp`, join(dirname(dbPath), `.${basename(dbPath)}.restoring`)]) {
    if (existsSync(p)) {
      rmSync(p, { force: true });
      undone = true;
    }
  }
  if (existsSync(f.keyringNext) && !isFirstVersionKeyring(f.keyringNext)) {
    rmSync(f.keyringNext, { force: true });
    undone = true;
  }
  return undone ? 'undone' : 'none';
}

function isFirstVersionKeyring(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }).version === 1;
  } catch {
    return false;
  }
}

/** Leftovers of backups whose writer was killed: `.NAME.PID-RANDOM.partial` (and its journal) of a process that is gone. */
export function removeDeadPartials(folder: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.partial(?:-journal|-wal|-shm)?$/.exec(name);
    if (!m) continue;
    const pid = m[1] ? Number(m[1]) : null;
    // Without a pid: written by an older version of the app; no such writer runs now.
    if (pid !== null && (pid === process.pid || pidAlive(pid))) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}

// ---------- the generation and the audit chain's head ----------

export const GENERATION_SETTING = 'key_generation';

const SETTING_VALUE = query<{ value: string }, [string]>('SELECT value FROM settings WHERE key = ?', z.object({ value: z.string() }));
const AUDIT_HEAD = query<{ id: number; hash: string }, []>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1', z.object({ id: z.number(), hash: z.string() }));

/** The generation recorded inside the database (0 for a file made before generations). */
export function dbGeneration(sqlite: SqliteDb): number {
  const row = rawRow(sqlite, SETTING_VALUE, GENERATION_SETTING);
  return row ? Number(JSON.parse(row.value)) : 0;
}

export function setGeneration(sqlite: SqliteDb, generation: number): void {
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(GENERATION_SETTING, JSON.stringify(generation));
}

/** The newest audit entry: what the anchor outside the file records. */
export function auditHead(sqlite: SqliteDb): { count: number; hash: string } {
  const row = rawRow(sqlite, AUDIT_HEAD);
  return row ? { count: row.id, hash: row.hash } : { count: 0, hash: '0'.repeat(64) };
}

/**
 * Records the audit chain's head in the keyring, outside the file (after every backup; key
 * changes write it with the new keyring). Never moves it back: a shorter chain is what verify
 * must report, not paper over.
 */
export function anchorAuditHead(vault: { store: Store; dataKey: Buffer; keyring: Keyring; keyringPath: string }): void {
  withLock(vault.store.path, () => {
    const keyring = readKeyring(vault.keyringPath);
    if (keyring.db_id !== vault.keyring.db_id || keyring.generation !== dbGeneration(vault.store.sqlite)) return;
    const head = auditHead(vault.store.sqlite);
    if (keyring.anchor && keyring.anchor.count >= head.count) return;
    if (!sealHolds(keyring, vault.dataKey, keyring.generation)) return; // verify says so; never seal what was altered
    const next = { ...keyring, anchor: makeAnchor(head) };
    writeKeyring(vault.keyringPath, next, vault.dataKey);
    vault.keyring = next;
  });
}

