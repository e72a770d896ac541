// Backups: encrypted, verified, with the keyring beside them; the automatic daily/weekly
// policy; restore keeping the replaced file; a backup taken while another process writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { addVisit, PASSWORD, removeDir, tempDb, tempDir, type TempDb } from '../register/helpers';
import { looksEncrypted, takeBackup, verifyBackup } from '../../db/backup/backup';
import { autoBackup, backupsToKeep, dailyName, listBackups, rescueBackups, runAutomaticBackup, weekOf } from '../../db/backup/policy';
import { setBackupFolder } from '../../db/backup/service';
import { prepareRestore, restoreBackup } from '../../db/backup/restore';
import { unlockWithPassword } from '../../db/vault';
import { verifyDatabase } from '../../db/services/audit';
import { registerClient } from '../../db/services/clients';
import { registerClientInput } from '../../shared/schemas';
import { keyringPathFor } from '../../db/keyring';
import { main } from '../../db/cli/main';
import type { Io } from '../../db/cli/io';
import { Readable } from 'node:stream';

const PLANTED = 'PLNT11999';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { SLENKSTIS_PASSWORD: PASSWORD, ...env }, stdin: Readable.from([]) as unknown as Io['stdin'] };
  return { io: value, out, err };
}

function containsPlanted(file: string): boolean {
  const bytes = readFileSync(file);
  return bytes.includes(Buffer.from(PLANTED, 'latin1')) || bytes.includes(Buffer.from(PLANTED, 'utf16le')) || bytes.includes(Buffer.from(PLANTED.toLowerCase(), 'latin1'));
}

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
  const c = registerClient(db.ctx, registerClientInput.parse({ code: PLANTED, sex: 'male', birthYear: 1999 }));
  for (let i = 0; i < 20; i++) addVisit(db.ctx, { date: '2024-01-02', clientId: c.id, note: `visit ${PLANTED} ${i}`, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }] });
});
afterAll(() => {
  db.close();
  removeDir(db.dir);
});

describe('a backup', () => {
  it('is an encrypted copy that opens with the key, with the keyring beside it, and the planted code in no byte of either', () => {
    // The plain database pages really do hold the code: the check below means something.
    const probe = db.vault.store.sqlite.prepare('SELECT count(*) AS n FROM clients WHERE code = ?').get(PLANTED) as { n: number };
    expect(probe.n).toBe(1);
    const out = join(db.dir, 'backups', 'b.db');
    const info = takeBackup(db.vault, out);
    expect(info).toMatchObject({ file: resolve(out), keyringFile: `${resolve(out)}.keyring` });
    expect(looksEncrypted(out)).toBe(true);
    expect(containsPlanted(out)).toBe(false);
    expect(containsPlanted(`${out}.keyring`)).toBe(false);
    expect(verifyBackup(out, db.vault.dataKey, db.vault.keyring.db_id)).toMatchObject({ visits: 20 });
    expect(readdirSync(join(db.dir, 'backups')).sort()).toEqual(['b.db', 'b.db.keyring']);
  });

  it('is refused by a wrong key and by a keyring of another database', () => {
    const out = join(db.dir, 'backups', 'c.db');
    takeBackup(db.vault, out);
    expect(() => verifyBackup(out, Buffer.alloc(32, 7), db.vault.keyring.db_id)).toThrow(/does not open with its key/);
    expect(() => verifyBackup(out, db.vault.dataKey, 'another-db')).toThrow(/does not belong/);
  });

  it('replaces an older backup of the same name only once verified, leaving no temporary files', () => {
    const out = join(db.dir, 'again', 'same.db');
    takeBackup(db.vault, out);
    addVisit(db.ctx, { date: '2024-01-03', anonymousCount: 2, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 2 }] });
    takeBackup(db.vault, out);
    expect(verifyBackup(out, db.vault.dataKey, db.vault.keyring.db_id)).toMatchObject({ visits: 21 });
    expect(readdirSync(join(db.dir, 'again')).sort()).toEqual(['same.db', 'same.db.keyring']);
  });

  it('into a folder that cannot be written fails with a sentence and leaves the database as it was', () => {
    const blocker = join(db.dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    expect(() => takeBackup(db.vault, join(blocker, 'b.db'))).toThrow();
    expect(verifyDatabase(db.ctx).integrity).toBe(true);
  });
});

