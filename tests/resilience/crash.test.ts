import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildChild } from '../crash/harness';
import { Core } from '../../db/core';
import { MANAGER, must, newCabinet } from '../db/helpers';

const KILLS = Number(process.env.SLENKSTIS_CRASH_KILLS ?? 50);
let writer = '';
beforeAll(async () => {
  writer = await buildChild('tests/resilience/writer.ts');
});
afterAll(() => rmSync(writer, { force: true }));

/** Starts the writer, lets it save for a random while, kills it with SIGKILL; returns the ids it said were saved. */
function runAndKill(dbPath: string, delayMs: number): Promise<{ saved: number[]; killedAfterSave: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dbPath, MANAGER.userName], {
      env: { ...process.env, NODE_ENV: 'test', SLENKSTIS_PASSWORD: MANAGER.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const saved: number[] = [];
    let buf = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready' && !timer) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        const m = /^saved (\d+)$/.exec(line);
        if (m) saved.push(Number(m[1]));
        if (line.startsWith('error')) reject(new Error(line));
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed (code ${code}): ${stderr}`));
      else resolve({ saved, killedAfterSave: saved.length > 0 });
    });
  });
}

describe('crash: SIGKILL while saving', () => {
  it(`after each of ${KILLS} kills the database opens, passes its integrity check, and has every visit whose save returned`, async () => {
    const { core, dbPath } = await newCabinet();
    core.close();
    const allSaved: number[] = [];
    let seed = 20261122;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < KILLS; i++) {
      const { saved } = await runAndKill(dbPath, 20 + Math.floor(random() * 250));
      allSaved.push(...saved);
      const check = new Core(dbPath);
      await must(check, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
      const sqlite = check.currentVault!.store.sqlite;
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      if (saved.length > 0) {
        const last = saved[saved.length - 1];
        const found = sqlite.prepare('SELECT count(*) AS n FROM visits WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(saved)) as { n: number };
        expect(found.n, `kill ${i}: visits said saved but missing`).toBe(saved.length);
        // Each visit is whole: its lines are there too (one transaction).
        const lines = sqlite.prepare('SELECT count(*) AS n FROM supply_lines WHERE visit_id = ?').get(last) as { n: number };
        expect(lines.n).toBe(2);
      }
      // No half-written visit: every visit has its two supply lines and its audit entry.
      const orphans = sqlite.prepare(`SELECT count(*) AS n FROM visits v WHERE (SELECT count(*) FROM supply_lines s WHERE s.visit_id = v.id) <> 2`).get() as { n: number };
      expect(orphans.n).toBe(0);
      const unaudited = sqlite.prepare(`SELECT count(*) AS n FROM visits v WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'visit' AND a.entity_id = v.id)`).get() as { n: number };
      expect(unaudited.n).toBe(0);
      check.close();
    }
    expect(allSaved.length).toBeGreaterThan(KILLS); // the writer really wrote between kills
    const verify = new Core(dbPath);
    await must(verify, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect((await must(verify, 'audit.verify', {})).problems).toEqual([]);
    verify.close();
  }, 600_000);
});
