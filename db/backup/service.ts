// The backup channels of the app (manager only): a backup now, the list, the folder the
// manager chooses, and a restore that puts the app straight onto the restored database.
import { isAbsolute, join, resolve } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { text } from '../../shared/core-messages';
import { openSqlite } from '../open';
import { Store } from '../store';
import { mustMayReplaceFile, type Vault } from '../vault';
import type { Ctx } from '../services/context';
import type {
  backupFolderInput, backupFolderOutput, backupInfo, backupListInput, backupListOutput, backupNowLocalInput, backupRestoreInput, backupRestoreOutput,
} from '../../shared/data-schemas';
import { takeBackup } from './backup';
import { BACKUP_FOLDER_SETTING, backupFolderOf, listBackups, manualName, writeFolderNote } from './policy';
import { prepareRestore, restoreBackup } from './restore';


function vaultOf(ctx: Ctx): Vault {
  if (!ctx.vault) throw new CoreError('internal', text('backup.no_keyring'));
  return ctx.vault;
}

/** A backup now: into the folder (the app), or to the exact file a local caller names (`backup --out FILE`). */
export function backupNow(ctx: Ctx, input: z.output<typeof backupNowLocalInput>): z.output<typeof backupInfo> {
  const vault = vaultOf(ctx);
  let target: string;
  if ('out' in input) {
    target = resolve(input.out);
  } else {
    const folder = input.folder ?? backupFolderOf(ctx.store);
    if (!isAbsolute(folder)) throw new CoreError('validation', text('backup.folder_relative'), 'folder');
    target = join(folder, manualName(vault.keyring.db_id, new Date()));
  }
  const info = takeBackup(vault, target, new Date(), ctx.step);
  ctx.store.tx(() => audit(ctx.store, ctx.actor, 'backup', 'database', null, null, { file: info.file, bytes: info.bytes }));
  return info;
}

export function listBackupsFor(ctx: Ctx, input: z.output<typeof backupListInput>): z.output<typeof backupListOutput> {
  const folder = input.folder ?? backupFolderOf(ctx.store);
  return { folder, backups: listBackups(folder, vaultOf(ctx).keyring.db_id) };
}

/** The folder the manager chose: created if needed, and tried with a small file before it is kept. */
export function setBackupFolder(ctx: Ctx, input: z.output<typeof backupFolderInput>): z.output<typeof backupFolderOutput> {
  if (!isAbsolute(input.folder)) throw new CoreError('validation', text('backup.folder_relative'), 'folder');
  const folder = resolve(input.folder);
  const probe = join(folder, '.slenkstis-write-test');
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch {
    throw new CoreError('rejected', text('backup.folder_unwritable', { folder }), 'folder');
  }
  ctx.store.tx(() => {
    const before = ctx.store.setting(BACKUP_FOLDER_SETTING, z.string().nullable(), null);
    ctx.store.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(BACKUP_FOLDER_SETTING, JSON.stringify(folder));
    audit(ctx.store, ctx.actor, 'update', 'settings', null, { [BACKUP_FOLDER_SETTING]: before }, { [BACKUP_FOLDER_SETTING]: folder });
  });
  // Also beside the database, in plain text: the rescue screen needs it when the database is unreadable.
  writeFolderNote(ctx.store.path, folder);
  return { folder };
}

/**
 * Restores a backup in place of the open database. The backup is opened and verified with the
 * manager's password first; only then is the database closed, replaced (the old one kept
 * beside it) and the app's connection moved onto the restored file. The answer asks for a
 * new login: the restored database may know other accounts and roles.
 */
export function restoreInApp(ctx: Ctx, input: z.output<typeof backupRestoreInput>): z.output<typeof backupRestoreOutput> {
  const vault = vaultOf(ctx);
  mustMayReplaceFile(vault);
  // Phases: the backup checked (its keyring, the password, the file); then it is put in place, after which there is no stopping.
  ctx.step('verify', 0, 2);
  const prepared = prepareRestore(resolve(input.file), ctx.actor.userName, input.password);
  ctx.step('put in place', 1, 2);
  const dbPath = vault.store.path;
  const oldKey = vault.dataKey;
  vault.store.close();
  let result;
  try {
    result = restoreBackup(prepared, dbPath, { password: input.password, sessionKey: oldKey });
  } catch (e) {
    // Nothing was replaced before the failure in every case but a failed rename; reopen what is there.
    try {
      vault.store = new Store(openSqlite(dbPath, { dataKey: oldKey }), dbPath);
    } catch {
      // The session stays closed; logging in again shows what is wrong.
    }
    throw e;
  }
  vault.store = new Store(openSqlite(dbPath, { dataKey: result.dataKey }), dbPath);
  vault.dataKey = result.dataKey;
  vault.keyring = result.keyring;
  ctx.step('done', 2, 2);
  return { restored: result.restored, replacedKeptAs: result.replacedKeptAs, loginAgain: true };
}