describe('the automatic policy', () => {
  it('keeps the newest 7 days and the newest copy of each of the 4 weeks before them', () => {
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const keep = [...backupsToKeep(days)].sort();
    expect(keep).toHaveLength(11);
    expect(keep.slice(-7)).toEqual(days.slice(-7));
    const weekly = keep.slice(0, 4);
    expect(new Set(weekly.map(weekOf)).size).toBe(4);
    // Each weekly copy is the last day of its week that is older than the daily ones.
    expect(weekly.every((d) => !keep.slice(-7).includes(d))).toBe(true);
    expect(weekOf('2024-03-03')).toBe('2024-02-26');
  });

  it('takes one backup a day, refreshes it on quit, prunes to 7 daily and 4 weekly, and never touches manual or other databases\' copies', () => {
    const folder = join(db.dir, 'auto');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'slenkstis-otherdb0-2023-01-01.db'), 'someone else');
    writeFileSync(join(folder, 'holiday-photos.jpg'), 'x');
    takeBackup(db.vault, join(folder, `slenkstis-${dailyName(db.vault.keyring.db_id, '2023-12-31').slice(10, 18)}-manual-2023-12-31-120000.db`));
    let taken = 0;
    for (let i = 0; i < 45; i++) {
      const now = new Date(2024, 0, 1 + i, 18, 0, 0);
      const first = runAutomaticBackup(db.vault, folder, now);
      const second = runAutomaticBackup(db.vault, folder, new Date(now.getTime() + 3600_000));
      expect(second.taken).toBeNull();
      if (first.taken) taken++;
    }
    expect(taken).toBe(45);
    const quit = runAutomaticBackup(db.vault, folder, new Date(2024, 1, 14, 22, 0, 0), { refresh: true });
    expect(quit.taken).not.toBeNull();
    const mine = listBackups(folder, db.vault.keyring.db_id);
    expect(mine.filter((b) => b.kind === 'daily')).toHaveLength(11);
    expect(mine.filter((b) => b.kind === 'manual')).toHaveLength(1);
    expect(mine.every((b) => b.hasKeyring)).toBe(true);
    expect(existsSync(join(folder, 'slenkstis-otherdb0-2023-01-01.db'))).toBe(true);
    expect(existsSync(join(folder, 'holiday-photos.jpg'))).toBe(true);
    const dailies = mine.filter((b) => b.kind === 'daily').map((b) => b.date).sort();
    expect(dailies.slice(-7)).toEqual(['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14']);
  });
});

