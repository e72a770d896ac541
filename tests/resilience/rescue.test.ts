import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { attempt, MANAGER, must, newCabinet } from '../db/helpers';

describe('the restore offer is only for a database that cannot be opened', () => {
  it('refuses to restore over a healthy database from the login screen', async () => {
    const { core, dbPath, dir } = await newCabinet();
    await must(core, 'backup.setFolder', { folder: join(dir, 'stick') });
    await must(core, 'backup.now', {});
    core.close();
    const app = new Core(dbPath);
    const offer = await must(app, 'session.rescueList', {});
    const r = await attempt(app, 'session.rescueRestore', { file: offer.backups[0].file, userName: MANAGER.userName, password: MANAGER.password });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/atsidaro/);
    app.close();
  });
});

describe('at start, a damaged database leads to the restore offer', () => {
  it('lists the backups without any key, restores with the backup\'s manager password and the recovery key, and keeps the damaged file', async () => {
    const { core, dbPath, dir, recoveryKey } = await newCabinet();
    const folder = join(dir, 'usb-stick');
    await must(core, 'backup.setFolder', { folder });
    const c = await must(core, 'clients.register', { code: 'RESC11980', sex: 'male', birthYear: 1980 });
    await must(core, 'visits.create', { date: '2026-11-02', clientId: c.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
    await must(core, 'backup.now', {});
    core.close();
    // The file is damaged: half of it overwritten.
    const bytes = readFileSync(dbPath);
    bytes.fill(0x41, 4096, bytes.length);
    writeFileSync(dbPath, bytes);

    const app = new Core(dbPath);
    const login = await attempt(app, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(login.ok).toBe(false);
    expect((await must(app, 'session.status', {})).state).toBe('unreadable');
    expect(existsSync(`${dbPath}.problem.json`)).toBe(true);
    const offer = await must(app, 'session.rescueList', {});
    expect(offer.folder).toBe(folder);
    expect(offer.backups).toHaveLength(1);
    const file = offer.backups[0].file;
    const wrong = await attempt(app, 'session.rescueRestore', { file, userName: MANAGER.userName, password: 'not-it' });
    expect(wrong.ok).toBe(false);
    const notOffered = await attempt(app, 'session.rescueRestore', { file: join(dir, 'elsewhere.db'), userName: MANAGER.userName, password: MANAGER.password });
    expect(notOffered.ok).toBe(false);
    if (!notOffered.ok) expect(notOffered.error.field).toBe('file');
    // A damaged database cannot prove who may open it today: the recovery key is asked for.
    const asked = await attempt(app, 'session.rescueRestore', { file, userName: MANAGER.userName, password: MANAGER.password });
    expect(asked.ok).toBe(false);
    if (!asked.ok) expect(asked.error.field).toBe('recoveryKey');
    const user = await must(app, 'session.rescueRestore', { file, userName: MANAGER.userName, password: MANAGER.password, recoveryKey });
    expect(user.userName).toBe(MANAGER.userName);
    expect((await must(app, 'session.status', {})).state).toBe('ready');
    expect(existsSync(`${dbPath}.problem.json`)).toBe(false);
    expect((await must(app, 'clients.history', { clientId: c.id })).length).toBe(1);
    // The damaged file is kept beside it, never thrown away.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).some((f) => f.startsWith('slenkstis.db.replaced-'))).toBe(true);
    expect(existsSync(`${dbPath}.keyring`)).toBe(true);
    // Once open, the offer is closed.
    expect((await attempt(app, 'session.rescueRestore', { file, userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    app.close();
  });
});
