import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function cliImport(dbPath: string, file: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/slenkstis.mjs', 'import', file, '--db', dbPath, '--user', MANAGER.userName], {
      env: { ...process.env, SLENKSTIS_PASSWORD: MANAGER.password },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('concurrency: the app and another process write to the same file at once', () => {
  it('the command line imports a register while the app records visits: both land whole', async () => {
    const { core, dbPath, dir, cabinet } = await newCabinet();
    const client = await must(core, 'clients.register', { code: 'DESK11990', sex: 'male', birthYear: 1990 });
    const rows = Array.from({ length: 3000 }, (_, i) => `2026-10-${String(1 + (i % 28)).padStart(2, '0')},IMP${String(i % 500).padStart(3, '0')}A11980,male,1980,${1 + (i % 7)},${i % 5}`);
    const file = join(dir, 'register.csv');
    writeFileSync(file, ['date,client_code,sex,birth_year,syringes_out,syringes_in', ...rows].join('\r\n'));
    let done = false;
    const importing = cliImport(dbPath, file).finally(() => (done = true));
    const errors: string[] = [];
    let mine = 0;
    while (!done || mine < 200) {
      const r = await core.call('visits.create', { date: '2026-11-20', clientId: client.id, siteId: cabinet.id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 2 }] });
      if (r.ok) mine++;
      else errors.push(r.error.message);
      await new Promise((res) => setImmediate(res));
    }
    const result = await importing;
    expect(errors).toEqual([]);
    expect(result.err).not.toMatch(/locked|busy/i);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).imported.visits).toBe(3000);
    const sqlite = core.currentVault!.store.sqlite;
    expect((sqlite.prepare(`SELECT count(*) AS n FROM visits WHERE client_id = ?`).get(client.id) as { n: number }).n).toBe(mine);
    expect((sqlite.prepare(`SELECT count(*) AS n FROM visits WHERE date < '2026-11-01'`).get() as { n: number }).n).toBe(3000);
    expect((await must(core, 'audit.verify', {})).problems).toEqual([]);
    core.close();
  }, 300_000);

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
