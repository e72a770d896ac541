// Opening the encrypted file: key first, verified by a read straight after (a wrong key only
// fails at the first read), then WAL, synchronous=FULL, foreign keys, a busy timeout so the
// app and the command line can share the file.
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { existsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { CoreError } from './errors';
import { text } from '../shared/core-messages';
import { ownerOnly } from './fsx';
import type { Param, Query } from './store';

export type SqliteDb = Sqlite.Database;

/**
 * The row of a declared statement (store.query) on a raw handle, where there is no Store (a
 * backup opened read-only, the keyring's look at the generation): checked against its shape.
 */
export function rawRow<R, P extends readonly Param[]>(db: SqliteDb, q: Query<R, P>, ...params: P): R | undefined {
  const row = db.prepare(q.sql).get(...params);
  return row === undefined ? undefined : q.row.parse(row);
}

/** SQLCipher 4 format, so that standard SQLCipher tools can read a file given its raw key. */
function applyKey(db: SqliteDb, dataKey: Buffer | null): void {
  if (!dataKey) return;
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${dataKey.toString('hex')}'"`);
}

export interface OpenOptions {
  /** null opens an unencrypted file: only the benchmark's comparison copy does that. */
  dataKey: Buffer | null;
  create?: boolean;
  readonly?: boolean;
  busyTimeoutMs?: number;
  /** 'delete' keeps a rollback journal: for the new file of a key change, which is rekeyed once and renamed. */
  journal?: 'wal' | 'delete';
  /**
   * The page cache in MiB. Default: a live connection (writable, WAL) gets cacheMiBFor(path), a
   * connection that reads a file once (read-only, a key change's new file) 32 MiB.
   */
  cacheMiB?: number;
}

/** The smallest page cache, and what a connection that reads a file once gets. */
export const MIN_CACHE_MIB = 32;

/**
 * The page cache of a live connection: the whole file (database and WAL) and a quarter more for its
 * growth, at least 32 MiB, at most a quarter of the machine's memory and 1 GiB. A page in the cache
 * is decrypted once; a page that is not is decrypted at every read, which is what makes card reads on
 * a file larger than the cache cost 3x those of an unencrypted file. The cache only takes memory as
 * pages are read. SLENKSTIS_CACHE_MIB sets it instead (a whole number of MiB, at least 2).
 */
export function cacheMiBFor(path: string): number {
  const set = Number(process.env.SLENKSTIS_CACHE_MIB);
  if (Number.isInteger(set) && set >= 2) return set;
  let bytes = 0;
  for (const f of [path, `${path}-wal`]) {
    try {
      bytes += statSync(f).size;
    } catch {
      // not there (yet)
    }
  }
  const cap = Math.min(1024, Math.floor(totalmem() / 4 / 2 ** 20));
  return Math.max(MIN_CACHE_MIB, Math.min(cap, Math.ceil((bytes * 1.25) / 2 ** 20)));
}

/** Sets a connection's page cache (negative cache_size: in KiB). */
export function setCacheMiB(db: SqliteDb, mib: number): void {
  db.pragma(`cache_size = -${Math.max(2, Math.floor(mib)) * 1024}`);
}

export function openSqlite(path: string, opts: OpenOptions): SqliteDb {
  if (!opts.create && !existsSync(path)) {
    throw new CoreError('db_missing', text('db.no_file', { path }));
  }
  let db: SqliteDb;
  try {
    db = new Sqlite(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  } catch (e) {
    throw new CoreError('db_unreadable', text('db.cannot_open', { detail: (e as Error).message }));
  }
  try {
    applyKey(db, opts.dataKey);
    // The verifying read: fails with SQLITE_NOTADB on a wrong key or a damaged header.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10000}`);
    if (!opts.readonly) {
      const want = opts.journal ?? 'wal';
      const mode = db.pragma('journal_mode', { simple: true });
      if (mode !== want) db.pragma(`journal_mode = ${want === 'wal' ? 'WAL' : 'DELETE'}`);
      // Owner-only, like the keyring: SQLite gives the -wal and -shm it creates the database's mode.
      for (const f of [path, `${path}-wal`, `${path}-shm`]) ownerOnly(f);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Temporary tables and sort files in memory: a temp file on disk would not be encrypted.
    db.pragma('temp_store = MEMORY');
    // Pages read once are kept decrypted, so the desk and repeated reports do not pay for
    // decryption again: a live connection's cache holds the file (cacheMiBFor).
    const live = !opts.readonly && (opts.journal ?? 'wal') === 'wal';
    setCacheMiB(db, opts.cacheMiB ?? (live ? cacheMiBFor(path) : MIN_CACHE_MIB));
    // A read in WAL mode maps the shared memory and holds its lock for as long as this connection
    // is open: that is what makes another program's key change or restore see it and refuse.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    const msg = (e as Error).message;
    if (/locked|busy/i.test(msg)) throw new CoreError('db_busy', text('db.in_use'));
    throw new CoreError('db_unreadable', text('db.unreadable'));
  }
}

/**
 * Makes this connection the only one on the file and keeps it so: the WAL is folded in and the
 * journal mode leaves WAL (which SQLite allows only with no other connection open), then an
 * exclusive lock is taken and held. Throws db_busy, with nothing changed, when another
 * connection (the command line, a second app) has the file open.
 */
export function takeAlone(db: SqliteDb): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error('database is locked');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (e) {
    giveBack(db);
    if (/busy|locked/i.test((e as Error).message)) {
      throw new CoreError('db_busy', text('db.not_alone'));
    }
    throw e;
  }
}

/** Undoes takeAlone: the lock released, back to WAL. */
export function giveBack(db: SqliteDb): void {
  if (!db.open) return;
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('locking_mode = NORMAL');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // the lock is let go at the next access
    db.pragma('journal_mode = WAL');
  } catch {
    // The caller closes and reopens the connection when this fails.
  }
}
