// Automatic backups: one a day into the folder the manager chose (a USB stick, a network
// drive), keeping the last 7 daily and 4 weekly copies. The Electron main calls
// runAutomaticBackup after a login (the key is only there once someone has logged in),
// on a timer (it does nothing when today's copy exists) and on quit (refresh: today's copy
// is taken again, so it holds the day's work).
import { z } from 'zod';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { localToday } from '../../shared/dates';
import { keyringPathFor, readKeyring } from '../keyring';
import { fail, ok, type Result } from '../../shared/result';
import type { Store } from '../store';
import { takeBackup, type BackupInfo, type BackupSource } from './backup';

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const BACKUP_FOLDER_SETTING = 'backup_folder';

export interface BackupEntry {
  file: string;
  name: string;
  kind: 'daily' | 'manual';
  /** The local day it was taken (from its name). */
  date: string;
  bytes: number;
  modifiedAt: string;
  hasKeyring: boolean;
}

/** Backups are named after the database they belong to, so that two cabinets can share a stick. */
export const backupTag = (dbId: string): string => dbId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase();

export const dailyName = (dbId: string, date: string): string => `slenkstis-${backupTag(dbId)}-${date}.db`;

export function manualName(dbId: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  // Milliseconds too: two manual backups in the same second must not overwrite each other.
  return `slenkstis-${backupTag(dbId)}-manual-${localToday(now)}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}${String(now.getMilliseconds()).padStart(3, '0')}.db`;
}

/** The folder the manager chose, else `backups` beside the database. */
export function backupFolderOf(store: Store): string {
  const chosen = store.setting(BACKUP_FOLDER_SETTING, z.string().nullable(), null);
  return chosen && chosen.trim() !== '' ? chosen : join(dirname(store.path), 'backups');
}

/** The backups of one database in a folder, newest first. */
export function listBackups(folder: string, dbId: string | null): BackupEntry[] {
  if (!existsSync(folder)) return [];
  const tag = dbId === null ? '[a-z0-9]{1,8}' : backupTag(dbId);
  const re = new RegExp(`^slenkstis-${tag}-(?:(manual)-)?(\\d{4}-\\d{2}-\\d{2})(?:-\\d{6}(?:\\d{3})?)?\\.db$`);
  const out: BackupEntry[] = [];
  for (const name of readdirSync(folder)) {
    const m = re.exec(name);
    if (!m) continue;
    const file = join(folder, name);
    const st = statSync(file);
    out.push({
      file, name, kind: m[1] ? 'manual' : 'daily', date: m[2], bytes: st.size, modifiedAt: st.mtime.toISOString(),
      hasKeyring: existsSync(keyringPathFor(file)),
    });
  }
  return out.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.name.localeCompare(a.name));
}

/** Monday of the week of a date (weeks as in ISO 8601). */
export function weekOf(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  const back = (t.getUTCDay() + 6) % 7;
  return new Date(t.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Which daily backups to keep: the newest `daily` days, and beyond those the newest copy of
 * each of the `weekly` most recent older weeks. Pure, so the rule is tested on its own.
 */
export function backupsToKeep(dates: string[], daily = KEEP_DAILY, weekly = KEEP_WEEKLY): Set<string> {
  const sorted = [...new Set(dates)].sort().reverse();
  const keep = new Set(sorted.slice(0, daily));
  const weeks = new Set<string>();
  for (const d of sorted.slice(daily)) {
    const w = weekOf(d);
    if (weeks.has(w)) continue;
    if (weeks.size >= weekly) break;
    weeks.add(w);
    keep.add(d);
  }
  return keep;
}

export interface AutoBackupResult {
  folder: string;
  /** The backup taken now, or null when today's already existed. */
  taken: BackupInfo | null;
  /** Daily backups removed by the keep-7-daily-and-4-weekly rule. */
  pruned: string[];
}

/**
 * Takes today's backup when there is none (or, with refresh, takes it again), then prunes
 * the daily copies. Manual backups are never pruned. Throws a CoreError when the folder
 * cannot be written or the copy does not verify; the old copies are then left as they were.
 */
export function runAutomaticBackup(
  src: BackupSource, folder: string, now: Date = new Date(), opts: { refresh?: boolean; keepDaily?: number; keepWeekly?: number } = {},
): AutoBackupResult {
  const today = localToday(now);
  const target = join(folder, dailyName(src.keyring.db_id, today));
  const taken = !existsSync(target) || opts.refresh ? takeBackup(src, target, now) : null;
  const dailies = listBackups(folder, src.keyring.db_id).filter((b) => b.kind === 'daily');
  const keep = backupsToKeep(dailies.map((b) => b.date), opts.keepDaily ?? KEEP_DAILY, opts.keepWeekly ?? KEEP_WEEKLY);
  const pruned: string[] = [];
  for (const b of dailies) {
    if (keep.has(b.date)) continue;
    rmSync(b.file, { force: true });
    rmSync(keyringPathFor(b.file), { force: true });
    pruned.push(b.file);
  }
  return { folder, taken, pruned };
}

/**
 * For the Electron main: today's automatic backup of the open database into the folder the
 * manager chose, as a Result that never throws (a timer or the quit handler must not crash
 * the app because a USB stick is missing). Null when nobody is logged in (no key, no backup).
 */
export function autoBackup(
  vault: BackupSource | null, opts: { refresh?: boolean; now?: Date } = {},
): Result<AutoBackupResult | null> {
  if (!vault || !vault.store.sqlite.open) return ok(null);
  try {
    return ok(runAutomaticBackup(vault, backupFolderOf(vault.store), opts.now ?? new Date(), { refresh: opts.refresh }));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return fail('backup_failed', `The automatic backup failed: ${message.split('\n')[0]}`);
  }
}

/** A plain note beside the database of where its backups go, readable when the database is not. */
export const folderNotePath = (dbPath: string): string => `${dbPath}.backups.json`;

export function writeFolderNote(dbPath: string, folder: string): void {
  writeFileSync(folderNotePath(dbPath), `${JSON.stringify({ folder }, null, 1)}\n`, { mode: 0o600 });
}

/**
 * The backups to offer when the database at dbPath cannot be opened (the "restore the latest
 * good backup" screen): found without any key, from the folder note (or `backups` beside the
 * database) and the database id in the keyring when it can still be read. Newest first.
 */
export function rescueBackups(dbPath: string): { folder: string; backups: BackupEntry[] } {
  let folder = join(dirname(dbPath), 'backups');
  try {
    const note = JSON.parse(readFileSync(folderNotePath(dbPath), 'utf8')) as { folder?: unknown };
    if (typeof note.folder === 'string' && note.folder) folder = note.folder;
  } catch {
    // No note: the default folder.
  }
  let dbId: string | null = null;
  try {
    dbId = readKeyring(keyringPathFor(dbPath)).db_id;
  } catch {
    dbId = null; // a missing keyring: offer every Slenkstis backup in the folder
  }
  const backups = dbId ? listBackups(folder, dbId) : listBackups(folder, null);
  return { folder, backups: backups.filter((b) => b.hasKeyring) };
}