describe('restore', () => {
  it('puts a backup in place, keeps the replaced file and keyring beside it, and the result opens and verifies', async () => {
    const target = await tempDb();
    try {
      addVisit(target.ctx, { date: '2024-02-01', anonymousCount: 3, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 3 }] });
      const backup = join(target.dir, 'bk', 'before.db');
      takeBackup(target.vault, backup);
      addVisit(target.ctx, { date: '2024-02-02', anonymousCount: 4, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 4 }] });
      target.close();
      const prepared = prepareRestore(backup, 'ona', PASSWORD);
      const result = restoreBackup(prepared, target.path, { password: PASSWORD }, { now: new Date(2024, 1, 3, 9, 30, 0) });
      expect(result.replacedKeptAs).toBe(`${target.path}.replaced-20240203-093000`);
      expect(existsSync(keyringPathFor(result.replacedKeptAs!))).toBe(true);
      const { vault } = await unlockWithPassword(target.path, 'ona', PASSWORD);
      try {
        expect(verifyDatabase({ store: vault.store, vault })).toMatchObject({ integrity: true, auditChain: true });
        expect(vault.store.sqlite.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
        expect(vault.store.sqlite.prepare(`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`).get()).toEqual({ action: 'restore' });
      } finally {
        vault.store.close();
      }
      // The replaced database still opens from where it was kept.
      const kept = await unlockWithPassword(result.replacedKeptAs!, 'ona', PASSWORD);
      expect(kept.vault.store.sqlite.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 2 });
      kept.vault.store.close();
    } finally {
      removeDir(target.dir);
    }
  });

  it('restores over a damaged database, refuses a wrong password, and refuses another database without --force', async () => {
    const target = await tempDb();
    const other = await tempDb();
    try {
      const backup = join(target.dir, 'bk', 'good.db');
      takeBackup(target.vault, backup);
      target.close();
      other.close();
      expect(() => prepareRestore(backup, 'ona', 'wrong password')).toThrow(/Wrong user name or password/);
      expect(() => prepareRestore(backup, 'nobody', PASSWORD)).toThrow(/Wrong user name or password/);
      const prepared = prepareRestore(backup, 'ona', PASSWORD);
      expect(() => restoreBackup(prepared, other.path, { password: PASSWORD })).toThrow(/another database/);
      // Over another database, today's access of this one cannot be read: the recovery key is asked for.
      expect(() => restoreBackup(prepared, other.path, { password: PASSWORD }, { force: true })).toThrow(/recovery key/);
      expect(restoreBackup(prepared, other.path, { password: PASSWORD, recoveryKey: target.recoveryKey }, { force: true }).replacedKeptAs).toMatch(/replaced-/);
      writeFileSync(target.path, Buffer.alloc(8192, 0x41));
      await expect(unlockWithPassword(target.path, 'ona', PASSWORD)).rejects.toThrow(/cannot be read/);
      // The damaged file cannot prove today's access: the recovery key is needed.
      expect(() => restoreBackup(prepared, target.path, { password: PASSWORD })).toThrow(/recovery key/);
      restoreBackup(prepared, target.path, { password: PASSWORD, recoveryKey: target.recoveryKey });
      const { vault } = await unlockWithPassword(target.path, 'ona', PASSWORD);
      expect(verifyDatabase({ store: vault.store, vault }).integrity).toBe(true);
      vault.store.close();
    } finally {
      removeDir(target.dir);
      removeDir(other.dir);
    }
  });

  it('refuses a backup whose keyring is missing', () => {
    const lone = join(db.dir, 'lone.db');
    takeBackup(db.vault, lone);
    writeFileSync(`${lone}.keyring`, '{ not json');
    expect(() => prepareRestore(lone, 'ona', PASSWORD)).toThrow(/damaged/);
  });
});

describe('the command line', () => {
  it('backup --out writes a verified copy; restore FILE puts it back and keeps the replaced file', async () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'cli.db');
      const init = io();
      expect(await main(['init', '--db', path, '--user', 'ona'], init.io)).toBe(0);
      const b = io();
      expect(await main(['backup', '--db', path, '--user', 'ona', '--out', join(dir, 'bk', 'x.db')], b.io)).toBe(0);
      expect(JSON.parse(b.out.join(''))).toMatchObject({ file: join(dir, 'bk', 'x.db'), verified: true });
      const usage = io();
      expect(await main(['backup', '--db', path, '--user', 'ona'], usage.io)).toBe(2);
      const r = io();
      expect(await main(['restore', join(dir, 'bk', 'x.db'), '--db', path, '--user', 'ona'], r.io)).toBe(0);
      expect(JSON.parse(r.out.join('')).replaced_kept_as).toMatch(/cli\.db\.replaced-/);
      const wrong = io({ SLENKSTIS_PASSWORD: 'not the password' });
      expect(await main(['restore', join(dir, 'bk', 'x.db'), '--db', path, '--user', 'ona'], wrong.io)).toBe(3);
      const v = io();
      expect(await main(['verify', '--db', path, '--user', 'ona'], v.io)).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});

