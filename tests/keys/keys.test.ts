// The key lifecycle beyond crashes: today's key-derivation cost and its bounds, the audit anchor
// kept outside the file, owner-only files, leftovers of killed backups, the lock of a killed
// process, keyrings of the first version, and restores that never widen access.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { makeEntry, readKeyring, writeKeyring, DEFAULT_KDF, type Keyring } from '../../db/keyring';
import { openSqlite } from '../../db/open';
import { attempt, cli, fileState, MANAGER, must, newCabinet, sha256 } from '../db/helpers';

const withTodaysCost = async <T>(fn: () => Promise<T>): Promise<T> => {
  const before = process.env.SLENKSTIS_TEST_KDF;
  delete process.env.SLENKSTIS_TEST_KDF;
  try {
    return await fn();
  } finally {
    process.env.SLENKSTIS_TEST_KDF = before;
  }
};

const keyringOf = (dbPath: string): Keyring => readKeyring(`${dbPath}.keyring`);
const editKeyring = (dbPath: string, edit: (k: Record<string, unknown>) => void) => {
  const k = JSON.parse(readFileSync(`${dbPath}.keyring`, 'utf8')) as Record<string, unknown>;
  edit(k);
  writeFileSync(`${dbPath}.keyring`, JSON.stringify(k));
};

