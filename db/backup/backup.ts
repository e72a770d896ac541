// Backups: a consistent, still-encrypted copy of the open database, verified before it is
// given its name, with the keyring beside it (a backup without its keyring opens for nobody).
//
// How the copy is made: `VACUUM INTO 'file'` on the open connection. It reads one snapshot
// (a read transaction, so a writer in another process goes on meanwhile: WAL mode) and
// writes a compact copy encrypted with the same key and cipher settings. SQLite's online
// backup API (better-sqlite3's db.backup()) would be the textbook tool, but in this cipher
// build it refuses an encrypted target ("backup is not supported with incompatible source
// and target databases"), and a plain file copy is not consistent while the app writes.
import { existsSync, readFileSync, renameSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { keyringPathFor, makeAnchor, readKeyring, sealHolds, writeKeyring, type Keyring } from '../keyring';
import { anchorAuditHead, auditHead, dbGeneration, removeDeadPartials } from '../keyfiles';
import { fsyncPath, ownerOnly } from '../fsx';
import { z } from 'zod';
import { openSqlite, rawRow } from '../open';
import { phase } from '../phases';
import { query, type Store } from '../store';

/** What a backup needs of an open vault: the connection, its data key and the keyring that wraps it. */
export interface BackupSource {
  store: Store;
  dataKey: Buffer;
  keyring: Keyring;
  keyringPath: string;
}

export interface BackupInfo {
  file: string;
  keyringFile: string;
  bytes: number;
  takenAt: string;
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const INTEGRITY = z.array(z.object({ integrity_check: z.string() }));
const DB_ID = query<{ value: string }, []>(`SELECT value FROM settings WHERE key = 'db_id'`, z.object({ value: z.string() }));
const VISIT_COUNT = query<{ n: number }, []>('SELECT count(*) AS n FROM visits', z.object({ n: z.number() }));

/**
 * Opens a backup read-only with the key, runs the integrity check and checks that it is the
 * database the keyring belongs to. Throws a CoreError that says what is wrong.
 */
export function verifyBackup(file: string, dataKey: Buffer, dbId: string): { visits: number; head: { count: number; hash: string } } {
  let db;
  try {
    db = openSqlite(file, { dataKey, readonly: true });
  } catch {
    throw new CoreError('rejected', text('backup.not_opening', { file: basename(file) }));
  }
  try {
    const rows = INTEGRITY.parse(db.pragma('integrity_check'));
    if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
      throw new CoreError('rejected', text('backup.integrity', { file: basename(file), detail: rows[0]?.integrity_check ?? null }));
    }
    const idRow = rawRow(db, DB_ID);
    if (!idRow || JSON.parse(idRow.value) !== dbId) {
      throw new CoreError('rejected', text('backup.other_keyring', { file: basename(file) }));
    }
    return { visits: rawRow(db, VISIT_COUNT)?.n ?? 0, head: auditHead(db) };
  } catch (e) {
    if (e instanceof CoreError) throw e;
    throw new CoreError('rejected', text('backup.read_back', { file: basename(file), detail: (e as Error).message.split('\n')[0] }));
  } finally {
    db.close();
  }
}

/**
 * Takes a backup into `outFile` (and `outFile.keyring`): written under a temporary name in
 * the same folder, verified, flushed, then renamed into place. An existing backup of the same
 * name is replaced only once the new one is verified, and it stays intact until then.
 */
/**
 * Takes a backup. `step` is told each phase (copy, verify, put in place) and may stop the backup
 * (a cancel) up to the verify: nothing has then been put in place, and the partial copy is removed.
 */
export function takeBackup(src: BackupSource, outFile: string, now: Date = new Date(), step: (phase: string, done: number, total: number) => void = () => undefined): BackupInfo {
  const file = resolve(outFile);
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  if (resolve(src.store.path) === file) throw new CoreError('validation', text('backup.over_database'));
  // A backup killed half-way left its partial copy: removed here (only those of processes that are gone).
  removeDeadPartials(dir);
  // A backup of this name killed while swapping pairs: the older pair is put back (or dropped when the new one landed).
  const previous = `${file}.previous`;
  if (existsSync(previous)) {
    if (existsSync(file) && existsSync(keyringPathFor(file))) {
      rmSync(previous, { force: true });
      rmSync(keyringPathFor(previous), { force: true });
    } else {
      rmSync(file, { force: true });
      renameSync(previous, file);
      if (existsSync(keyringPathFor(previous))) renameSync(keyringPathFor(previous), keyringPathFor(file));
    }
  }
  const tmp = join(dir, `.${basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.partial`);
  try {
    // Before the copy's own error handling: a stop asked here is a stop, not a failed write.
    step('copy', 0, 3);
    try {
      phase('vacuum');
      src.store.sqlite.exec(`VACUUM INTO ${sqlString(tmp)}`);
    } catch (e) {
      const msg = (e as Error).message;
      if (/full|ENOSPC/i.test(msg)) throw new CoreError('rejected', text('backup.folder_full', { folder: dir }));
      throw new CoreError('rejected', text('backup.write_failed', { folder: dir, detail: msg.split('\n')[0] }));
    }
    ownerOnly(tmp);
    fsyncPath(tmp);
    step('verify', 1, 3);
    phase('verify');
    const { head } = verifyBackup(tmp, src.dataKey, src.keyring.db_id);
    // The keyring as it is on disk now (not a copy cached at login), with the backup's own anchor.
    // It must be the keyring of this very file and key: a backup whose keyring does not open it is no backup.
    const current = readKeyring(src.keyringPath);
    if (current.db_id !== src.keyring.db_id || current.generation !== dbGeneration(src.store.sqlite) || !sealHolds(current, src.dataKey, current.generation)) {
      throw new CoreError('rejected', text('backup.keyring_changed'));
    }
    const backupKeyringContent: Keyring = { ...current, anchor: makeAnchor(head) };
    const keyringFile = keyringPathFor(file);
    // Keep the previous pair whole until the new pair is in place.
    step('put in place', 2, 3);
    const hadPrevious = existsSync(file);
    phase('rename');
    if (hadPrevious) {
      renameSync(file, previous);
      if (existsSync(keyringFile)) renameSync(keyringFile, keyringPathFor(previous));
    }
    writeKeyring(keyringFile, backupKeyringContent, src.dataKey);
    renameSync(tmp, file);
    fsyncPath(dir, true);
    if (readKeyring(keyringFile).db_id !== src.keyring.db_id) throw new CoreError('rejected', text('backup.keyring_copy'));
    if (hadPrevious) {
      rmSync(previous, { force: true });
      rmSync(keyringPathFor(previous), { force: true });
    }
    // The chain's head, kept outside the file: cutting entries off the log later shows in verify.
    phase('anchor');
    anchorAuditHead(src);
    phase('done');
    step('done', 3, 3);
    return { file, keyringFile, bytes: statSync(file).size, takenAt: now.toISOString() };
  } finally {
    for (const x of ['', '-journal', '-wal', '-shm']) rmSync(`${tmp}${x}`, { force: true });
  }
}

/** Reads a backup's keyring, with a clear sentence when it is missing. */
export function backupKeyring(file: string): Keyring {
  if (!existsSync(file)) throw new CoreError('not_found', text('backup.no_file', { file }));
  const kp = keyringPathFor(file);
  if (!existsSync(kp)) throw new CoreError('rejected', text('backup.keyring_missing', { file: basename(kp) }));
  try {
    return readKeyring(kp);
  } catch {
    throw new CoreError('rejected', text('backup.keyring_damaged', { file: basename(kp) }));
  }
}

/** The first bytes of a file, to tell an encrypted database from a plain one in tests and checks. */
export function looksEncrypted(file: string): boolean {
  const head = readFileSync(file).subarray(0, 16).toString('latin1');
  return head !== 'SQLite format 3\u0000';
}
