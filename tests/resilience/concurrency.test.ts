import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { MANAGER, must, newCabinet } from '../db/helpers';

function writer(dbPath: string, count: number, tag: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/resilience/writer.ts', dbPath, MANAGER.userName, String(count), tag], {
      env: { ...process.env, SLENKSTIS_PASSWORD: MANAGER.password },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('concurrency: the app and another process write to the same file at once', () => {
  it('nobody sees "database is locked" and nothing is lost', async () => {
    const { core, dbPath, cabinet } = await newCabinet();
    const client = await must(core, 'clients.register', { code: 'CONC11990', sex: 'male', birthYear: 1990 });
    const N = 300;
    let running = 2;
    const others = [writer(dbPath, N, 'child-a'), writer(dbPath, N, 'child-b')].map((p) => p.finally(() => running--));
    const errors: string[] = [];
    let mine = 0;
    // Keep writing for as long as the other processes do (and at least N times).
    for (let i = 0; i < N || running > 0; i++) {
      mine++;
      // Let the event loop see the children's output and exits (core.call itself never waits on I/O).
      await new Promise((r) => setImmediate(r));
      const r = await core.call('visits.create', { date: '2026-11-20', clientId: client.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] });
      if (!r.ok) errors.push(r.error.message);
      if (i % 50 === 0) {
        const s = await core.call('clients.search', { query: 'CONC' });
        if (!s.ok) errors.push(s.error.message);
      }
    }
    const results = await Promise.all(others);
    expect(errors).toEqual([]);
    for (const r of results) {
      expect(r.out).not.toMatch(/locked|busy/i);
      expect(r.code).toBe(0);
      expect(r.out.match(/^saved /gm)?.length).toBe(N);
    }
    const sqlite = core.currentVault!.store.sqlite;
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    expect(mine).toBeGreaterThanOrEqual(N);
    expect(count(`SELECT count(*) AS n FROM visits WHERE client_id = ${client.id}`)).toBe(mine);
    expect(count(`SELECT count(*) AS n FROM visits WHERE note LIKE 'child-a-%'`)).toBe(N);
    expect(count(`SELECT count(*) AS n FROM visits WHERE note LIKE 'child-b-%'`)).toBe(N);
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
  }, 300_000);
});
