// The demo data is deterministic: the same seed gives the same figures, month by month; the
// large scenario writes the number of visits asked for, audited as one bulk load; and a demo
// database gives every role a login, all printed by `slenkstis demo`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../../db/vault';
import { makeCtx } from '../../db/services/context';
import { generateKedainiai, KEDAINIAI_PERIOD } from '../../db/demo/kedainiai';
import { generateLarge, LARGE_YEAR, LARGE_YEARS, largeSteps } from '../../db/demo/large';
import { runReport } from '../../db/reports';
import { factsAreStale } from '../../db/reports/facts';
import { Core } from '../../db/core';
import { cli, must } from '../db/helpers';
import { ROLES } from '../../shared/domain';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-demo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fresh(name: string) {
  const { vault, staff } = await createDatabase(join(dir, `${name}.db`), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  return { vault, ctx: makeCtx(vault.store, { staffId: staff.id, userName: 'boss', role: 'manager' }, vault) };
}

describe('demo data', () => {
  it('gives the same figures for the same seed', async () => {
    const reports = [];
    for (const name of ['a', 'b']) {
      const { vault, ctx } = await fresh(name);
      generateKedainiai(ctx, 3);
      reports.push(runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: true }));
      vault.store.close();
    }
    expect(reports[1]).toEqual(reports[0]);
  }, 60_000);

  it('large: the visits asked for, over ten years at five sites, one audit entry for the load, facts counted', async () => {
    const { vault, ctx } = await fresh('large');
    const summary = generateLarge(ctx, { visits: 3000, seed: 9 });
    expect(summary.visits).toBe(3000);
    const st = vault.store;
    const first = LARGE_YEAR - LARGE_YEARS + 1;
    expect((st.stmt('SELECT count(*) AS n, min(date) AS a, max(date) AS b FROM visits').get())).toEqual({ n: 3000, a: expect.stringMatching(`^${first}-`), b: expect.stringMatching(`^${LARGE_YEAR}-`) });
    expect((st.stmt('SELECT count(*) AS n FROM sites').get() as { n: number }).n).toBe(5);
    // One client drawn per 50 visits over ten years, arriving steadily from four years before the
    // records begin: those whose stay ended before then are not in them; every other one has a visit.
    expect((st.stmt('SELECT count(*) AS n FROM clients').get() as { n: number }).n).toBe(summary.clients);
    expect((st.stmt('SELECT count(DISTINCT client_id) AS n FROM visits').get() as { n: number }).n).toBe(summary.clients);
    expect(summary.clients).toBeGreaterThan(60 * 0.7);
    expect(summary.clients).toBeLessThanOrEqual(60);
    expect((st.stmt(`SELECT count(*) AS n FROM audit_log WHERE action = 'bulk_load'`).get() as { n: number }).n).toBe(1);
    expect(factsAreStale(st)).toBe(false);
    const year = runReport(st, { from: `${first}-01-01`, to: `${LARGE_YEAR}-12-31`, siteIds: [], monthly: false }).indicators;
    const direct = st.stmt(`SELECT count(DISTINCT client_id) AS clients, (SELECT count(*) FROM (SELECT DISTINCT client_id, date FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL)) AS days
        FROM visits WHERE voided_at IS NULL`).get() as { clients: number; days: number };
    expect({ clients: year.clients, visits: year.visits }).toEqual({ clients: direct.clients, visits: direct.days });
    vault.store.close();
  }, 60_000);

  it('large in steps (as the benchmark builds two files in turn): the same records as in one go, another build between its steps', async () => {
    const whole = await fresh('whole');
    const summary = generateLarge(whole.ctx, { visits: 3000, years: 1, seed: 5 });
    const stepped = await fresh('stepped');
    const other = await fresh('other');
    const mine = largeSteps(stepped.ctx, { visits: 3000, years: 1, seed: 5 });
    const theirs = largeSteps(other.ctx, { visits: 2000, years: 1, seed: 6 });
    let pauses = 0;
    let step = mine.next();
    while (!step.done) {
      pauses++;
      theirs.next();
      step = mine.next();
    }
    while (!theirs.next().done);
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(step.value).toEqual(summary);
    // Every column but the clock's (when it was written, when voided).
    const rows = (st: typeof whole.vault.store) => ['visits', 'supply_lines', 'service_lines', 'tests', 'clients', 'care_steps', 'overdoses', 'activities'].map((t) =>
      st.stmt(`SELECT * FROM ${t} ORDER BY id`).all().map((r) => JSON.stringify({ ...(r as object), created_at: null, voided_at: null })));
    expect(rows(stepped.vault.store)).toEqual(rows(whole.vault.store));
    expect((other.vault.store.stmt('SELECT count(*) AS n FROM visits').get() as { n: number }).n).toBe(2000);
    for (const b of [whole, stepped, other]) b.vault.store.close();
  }, 60_000);

  it('gives every role a login and prints them all: the manager as spec/cli.md names it, then each of the staff', async () => {
    const db = join(dir, 'logins.db');
    const made = await cli(['demo', '--scenario', 'kedainiai-2011', '--db', db]);
    expect(made.code, made.err).toBe(0);
    const printed = JSON.parse(made.out) as { db: string; user: string; password: string; logins: Array<{ user: string; role: string; password: string }> };
    expect(Object.keys(printed)).toEqual(['db', 'user', 'password', 'logins']);
    expect(printed.db).toBe(db);
    expect(printed.logins[0]).toEqual({ user: printed.user, role: 'manager', password: printed.password });
    expect(new Set(printed.logins.map((l) => l.role))).toEqual(new Set(ROLES));
    // Without SLENKSTIS_PASSWORD each account has its own random password.
    expect(new Set(printed.logins.map((l) => l.password)).size).toBe(printed.logins.length);
    for (const login of printed.logins) {
      const core = new Core(db);
      const me = await must(core, 'session.login', { userName: login.user, password: login.password });
      expect({ user: me.userName, role: me.role }).toEqual({ user: login.user, role: login.role });
      if (login.role === 'manager') {
        // The logins are the staff the demo's visits name: active accounts, none left without a password.
        const staff = await must(core, 'staff.list', {});
        expect(staff.filter((s) => s.active).map((s) => s.userName).sort()).toEqual(printed.logins.map((l) => l.user).sort());
        expect(vaultCount(core, 'SELECT count(*) AS n FROM visits').n).toBeGreaterThan(100);
        expect(vaultCount(core, 'SELECT count(*) AS n FROM visits WHERE staff_id NOT IN (SELECT id FROM staff WHERE active = 1)').n).toBe(0);
      }
      core.close();
    }
  }, 120_000);
});

const vaultCount = (core: Core, sql: string) => core.currentVault!.store.sqlite.prepare(sql).get() as { n: number };
