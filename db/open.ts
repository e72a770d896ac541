// Opening the encrypted file: key first, verified by a read straight after (a wrong key only
// fails at the first read), then WAL, synchronous=FULL, foreign keys, a busy timeout so the
// app and the command line can share the file.
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
import { CoreError } from './errors';

export type SqliteDb = Sqlite.Database;

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
}

export function openSqlite(path: string, opts: OpenOptions): SqliteDb {
  if (!opts.create && !existsSync(path)) {
    throw new CoreError('db_missing', `There is no database file at ${path}.`);
  }
  let db: SqliteDb;
  try {
    db = new Sqlite(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  } catch (e) {
    throw new CoreError('db_unreadable', `The database file could not be opened (${(e as Error).message}).`);
  }
  try {
    applyKey(db, opts.dataKey);
    // The verifying read: fails with SQLITE_NOTADB on a wrong key or a damaged header.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10000}`);
    if (!opts.readonly) {
      const mode = db.pragma('journal_mode', { simple: true });
      if (mode !== 'wal') db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Temporary tables and sort files in memory: a temp file on disk would not be encrypted.
    db.pragma('temp_store = MEMORY');
    // A 32 MiB page cache: pages read once are kept decrypted, so the desk and repeated reports
    // do not pay for decryption again.
    db.pragma('cache_size = -32768');
    return db;
  } catch (e) {
    db.close();
    const msg = (e as Error).message;
    if (/locked|busy/i.test(msg)) throw new CoreError('db_busy', 'The database is in use by another program and did not become free in time. Try again in a moment.');
    throw new CoreError('db_unreadable', 'The database file cannot be read: it is damaged, or it does not belong to this keyring. Restore the latest good backup.');
  }
}

/** Changes the file's key. SQLite3MultipleCiphers cannot rekey in WAL mode: leave it, rekey, go back. */
export function rekey(db: SqliteDb, newKey: Buffer): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const mode = db.pragma('journal_mode = DELETE', { simple: true });
  // With another connection open SQLite stays in WAL: say so instead of rekeying half-way.
  if (mode !== 'delete') throw new Error('database is locked: another connection keeps it in WAL mode');
  try {
    db.pragma(`rekey="x'${newKey.toString('hex')}'"`);
  } finally {
    db.pragma('journal_mode = WAL');
  }
}