describe('a backup taken while another process writes', () => {
  it('is consistent: it restores, verifies, and every visit in it is whole', async () => {
    const target = await tempDb();
    try {
      addVisit(target.ctx, { date: '2023-12-31', anonymousCount: 1, supplies: [{ itemKey: 'condom', direction: 'out', quantity: 1 }] });
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'writer.ts'), target.path, 'ona', PASSWORD], {
        cwd: resolve(__dirname, '../..'), stdio: ['pipe', 'pipe', 'inherit'],
      });
      const lines = createInterface({ input: child.stdout! });
      const next = () => new Promise<string>((res, rej) => {
        lines.once('line', res);
        child.once('exit', (code) => rej(new Error(`writer exited with ${code}`)));
      });
      expect(await next()).toBe('ready');
      const counts: number[] = [];
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const file = join(target.dir, 'live', `live-${i}.db`);
        takeBackup(target.vault, file);
        files.push(file);
        counts.push(verifyBackup(file, target.vault.dataKey, target.vault.keyring.db_id).visits);
      }
      child.stdin!.write('stop\n');
      const done = await next();
      const written = Number(done.split(' ')[1]);
      console.log(`backups taken while the writer wrote: visits in them ${counts.join(', ')}; the writer wrote ${written}`);
      expect(written).toBeGreaterThan(0);
      // The writer went on while the backups were taken.
      expect(counts[3]).toBeGreaterThan(counts[0]);
      target.close();
      // Restore the last one in a new place, open it and check it through.
      const restoredPath = join(target.dir, 'restored', 'slenkstis.db');
      mkdirSync(join(target.dir, 'restored'));
      restoreBackup(prepareRestore(files[3], 'ona', PASSWORD), restoredPath, { password: PASSWORD, recoveryKey: target.recoveryKey });
      const { vault } = await unlockWithPassword(restoredPath, 'ona', PASSWORD);
      try {
        expect(verifyDatabase({ store: vault.store, vault })).toMatchObject({ integrity: true, auditChain: true, problems: [] });
        const q = (sql: string) => (vault.store.sqlite.prepare(sql).get() as { n: number }).n;
        expect(q('SELECT count(*) AS n FROM visits')).toBe(counts[3]);
        // Every visit with both its lines and its audit entry: no half-written transaction.
        expect(q(`SELECT count(*) AS n FROM visits v WHERE v.date = '2024-01-01' AND (SELECT count(*) FROM supply_lines l WHERE l.visit_id = v.id) <> 2`)).toBe(0);
        expect(q(`SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'visit'`)).toBe(counts[3]);
      } finally {
        vault.store.close();
      }
    } finally {
      removeDir(target.dir);
    }
  });
});

describe('for the Electron main', () => {
  it('autoBackup takes today\'s copy into the chosen folder, does nothing without a login, and answers a failure instead of throwing', async () => {
    const target = await tempDb();
    try {
      expect(autoBackup(null)).toEqual({ ok: true, value: null });
      const first = autoBackup(target.vault, { now: new Date(2024, 4, 2, 8, 0, 0) });
      expect(first.ok && first.value?.taken?.file).toBe(join(target.dir, 'backups', dailyName(target.vault.keyring.db_id, '2024-05-02')));
      const again = autoBackup(target.vault, { now: new Date(2024, 4, 2, 9, 0, 0) });
      expect(again.ok && again.value?.taken).toBeNull();
      const blocker = join(target.dir, 'a-file');
      writeFileSync(blocker, 'x');
      target.vault.store.stmt(`INSERT INTO settings (key, value) VALUES ('backup_folder', ?)`).run(JSON.stringify(join(blocker, 'sub')));
      const failed = autoBackup(target.vault, { refresh: true });
      expect(failed).toMatchObject({ ok: false, error: { code: 'backup_failed' } });
    } finally {
      target.close();
      removeDir(target.dir);
    }
  });

  it('rescueBackups finds the backups of a database that no longer opens, without any key', async () => {
    const target = await tempDb();
    try {
      const folder = join(target.dir, 'stick');
      setBackupFolder(target.ctx, { folder });
      runAutomaticBackup(target.vault, folder, new Date(2024, 4, 1, 12));
      runAutomaticBackup(target.vault, folder, new Date(2024, 4, 2, 12));
      target.close();
      writeFileSync(target.path, Buffer.alloc(4096, 0x42));
      const found = rescueBackups(target.path);
      expect(found.folder).toBe(folder);
      expect(found.backups.map((b) => b.date)).toEqual(['2024-05-02', '2024-05-01']);
      // Without the keyring too (the id is then unknown: every Slenkstis backup in the folder).
      rmSync(keyringPathFor(target.path));
      expect(rescueBackups(target.path).backups).toHaveLength(2);
      // …and the newest restores with the manager's password.
      restoreBackup(prepareRestore(found.backups[0].file, 'ona', PASSWORD), target.path, { password: PASSWORD, recoveryKey: target.recoveryKey }, { force: true });
      const { vault } = await unlockWithPassword(target.path, 'ona', PASSWORD);
      expect(verifyDatabase({ store: vault.store, vault }).integrity).toBe(true);
      vault.store.close();
    } finally {
      removeDir(target.dir);
    }
  });
});