describe('key derivation', () => {
  it('is scrypt N=2^17, r=8, p=1 for new entries; weaker entries are re-wrapped at their next login, the same key pair kept', async () => {
    expect(DEFAULT_KDF).toEqual({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    const { core, dbPath } = await newCabinet(); // made at the suite's cheap cost (N=2^10)
    core.close();
    const before = keyringOf(dbPath).entries.find((e) => e.user_name === MANAGER.userName)!;
    expect(before.kdf.N).toBe(2 ** 10);
    await withTodaysCost(async () => {
      const c = new Core(dbPath);
      await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
      c.close();
    });
    const after = keyringOf(dbPath).entries.find((e) => e.user_name === MANAGER.userName)!;
    expect(after.kdf).toEqual(DEFAULT_KDF);
    expect(after.public_key).toBe(before.public_key);
    expect(after.data_key).toEqual(before.data_key);
    // The re-wrapped entry opens with the same password, and the others were left as they were.
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    c.close();
    expect(keyringOf(dbPath).entries.find((e) => e.kind === 'recovery')!.kdf.N).toBe(2 ** 10);
  });

  it('refuses a keyring that asks for more than the bounds (a huge N, an odd N, a large r) at once, with one sentence, instead of exhausting memory', async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const good = readFileSync(`${dbPath}.keyring`);
    for (const kdf of [{ N: 2 ** 30, r: 8, p: 1 }, { N: 100000, r: 8, p: 1 }, { N: 2 ** 16, r: 64, p: 1 }, { N: 2 ** 20, r: 16, p: 4 }]) {
      editKeyring(dbPath, (k) => {
        (k.entries as Array<{ kdf: object }>)[0].kdf = { name: 'scrypt', ...kdf };
      });
      const started = performance.now();
      const r = await cli(['verify', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(r.code).toBe(4);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/key derivation outside the allowed bounds/);
      writeFileSync(`${dbPath}.keyring`, good);
    }
  });
});

describe('the audit anchor outside the file', () => {
  it('lets verify report the newest entries cut off the log (exit 1), and an anchor edited by hand', async () => {
    const { core, dbPath, dir } = await newCabinet();
    for (let i = 0; i < 5; i++) await must(core, 'visits.create', { date: '2026-11-20', anonymousCount: 1, kind: 'outreach', supplies: [], services: [] });
    await must(core, 'backup.now', { folder: join(dir, 'stick') });
    const anchor = keyringOf(dbPath).anchor!;
    expect(anchor.count).toBeGreaterThan(5);
    core.close();
    const verify = () => cli(['verify', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });
    expect((await verify()).code).toBe(0);
    // Cut off the tail: delete the newest entries with the key, as someone holding it could.
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    const key = c.currentVault!.dataKey;
    c.close();
    const db = openSqlite(dbPath, { dataKey: key });
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(anchor.count - 3);
    db.close();
    const cut = await verify();
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(new RegExp(`ends at entry ${anchor.count - 3 + 1}|ends at entry ${anchor.count - 3}`));
    expect(cut.err).toMatch(/cut off/);
    // Lowering the anchor by hand, or removing it, to hide the cut breaks the keyring's seal: it is refused.
    const sealed = readFileSync(`${dbPath}.keyring`);
    for (const edit of [(k: Record<string, unknown>) => ((k.anchor as { count: number }).count = anchor.count - 3), (k: Record<string, unknown>) => delete k.anchor]) {
      editKeyring(dbPath, edit);
      const edited = await verify();
      expect(edited.code).toBe(4);
      expect(edited.err).toMatch(/altered outside Slenkstis/);
      writeFileSync(`${dbPath}.keyring`, sealed);
    }
    expect((await verify()).code).toBe(1);
  });

  it('moves forward with every backup and key change, never back', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const first = keyringOf(dbPath).anchor!.count;
    const ona = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const afterAdd = keyringOf(dbPath).anchor!.count;
    expect(afterAdd).toBeGreaterThan(first);
    await must(core, 'visits.create', { date: '2026-11-20', anonymousCount: 1, kind: 'outreach', supplies: [], services: [] });
    await must(core, 'backup.now', { folder: join(dir, 'stick') });
    expect(keyringOf(dbPath).anchor!.count).toBeGreaterThan(afterAdd);
    await must(core, 'staff.disable', { id: ona.id });
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
  });
});

describe('files on disk', () => {
  // Skipped on Windows only: it has no POSIX file modes (the profile folder is the user's own there).
  it.skipIf(process.platform === 'win32')('the database, its WAL and shared memory, the keyring and backups are readable by their owner only', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const b = await must(core, 'backup.now', { folder: join(dir, 'stick') });
    await must(core, 'visits.create', { date: '2026-11-20', anonymousCount: 1, kind: 'outreach', supplies: [], services: [] });
    const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}.keyring`, b.file, `${b.file}.keyring`];
    for (const f of files) {
      expect(existsSync(f), f).toBe(true);
      expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    }
    // A key change makes a new file: it is owner-only too.
    await must(core, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'changed-pass-9' });
    await must(core, 'visits.create', { date: '2026-11-20', anonymousCount: 1, kind: 'outreach', supplies: [], services: [] });
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}.keyring`]) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    core.close();
  });

  it('the next backup removes the partial copies a killed backup left, and leaves those of a backup still running', async () => {
    const { core, dir } = await newCabinet();
    const folder = join(dir, 'stick');
    mkdirSync(folder);
    // A process that is gone (spawned and finished) and one that runs (this one's parent, alive).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const dead = [`.slenkstis-x.db.${gone}-0123456789ab.partial`, `.slenkstis-x.db.${gone}-0123456789ab.partial-journal`, '.slenkstis-y.db.abcdef012345.partial'];
    const running = `.slenkstis-z.db.${process.ppid}-aaaaaaaaaaaa.partial`;
    for (const n of [...dead, running]) writeFileSync(join(folder, n), 'half a copy');
    await must(core, 'backup.now', { folder });
    const left = readdirSync(folder);
    for (const n of dead) expect(left).not.toContain(n);
    expect(left).toContain(running);
    core.close();
  });

  it('a lock from before a restart, or older than any operation, is taken over even when its pid now belongs to a running program', async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const { hostname } = await import('node:os');
    const { utimesSync } = await import('node:fs');
    // The pid of a running program (this test's parent), but written before the machine started.
    writeFileSync(`${dbPath}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), at: '2026-01-01T00:00:00Z', boot: 0 }));
    const c = new Core(dbPath);
    const started = performance.now();
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
    c.close();
    // The same running pid and this boot, but the lock is older than any operation holds it.
    const bootNow = Math.round((Date.now() - (await import('node:os')).uptime() * 1000) / 60_000) * 60_000;
    writeFileSync(`${dbPath}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), at: '2026-01-01T00:00:00Z', boot: bootNow }));
    const old = (Date.now() - 20 * 60_000) / 1000;
    utimesSync(`${dbPath}.lock`, old, old);
    const d = new Core(dbPath);
    expect((await attempt(d, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    d.close();
  });

  it('a lock left by a killed process is taken over at the next open', async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    const os = await import('node:os');
    const boot = Math.round((Date.now() - os.uptime() * 1000) / 60_000) * 60_000;
    writeFileSync(`${dbPath}.lock`, JSON.stringify({ pid: gone, host: os.hostname(), at: new Date().toISOString(), boot }));
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
    c.close();
  });
});

/** A cabinet as the first version left it: no generation in the file, a keyring with no generation, seal or anchor. */
async function firstVersionCabinet(): Promise<string> {
  const { core, dbPath } = await newCabinet();
  const key = core.currentVault!.dataKey;
  core.close();
  const db = openSqlite(dbPath, { dataKey: key });
  db.prepare(`DELETE FROM settings WHERE key = 'key_generation'`).run();
  db.close();
  editKeyring(dbPath, (k) => {
    k.version = 1;
    delete k.generation;
    delete k.anchor;
    delete k.mac;
  });
  return dbPath;
}

