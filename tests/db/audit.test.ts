import { describe, expect, it } from 'vitest';
import { cli, MANAGER, must, newCabinet } from './helpers';
import { openSqlite } from '../../db/open';

async function cabinetWithHistory() {
  const cab = await newCabinet();
  const c = await must(cab.core, 'clients.register', { code: 'ONJO11985', sex: 'male', birthYear: 1985 });
  const v = await must(cab.core, 'visits.create', { date: '2026-11-02', clientId: c.id, siteId: cab.cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }] });
  await must(cab.core, 'visits.void', { id: v.id, reason: 'entered twice' });
  const dataKey = cab.core.currentVault!.dataKey;
  cab.core.close();
  return { ...cab, dataKey };
}

const verify = (dbPath: string) => cli(['verify', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password });

describe('the audit log', () => {
  it('records who did what, before and after, and verifies clean', async () => {
    const { dbPath, dataKey } = await cabinetWithHistory();
    const db = openSqlite(dbPath, { dataKey });
    const rows = db.prepare('SELECT user_name, action, entity, before_json, after_json FROM audit_log ORDER BY id').all() as Array<Record<string, string | null>>;
    db.close();
    expect(rows.map((r) => `${r.action} ${r.entity}`)).toEqual(['setup database', 'create site', 'create client', 'create visit', 'void visit']);
    expect(rows.every((r) => r.user_name === MANAGER.userName)).toBe(true);
    const voided = rows[4];
    expect(JSON.parse(voided.before_json!).voided).toBeNull();
    expect(JSON.parse(voided.after_json!)).toEqual({ reason: 'entered twice' });
    const r = await verify(dbPath);
    expect(r.code).toBe(0);
  });

  it('reports an edited entry', async () => {
    const { dbPath, dataKey } = await cabinetWithHistory();
    const db = openSqlite(dbPath, { dataKey });
    db.prepare(`UPDATE audit_log SET after_json = '{"reason":"nothing happened"}' WHERE id = 5`).run();
    db.close();
    const r = await verify(dbPath);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Audit entry 5 was altered/);
  });

  it('reports a deleted entry, even when the chain after it is re-hashed to hide it', async () => {
    const { dbPath, dataKey } = await cabinetWithHistory();
    const db = openSqlite(dbPath, { dataKey });
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    db.close();
    const r = await verify(dbPath);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing|does not follow/);
  });

  it('writes no audit entry when a change is rejected, and no change without its entry', async () => {
    const cab = await newCabinet();
    const count = () => (cab.core.currentVault!.store.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = count();
    const bad = await cab.core.call('visits.create', { date: '2026-11-02', clientId: 999, siteId: cab.cabinet.id });
    expect(bad.ok).toBe(false);
    const badItem = await cab.core.call('visits.create', { date: '2026-11-02', siteId: cab.cabinet.id, supplies: [{ itemKey: 'nonexistent', direction: 'out', quantity: 1 }] });
    expect(badItem.ok).toBe(false);
    expect(count()).toBe(before);
    const visits = (cab.core.currentVault!.store.sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
    expect(visits).toBe(0);
    cab.core.close();
  });
});
