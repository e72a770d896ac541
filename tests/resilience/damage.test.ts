import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { attempt, MANAGER, must, newCabinet } from '../db/helpers';

/** A database with enough visits to fill many pages, closed cleanly; returns a pristine copy to damage. */
async function cabinetFile() {
  const cab = await newCabinet();
  const c = await must(cab.core, 'clients.register', { code: 'DAMA11980', sex: 'male', birthYear: 1980 });
  for (let i = 0; i < 400; i++) {
    await must(cab.core, 'visits.create', { date: '2026-10-01', clientId: c.id, siteId: cab.cabinet.id, note: `visit ${i} ${'x'.repeat(200)}`, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
  }
  cab.core.close();
  const pristine = join(cab.dir, 'pristine.db');
  copyFileSync(cab.dbPath, pristine);
  return { ...cab, pristine };
}

async function loginResult(dbPath: string) {
  const core = new Core(dbPath);
  const r = await attempt(core, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
  return { core, r };
}

describe('damage gives a clear message and the restore offer — never a crash, never a reset', () => {
  it('a truncated file', async () => {
    const { dbPath } = await cabinetFile();
    truncateSync(dbPath, Math.floor(statSync(dbPath).size / 3));
    const { core, r } = await loginResult(dbPath);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('db_unreadable');
      expect(r.error.message).toMatch(/sugadintas|nepavyksta perskaityti/);
    }
    const status = await must(core, 'session.status', {});
    expect(status.state).toBe('unreadable');
    expect(status.problem).toMatch(/atsarginę kopiją/);
    // Never a reset: the damaged file is still there, the same size.
    expect(statSync(dbPath).size).toBeGreaterThan(0);
    core.close();
    // After a restart the app opens on the restore offer, before anyone tries to log in.
    const restarted = new Core(dbPath);
    const again = await must(restarted, 'session.status', {});
    expect(again.state).toBe('unreadable');
    expect(again.problem).toMatch(/atsarginę kopiją/);
    restarted.close();
  });

  it('flipped bytes in the first page', async () => {
    const { dbPath } = await cabinetFile();
    const bytes = readFileSync(dbPath);
    for (let i = 100; i < 110; i++) bytes[i] ^= 0xff;
    writeFileSync(dbPath, bytes);
    const { core, r } = await loginResult(dbPath);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('db_unreadable');
    expect((await must(core, 'session.status', {})).state).toBe('unreadable');
    core.close();
  });

  it('flipped bytes deep inside: found when the page is read, the session closes and offers the restore', async () => {
    const { dbPath } = await cabinetFile();
    const bytes = readFileSync(dbPath);
    const pageSize = 4096;
    // Damage every page after the first few: whatever query runs next reads one of them.
    for (let p = 8; p * pageSize < bytes.length; p++) bytes[p * pageSize + 1000] ^= 0x5a;
    writeFileSync(dbPath, bytes);
    const { core, r } = await loginResult(dbPath);
    let failure = r.ok ? null : r.error;
    if (r.ok) {
      const h = await core.call('clients.search', { query: 'DAMA' });
      const card = h.ok ? await core.call('clients.history', { clientId: h.value[0]?.id ?? 1, limit: 500 }) : h;
      const v = await core.call('audit.verify', {});
      failure = [h, card, v].map((x) => (x.ok ? null : x.error)).find((e) => e !== null) ?? null;
    }
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe('db_unreadable');
    expect(failure!.message).toMatch(/sugadintas|nepavyksta perskaityti/);
    const status = await must(core, 'session.status', {});
    expect(status.state).toBe('unreadable');
    core.close();
  });

  it('a missing keyring', async () => {
    const { dbPath } = await cabinetFile();
    rmSync(`${dbPath}.keyring`);
    const { core, r } = await loginResult(dbPath);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/raktų failo nėra/);
    expect((await must(core, 'session.status', {})).state).toBe('unreadable');
    core.close();
  });

  it('the pristine copy of each damaged file still opens: damage never spreads to what was copied', async () => {
    const { pristine, dbPath } = await cabinetFile();
    copyFileSync(`${dbPath}.keyring`, `${pristine}.keyring`);
    const { core, r } = await loginResult(pristine);
    expect(r.ok).toBe(true);
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
  });
});