describe('a keyring of the first version (no generation, no anchor)', () => {
  it('still opens, and its first key change writes the current version', async () => {
    const dbPath = await firstVersionCabinet();
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    // Its first login moves it to generation 1, sealed and anchored: it cannot be passed off as unsealed again.
    const k = keyringOf(dbPath);
    expect(k).toMatchObject({ version: 2, generation: 1 });
    expect(k.anchor).toBeDefined();
    expect(k.mac).toMatch(/^[0-9a-f]{64}$/);
    expect((await must(c, 'audit.list', { limit: 1 }))[0].action).toBe('seal_keyring');
    expect((await must(c, 'audit.verify', {})).problems).toEqual([]);
    await must(c, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    c.close();
    expect(keyringOf(dbPath).generation).toBe(2);
  });
});

describe('the pending keyring an older version left (no keyring beside the database, only `.keyring.next` of the first version)', () => {
  it('opens the file, and becomes its keyring', async () => {
    const dbPath = await firstVersionCabinet();
    const { renameSync } = await import('node:fs');
    renameSync(`${dbPath}.keyring`, `${dbPath}.keyring.next`);
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    c.close();
    expect(existsSync(`${dbPath}.keyring`)).toBe(true);
    expect(existsSync(`${dbPath}.keyring.next`)).toBe(false);
  });
});

describe('a keyring altered by hand', () => {
  it('an entry added with the data key (sealed properly) for no account is reported by verify and dropped by the next key change', async () => {
    const { core, dbPath } = await newCabinet();
    const ona = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    // Ona, holding the data key, adds a hidden entry and seals the keyring herself.
    const key = core.currentVault!.dataKey;
    const k = keyringOf(dbPath);
    const ghost = makeEntry('user', 'zz-svc', 'ghost-pass-1', key, k.db_id);
    writeKeyring(`${dbPath}.keyring`, { ...k, entries: [...k.entries, ghost] }, key);
    const problems = (await must(core, 'audit.verify', {})).problems;
    expect(problems.join(' ')).toMatch(/Raktinėje yra raktas neaktyvioms paskyroms \(1: "zz-svc"\)/);
    await must(core, 'staff.disable', { id: ona.id });
    expect(keyringOf(dbPath).entries.map((e) => e.user_name ?? 'recovery').sort()).toEqual(['recovery', MANAGER.userName]);
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
  });

  it('an old entry of a disabled account copied back in is refused, never given the next key', async () => {
    const { core, dbPath } = await newCabinet();
    const ona = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const hers = keyringOf(dbPath).entries.find((e) => e.user_name === 'ona')!;
    await must(core, 'staff.disable', { id: ona.id });
    // Ona, still at the shared PC, puts her old entry back, hoping the next key change seals the new key to it.
    editKeyring(dbPath, (k) => (k.entries as unknown[]).push(hers));
    const r = await attempt(core, 'staff.add', { userName: 'jonas', displayName: 'Jonas', role: 'medical', password: 'medic-pass-1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/pakeistas ne Slenksčio programa/);
    core.close();
    const c = new Core(dbPath);
    const login = await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(login.ok).toBe(false);
    if (!login.ok) expect(login.error.code).toBe('db_unreadable');
    expect((await attempt(c, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    c.close();
  });
});

describe('a restore never widens access', () => {
  async function cabinetWithBackup() {
    const cab = await newCabinet();
    const ona = await must(cab.core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    await must(cab.core, 'backup.setFolder', { folder: join(cab.dir, 'stick') });
    const backup = await must(cab.core, 'backup.now', {});
    await must(cab.core, 'staff.disable', { id: ona.id });
    cab.core.close();
    return { ...cab, backup };
  }

  it('with today\'s keyring missing, the rescue restore asks for the recovery key, then admits the restoring manager and the recovery key only', async () => {
    const { dbPath, backup, recoveryKey } = await cabinetWithBackup();
    rmSync(`${dbPath}.keyring`);
    const before = fileState(dbPath);
    const c = new Core(dbPath);
    const login = await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(login.ok).toBe(false);
    const asked = await attempt(c, 'session.rescueRestore', { file: backup.file, userName: MANAGER.userName, password: MANAGER.password });
    expect(asked.ok).toBe(false);
    if (!asked.ok) expect(asked.error).toMatchObject({ code: 'auth', field: 'recoveryKey' });
    expect(fileState(dbPath)).toEqual(before);
    const wrongKey = await attempt(c, 'session.rescueRestore', { file: backup.file, userName: MANAGER.userName, password: MANAGER.password, recoveryKey: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' });
    expect(wrongKey.ok).toBe(false);
    expect(fileState(dbPath)).toEqual(before);
    await must(c, 'session.rescueRestore', { file: backup.file, userName: MANAGER.userName, password: MANAGER.password, recoveryKey });
    c.close();
    // Ona was disabled after the backup; with today's access unreadable she is not let back in.
    const probe = new Core(dbPath);
    expect((await attempt(probe, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    await must(probe, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect((await must(probe, 'staff.list', {})).find((s) => s.userName === 'ona')?.active).toBe(false);
    expect((await must(probe, 'audit.verify', {})).problems).toEqual([]);
    probe.close();
    // And the recovery key still opens it.
    const rec = new Core(dbPath);
    await must(rec, 'session.recover', { recoveryKey, userName: MANAGER.userName, newPassword: 'after-restore-1' });
    rec.close();
  });

  it('with today\'s keyring readable, a restore twice over keeps a disabled account out; a disabled manager cannot restore at all', async () => {
    const { dbPath, backup, dir } = await cabinetWithBackup();
    for (let i = 0; i < 2; i++) {
      const r = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });
      expect(r.code, r.err).toBe(0);
      const c = new Core(dbPath);
      expect((await attempt(c, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
      c.close();
    }
    // A second manager, disabled after a backup of theirs, cannot restore it.
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    const boss = await must(c, 'staff.add', { userName: 'boss', displayName: 'Boss', role: 'manager', password: 'boss-pass-1' });
    const theirs = await must(c, 'backup.now', { folder: join(dir, 'stick2') });
    await must(c, 'staff.disable', { id: boss.id });
    c.close();
    const before = fileState(dbPath);
    const r = await cli(['restore', theirs.file, '--db', dbPath, '--user', 'boss'], { SLENKSTIS_PASSWORD: 'boss-pass-1' });
    expect(r.code).toBe(3);
    expect(fileState(dbPath)).toEqual(before);
  });

  it('the backup\'s keyring copied over today\'s proves nothing: the restore asks for the recovery key, and the account disabled today stays out', async () => {
    const { dbPath, backup, recoveryKey } = await cabinetWithBackup();
    copyFileSync(`${backup.file}.keyring`, `${dbPath}.keyring`);
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    const asked = await attempt(c, 'session.rescueRestore', { file: backup.file, userName: MANAGER.userName, password: MANAGER.password });
    expect(asked.ok).toBe(false);
    if (!asked.ok) expect(asked.error.field).toBe('recoveryKey');
    await must(c, 'session.rescueRestore', { file: backup.file, userName: MANAGER.userName, password: MANAGER.password, recoveryKey });
    c.close();
    const probe = new Core(dbPath);
    expect((await attempt(probe, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    probe.close();
  });

  it('a restore from the command line while the app has the database open changes nothing and says to close the app', async () => {
    const { dbPath, backup } = await cabinetWithBackup();
    const app = new Core(dbPath);
    await must(app, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    const before = fileState(dbPath);
    const r = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/alone|Close it/);
    expect(sha256(`${dbPath}.keyring`)).toBe(before.keyring);
    expect(readdirSync(join(dbPath, '..')).filter((n) => n.includes('replaced') || n.endsWith('.next') || n.endsWith('.switch'))).toEqual([]);
    // The app goes on writing into the same, current file.
    await must(app, 'visits.create', { date: '2026-11-20', anonymousCount: 1, kind: 'outreach', supplies: [], services: [] });
    expect((await must(app, 'audit.verify', {})).problems).toEqual([]);
    app.close();
  });

  it('a restore proven by the recovery key (the manager\'s password changed since the backup) also needs the file alone, and keeps today\'s holders', async () => {
    const { dbPath, backup, recoveryKey } = await cabinetWithBackup();
    const app = new Core(dbPath);
    await must(app, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    await must(app, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'manager-pass-now' });
    const env = { SLENKSTIS_PASSWORD: MANAGER.password, SLENKSTIS_RECOVERY_KEY: recoveryKey };
    const busy = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], env);
    expect(busy.code).toBe(4);
    app.close();
    const done = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], env);
    expect(done.code, done.err).toBe(0);
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    await must(c, 'session.login', { userName: MANAGER.userName, password: 'manager-pass-now' });
    c.close();
  });

  it('a kill-free restore from the command line over a damaged keyring needs SLENKSTIS_RECOVERY_KEY', async () => {
    const { dbPath, backup, recoveryKey } = await cabinetWithBackup();
    writeFileSync(`${dbPath}.keyring`, '{ damaged');
    const without = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });
    expect(without.code).toBe(3);
    expect(without.err).toMatch(/recovery key/);
    const withKey = await cli(['restore', backup.file, '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password, SLENKSTIS_RECOVERY_KEY: recoveryKey });
    expect(withKey.code, withKey.err).toBe(0);
    expect(withKey.err).toMatch(/were disabled/);
    const kept = JSON.parse(withKey.out).replaced_kept_as as string;
    expect(readFileSync(`${kept}.keyring`, 'utf8')).toBe('{ damaged');
    expect(keyringOf(dbPath).entries.map((e) => e.user_name ?? 'recovery').sort()).toEqual(['recovery', MANAGER.userName]);
  });
});
