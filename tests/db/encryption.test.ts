import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { attempt, cli, fileState, MANAGER, must, newCabinet, sha256, tempDir } from './helpers';
import { openSqlite } from '../../db/open';

const PLANTED = 'ZUPL21977';

describe('the encrypted database', () => {
  it('keeps a planted client code out of every byte of the database file, its WAL, the keyring and a copy', async () => {
    const { core, dbPath, dir, cabinet } = await newCabinet();
    const client = await must(core, 'clients.register', { code: PLANTED, sex: 'female', birthYear: 1977, note: 'planted for the test' });
    for (let i = 0; i < 20; i++) {
      await must(core, 'visits.create', { date: '2026-11-02', clientId: client.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
    }
    // While the app is open the WAL holds the recent pages: look at it before closing.
    const vault = core.currentVault!;
    vault.store.sqlite.exec(`VACUUM INTO '${join(dir, 'copy.db').replace(/'/g, "''")}'`);
    const files = readdirSync(dir);
    expect(files).toContain('slenkstis.db-wal');
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from(PLANTED)), `${f} contains the code`).toBe(false);
      expect(bytes.includes(Buffer.from('planted for the test')), `${f} contains the note`).toBe(false);
    }
    // A plain SQLite open sees noise, not a database.
    expect(() => openSqlite(dbPath, { dataKey: null, readonly: true })).toThrow(/cannot be read/);
    core.close();
  });

  it('refuses a wrong password with exit code 3 and one sentence, leaving the files byte-for-byte unchanged', async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const before = fileState(dbPath);
    const r = await cli(['verify', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: 'not-the-password' });
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/Wrong user name or password\./);
    expect(r.out).toBe('');
    expect(fileState(dbPath)).toEqual(before);
    const unknownUser = await cli(['verify', '--db', dbPath, '--user', 'nobody'], { SLENKSTIS_PASSWORD: MANAGER.password });
    expect(unknownUser.code).toBe(3);
    expect(fileState(dbPath)).toEqual(before);
  });

  it('reads the password from standard input when the environment has none', async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const r = await cli(['verify', '--db', dbPath, '--user', MANAGER.userName], {}, `${MANAGER.password}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ integrity: true, auditChain: true, problems: [] });
  });

  it('opens with the recovery key, which then sets a new password for a forgotten one', async () => {
    const { core, dbPath, recoveryKey } = await newCabinet();
    await must(core, 'clients.register', { code: PLANTED, sex: 'female', birthYear: 1977 });
    core.close();
    const fresh = new Core(dbPath);
    const wrong = await attempt(fresh, 'session.recover', { recoveryKey: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', userName: MANAGER.userName, newPassword: 'new-pass-123' });
    expect(wrong.ok).toBe(false);
    // Typed in lower case with spaces: still accepted.
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ');
    const user = await must(fresh, 'session.recover', { recoveryKey: typed, userName: MANAGER.userName, newPassword: 'new-pass-123' });
    expect(user.role).toBe('manager');
    expect((await must(fresh, 'clients.search', { query: PLANTED })).map((c) => c.code)).toEqual([PLANTED]);
    fresh.close();
    const again = new Core(dbPath);
    expect((await attempt(again, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    expect((await attempt(again, 'session.login', { userName: MANAGER.userName, password: 'new-pass-123' })).ok).toBe(true);
    again.close();
  });

  it('after an account is disabled its old password opens nothing, not even with an old copy of the keyring', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const worker = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const oldKeyring = join(dir, 'old.keyring');
    copyFileSync(`${dbPath}.keyring`, oldKeyring);
    // The worker can log in before.
    const probe = new Core(dbPath);
    expect((await attempt(probe, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(true);
    probe.close();
    await must(core, 'staff.disable', { id: worker.id });
    core.close();
    const after = new Core(dbPath);
    const denied = await attempt(after, 'session.login', { userName: 'ona', password: 'worker-pass-1' });
    expect(denied.ok).toBe(false);
    // Put the old keyring back: the data key it yields no longer opens the rekeyed file.
    copyFileSync(`${dbPath}.keyring`, join(dir, 'current.keyring'));
    copyFileSync(oldKeyring, `${dbPath}.keyring`);
    const withOld = await attempt(after, 'session.login', { userName: 'ona', password: 'worker-pass-1' });
    expect(withOld.ok).toBe(false);
    if (!withOld.ok) expect(withOld.error.code).toBe('db_unreadable');
    // The manager's entry in the current keyring still works.
    copyFileSync(join(dir, 'current.keyring'), `${dbPath}.keyring`);
    expect((await attempt(after, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    after.close();
  });

  it('changing a password rewraps: the old one stops working, the new one opens', async () => {
    const { core, dbPath } = await newCabinet();
    const bad = await attempt(core, 'session.changePassword', { oldPassword: 'wrong-old', newPassword: 'changed-pass-1' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('oldPassword');
    await must(core, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'changed-pass-1' });
    core.close();
    const c2 = new Core(dbPath);
    expect((await attempt(c2, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    expect((await attempt(c2, 'session.login', { userName: MANAGER.userName, password: 'changed-pass-1' })).ok).toBe(true);
    c2.close();
  });

  it('says clearly when the keyring is missing, damaged or belongs to another database, and changes nothing', async () => {
    const a = await newCabinet();
    const b = await newCabinet();
    a.core.close();
    b.core.close();
    const before = fileState(a.dbPath);
    const keyringA = readFileSync(`${a.dbPath}.keyring`);
    // Another database's keyring (same user name and password).
    copyFileSync(`${b.dbPath}.keyring`, `${a.dbPath}.keyring`);
    const c = new Core(a.dbPath);
    const other = await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error.message).toMatch(/nepriklauso|sugadintas|kitai duomenų bazei/);
    writeFileSync(`${a.dbPath}.keyring`, '{"not": "a keyring"');
    const damaged = await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(damaged.ok).toBe(false);
    if (!damaged.ok) expect(damaged.error.message).toMatch(/raktų fail/);
    writeFileSync(`${a.dbPath}.keyring`, keyringA);
    expect(fileState(a.dbPath)).toEqual(before);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(true);
    c.close();
  });

  it('never overwrites an existing database on init', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const env = { SLENKSTIS_PASSWORD: 'first-pass-1' };
    const first = await cli(['init', '--db', db, '--user', 'vadove'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).recovery_key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    const before = fileState(db);
    const second = await cli(['init', '--db', db, '--user', 'kitas'], env);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/already exists/);
    expect(fileState(db)).toEqual(before);
  });
});

describe('key changes after review', () => {
  it('after a password change, the old password with an old copy of the keyring opens nothing', async () => {
    const { core, dbPath, dir } = await newCabinet();
    copyFileSync(`${dbPath}.keyring`, join(dir, 'before-change.keyring'));
    await must(core, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'changed-pass-2' });
    core.close();
    const current = readFileSync(`${dbPath}.keyring`);
    // The old keyring put back: the old password opens its entry, but the data key it yields is
    // the old one, and the file was re-encrypted with a new key by the change.
    copyFileSync(join(dir, 'before-change.keyring'), `${dbPath}.keyring`);
    const stale = new Core(dbPath);
    const r = await attempt(stale, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('db_unreadable');
    stale.close();
    writeFileSync(`${dbPath}.keyring`, current);
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: 'changed-pass-2' })).ok).toBe(true);
    c.close();
  });

  it('a disable that cannot rekey (another program has the file open) changes nothing and can be retried', async () => {
    const { core, dbPath } = await newCabinet();
    const worker = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const other = new Core(dbPath);
    await must(other, 'session.login', { userName: 'ona', password: 'worker-pass-1' });
    const busy = await attempt(core, 'staff.disable', { id: worker.id });
    expect(busy.ok).toBe(false);
    if (!busy.ok) expect(busy.error.code).toBe('db_busy');
    expect((await must(core, 'staff.list', {})).find((s) => s.id === worker.id)?.active).toBe(true);
    other.close();
    const done = await must(core, 'staff.disable', { id: worker.id });
    expect(done.active).toBe(false);
    core.close();
    const probe = new Core(dbPath);
    expect((await attempt(probe, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    probe.close();
  });

  it('a key change from the command line while the app has the file open changes nothing; with the app closed it lands, and the app then sees it', async () => {
    const { core, dbPath } = await newCabinet();
    await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const before = fileState(dbPath);
    // The command line resets Ona's password while the app is open: it needs the file alone.
    const args = ['users', 'password', 'ona', '--db', dbPath, '--user', MANAGER.userName];
    const env = { SLENKSTIS_PASSWORD: MANAGER.password, SLENKSTIS_NEW_PASSWORD: 'worker-pass-2' };
    const busy = await cli(args, env);
    expect(busy.code).toBe(4);
    expect(busy.err).toMatch(/alone/);
    expect(sha256(`${dbPath}.keyring`)).toBe(before.keyring);
    core.close();
    const r = await cli(args, env);
    expect(r.code).toBe(0);
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    expect((await attempt(c, 'session.login', { userName: 'ona', password: 'worker-pass-2' })).ok).toBe(true);
    c.close();
  });
});
