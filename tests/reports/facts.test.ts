// Migration 003's report facts: after every kind of change the app (or an import) makes, the
// figures from the incrementally recounted facts equal those of a full recount, and the change
// shows in the report at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { generateKedainiai, KEDAINIAI_PERIOD } from '../../db/demo/kedainiai';
import { monthSlices, runReport } from '../../db/reports';
import { factsAreStale } from '../../db/reports/facts';
import { createVisit, getVisit, updateVisit, voidVisit } from '../../db/services/visits';
import { setTestResults } from '../../db/services/tests';
import { recordSecondary } from '../../db/services/secondary';
import { mergeClients } from '../../db/services/clients';
import { listOutreachSessions, voidOutreachSession } from '../../db/services/outreach';
import { listItems, saveItem } from '../../db/services/items';
import { secondaryInput, setResultsInput, updateVisitInput, visitInput } from '../../shared/schemas';

let dir: string;
let vault: Vault;
let ctx: Ctx;

const PERIODS = [
  { ...KEDAINIAI_PERIOD, siteIds: [] as number[] },
  { from: '2010-01-01', to: '2011-12-31', siteIds: [] as number[] },
  { from: '2011-04-10', to: '2011-05-20', siteIds: [] as number[] },
];

function siteId(name: string): number {
  return (vault.store.stmt('SELECT id FROM sites WHERE name = ?').get(name) as { id: number }).id;
}

/** The figures of several periods and site filters, from the facts as they are kept. */
function figures() {
  const places = [siteId('Žemo slenksčio kabinetas'), siteId('Didesnės rizikos vieta Nr. 3')];
  return [...PERIODS, { ...PERIODS[0], siteIds: [places[0]] }, { ...PERIODS[0], siteIds: places }]
    .map((p) => runReport(vault.store, { ...p, monthly: false }).indicators);
}

/**
 * Each client's syringe sums as migration 011's triggers keep them (the client card reads them)
 * equal the sums of the syringe lines of the client's visits not voided, counted from the records.
 */
function expectSyringesKept() {
  const kept = vault.store.stmt(`SELECT client_id, out_total, in_total FROM client_syringes WHERE out_total != 0 OR in_total != 0 ORDER BY client_id`).all();
  const counted = vault.store.stmt(`SELECT v.client_id, sum(CASE WHEN s.direction = 'out' THEN s.quantity ELSE 0 END) AS out_total,
        sum(CASE WHEN s.direction = 'in' THEN s.quantity ELSE 0 END) AS in_total
      FROM supply_lines s JOIN items i ON i.id = s.item_id JOIN visits v ON v.id = s.visit_id
      WHERE i.category = 'syringe' AND v.voided_at IS NULL AND v.client_id IS NOT NULL GROUP BY v.client_id HAVING out_total != 0 OR in_total != 0 ORDER BY v.client_id`).all();
  expect(counted.length).toBeGreaterThan(10);
  expect(kept).toEqual(counted);
}

/** The same after recounting every fact from scratch (and the client card's syringe sums checked against the records). */
function recounted() {
  expectSyringesKept();
  vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
  return figures();
}

function syringes(): number {
  return runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false }).indicators.syringes_distributed as number;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slenkstis-facts-'));
  const created = await createDatabase(join(dir, 'facts.db'), { userName: 'boss', displayName: 'Boss', password: 'correct horse 1' });
  vault = created.vault;
  ctx = makeCtx(vault.store, { staffId: created.staff.id, userName: 'boss', role: 'manager' }, vault);
  generateKedainiai(ctx, 11);
}, 60_000);

afterAll(() => {
  vault?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report facts kept by triggers and recounted when marked', () => {
  it('003 creates the fact tables and the triggers, and asks for a full count at first', async () => {
    const names = (vault.store.stmt(`SELECT name FROM sqlite_master WHERE name LIKE 'rpt_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['rpt_client_month', 'rpt_day', 'rpt_dirty_client_month', 'rpt_dirty_day', 'rpt_dirty_visit', 'rpt_state',
      'rpt_visit_insert', 'rpt_visit_update', 'rpt_supply_lines_insert', 'rpt_tests_update', 'rpt_item_category']));
  });

  it('counts the months of a monthly report in one pass, each month figure for figure its own report', () => {
    const places = [siteId('Žemo slenksčio kabinetas'), siteId('Didesnės rizikos vieta Nr. 3'), siteId('Didesnės rizikos vieta Nr. 1')];
    for (const p of [...PERIODS, { ...PERIODS[0], siteIds: [places[0]] }, { ...PERIODS[2], siteIds: places }, { from: '2011-05-03', to: '2011-05-17', siteIds: [] }]) {
      const monthly = runReport(vault.store, { ...p, monthly: true });
      expect(monthly.indicators).toEqual(runReport(vault.store, { ...p, monthly: false }).indicators);
      expect(monthly.monthly?.length).toBe(monthSlices(p.from, p.to).length);
      for (const [i, slice] of monthSlices(p.from, p.to).entries()) {
        expect(monthly.monthly?.[i]).toEqual({ month: slice.month, indicators: runReport(vault.store, { from: slice.from, to: slice.to, siteIds: p.siteIds, monthly: false }).indicators });
      }
    }
  });

  it('004 keys the client-months by month and keeps each client\'s first days, as a full recount finds them', () => {
    const key = vault.store.stmt(`SELECT name FROM pragma_index_info('sqlite_autoindex_rpt_client_month_1') ORDER BY seqno`).all() as Array<{ name: string }>;
    expect(key.map((k) => k.name)).toEqual(['site_id', 'month', 'client_id']);
    runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false });
    const first = () => vault.store.stmt('SELECT client_id, kind, month, bit FROM rpt_client_first ORDER BY client_id, kind').all();
    const kept = first();
    expect(kept.length).toBeGreaterThan(0);
    vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
    runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false });
    expect(first()).toEqual(kept);
  });

  it('marks a new visit and its lines, and counts them at the next report', () => {
    runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false });
    expect(factsAreStale(vault.store)).toBe(false);
    const before = syringes();
    const cabinet = siteId('Žemo slenksčio kabinetas');
    // Written the way an import writes: plain inserts, no service.
    const id = Number(vault.store.stmt(`INSERT INTO visits (date, kind, site_id, anonymous_count, created_at) VALUES ('2011-04-12', 'cabinet', ?, 1, 'now')`).run(cabinet).lastInsertRowid);
    vault.store.stmt(`INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, (SELECT id FROM items WHERE key = 'syringe'), 'out', 9)`).run(id);
    expect(factsAreStale(vault.store)).toBe(true);
    expect(syringes()).toBe(before + 9);
    expect(figures()).toEqual(recounted());
  });

  it('follows a voided visit, and a visit moved to another day, site and client with new lines', () => {
    const visits = vault.store.stmt(`SELECT id FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL AND date BETWEEN ? AND ? AND kind = 'cabinet' ORDER BY id`)
      .all(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to) as Array<{ id: number }>;
    const before = syringes();
    const gone = getVisit(ctx, visits[3].id);
    const out = gone.supplies.filter((s) => s.itemKey.startsWith('syringe') && s.direction === 'out').reduce((a, s) => a + s.quantity, 0);
    voidVisit(ctx, { id: gone.id, reason: 'test' });
    expect(syringes()).toBe(before - out);
    expect(figures()).toEqual(recounted());

    const moved = getVisit(ctx, visits[10].id);
    const other = getVisit(ctx, visits[40].id);
    updateVisit(ctx, updateVisitInput.parse({
      id: moved.id, date: '2011-06-14', time: null, clientId: other.clientId, kind: 'outreach', siteId: siteId('Didesnės rizikos vieta Nr. 3'),
      supplies: [{ itemKey: 'needle', direction: 'in', quantity: 3 }], services: [{ type: 'wound_care', units: 2 }], trainedSecondary: true,
    }));
    expect(figures()).toEqual(recounted());
  });

  it('follows a merge of two clients and a voided outreach session', () => {
    const clients = vault.store.stmt(`SELECT id FROM clients WHERE merged_into_id IS NULL ORDER BY id`).all() as Array<{ id: number }>;
    mergeClients(ctx, { keepId: clients[0].id, mergeId: clients[7].id, reason: 'same person' });
    expect(figures()).toEqual(recounted());
    const sessions = listOutreachSessions(ctx, KEDAINIAI_PERIOD).filter((s) => !s.voided);
    const before = runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false }).indicators;
    voidOutreachSession(ctx, { id: sessions[2].id, reason: 'test' });
    const after = runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false }).indicators;
    expect(after.anonymous_contacts).toBeLessThanOrEqual(before.anonymous_contacts as number);
    expect(figures()).toEqual(recounted());
  });

  it('follows test results entered later and a new report of peers reached', () => {
    const kd = { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false };
    const test = vault.store.stmt(`SELECT t.id, v.client_id FROM tests t JOIN visits v ON v.id = t.visit_id
        WHERE v.voided_at IS NULL AND v.client_id IS NOT NULL AND t.hiv_result = 'negative' AND v.date BETWEEN ? AND ? ORDER BY t.id LIMIT 1`)
      .get(KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to) as { id: number; client_id: number };
    const before = runReport(vault.store, kd).indicators;
    setTestResults(ctx, setResultsInput.parse({ testId: test.id, results: { hiv: 'positive' } }));
    const after = runReport(vault.store, kd).indicators;
    expect((after.positive_results as Record<string, number>).hiv).toBe((before.positive_results as Record<string, number>).hiv + 1);
    expect((after.new_positive_cases as Record<string, number>).hiv).toBe((before.new_positive_cases as Record<string, number>).hiv + 1);
    // An HCV RNA test saved without a result, its positive result entered later: the cascade's RNA steps follow.
    const cascade = () => runReport(vault.store, kd).indicators.hcv_cascade as Record<string, number>;
    const rnaBefore = cascade();
    const rnaVisit = createVisit(ctx, visitInput.parse({ date: '2011-05-06', clientId: test.client_id, siteId: siteId('Žemo slenksčio kabinetas'), kind: 'medical',
      tests: [{ type: 'hcv_rna', results: {} }] }));
    const rnaTested = cascade();
    // Counted once per client: one more unless the client had an RNA test (a positive one) by the period's end already.
    const had = (positive: boolean) => (vault.store.stmt(`SELECT count(*) AS n FROM tests t JOIN visits v ON v.id = t.visit_id
        WHERE t.type = 'hcv_rna' AND v.client_id = ? AND v.voided_at IS NULL AND v.id != ? AND v.date <= ? ${positive ? "AND t.hcv_result = 'positive'" : ''}`)
      .get(test.client_id, rnaVisit.id, KEDAINIAI_PERIOD.to) as { n: number }).n > 0;
    expect(rnaTested.rna_tested).toBe(rnaBefore.rna_tested + (had(false) ? 0 : 1));
    const rnaTest = vault.store.stmt(`SELECT id FROM tests WHERE visit_id = ?`).get(rnaVisit.id) as { id: number };
    setTestResults(ctx, setResultsInput.parse({ testId: rnaTest.id, results: { hcv: 'positive' } }));
    expect(cascade().rna_positive).toBe(rnaTested.rna_positive + (had(true) ? 0 : 1));
    recordSecondary(ctx, secondaryInput.parse({ date: '2011-05-05', clientId: test.client_id, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 5 }], report: { pointId: null, peersStreet: 4, peersPoints: 0 } }));
    expect(runReport(vault.store, kd).indicators.reached_secondary_street).toBe((after.reached_secondary_street as number) + 4);
    expect(figures()).toEqual(recounted());
  });

  it('counts a day once across several sites of a filter, even for a client at four of them in a month', () => {
    const places = [1, 2, 3, 4, 5].map((i) => siteId(`Didesnės rizikos vieta Nr. ${i}`));
    const client = (vault.store.stmt('SELECT id FROM clients WHERE merged_into_id IS NULL ORDER BY id DESC LIMIT 1').get() as { id: number }).id;
    // Four places in May, two of them on the same day, three days with an exchange.
    for (const [date, place, syringes] of [['2011-05-02', 0, 2], ['2011-05-02', 1, 0], ['2011-05-09', 2, 3], ['2011-05-16', 3, 1], ['2011-05-23', 0, 0]] as const) {
      const id = Number(vault.store.stmt(`INSERT INTO visits (date, client_id, kind, site_id, anonymous_count, created_at) VALUES (?, ?, 'outreach', ?, 1, 'now')`)
        .run(date, client, places[place]).lastInsertRowid);
      if (syringes > 0) vault.store.stmt(`INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, (SELECT id FROM items WHERE key = 'syringe'), 'out', ?)`).run(id, syringes);
    }
    const filter = `site_id IN (${places.join(', ')})`;
    const direct = (from: string, to: string) => vault.store.stmt(`SELECT
        (SELECT count(DISTINCT client_id) FROM visits WHERE voided_at IS NULL AND date BETWEEN @from AND @to AND ${filter}) AS clients,
        (SELECT count(*) FROM (SELECT DISTINCT client_id, date FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL AND date BETWEEN @from AND @to AND ${filter})) AS visits,
        (SELECT count(DISTINCT client_id) FROM (SELECT client_id FROM (SELECT DISTINCT client_id, date FROM visits WHERE client_id IS NOT NULL AND voided_at IS NULL AND date BETWEEN @from AND @to AND ${filter})
          GROUP BY client_id, substr(date, 1, 7) HAVING count(*) >= 3)) AS regular`).get({ from, to }) as Record<string, number>;
    for (const [from, to] of [[KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to], ['2011-05-03', '2011-05-31'], ['2011-05-01', '2011-05-09']]) {
      const r = runReport(vault.store, { from, to, siteIds: places, monthly: false }).indicators;
      expect({ clients: r.clients, visits: r.visits, regular: r.regular_clients }).toEqual(direct(from, to));
    }
    expect(runReport(vault.store, { from: '2011-05-01', to: '2011-05-31', siteIds: places, monthly: false }).indicators.regular_clients).toBeGreaterThanOrEqual(1);
    expect(figures()).toEqual(recounted());
  });

  it('after every change above, keeps the same first days as a full recount finds', () => {
    const first = () => vault.store.stmt('SELECT client_id, kind, month, bit FROM rpt_client_first ORDER BY client_id, kind').all();
    const recount = () => {
      runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false });
      const kept = first();
      vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
      runReport(vault.store, { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false });
      return { kept, recounted: first() };
    };
    // A void of the only visit of a client's first month moves their first day to a later month.
    const lone = vault.store.stmt(`SELECT f.client_id, v.id FROM rpt_client_first f JOIN rpt_client_month m ON m.site_id = -1 AND m.client_id = f.client_id AND m.month = f.month
        JOIN visits v ON v.client_id = f.client_id AND substr(v.date, 1, 7) = f.month AND v.voided_at IS NULL
        WHERE f.kind = 'days' AND m.n_days = 1 AND (SELECT count(*) FROM rpt_client_month o WHERE o.site_id = -1 AND o.client_id = f.client_id) > 1 LIMIT 1`).get() as { client_id: number; id: number };
    const before = first();
    voidVisit(ctx, { id: lone.id, reason: 'Įvesta per klaidą' });
    const afterVoid = recount();
    expect(afterVoid.kept).toEqual(afterVoid.recounted);
    expect(afterVoid.kept).not.toEqual(before);
    // A visit in an earlier month moves it earlier.
    vault.store.stmt(`INSERT INTO visits (date, client_id, kind, site_id, created_at) VALUES ('2009-02-03', ?, 'cabinet', ?, 'now')`).run(lone.client_id, siteId('Žemo slenksčio kabinetas'));
    const afterEarlier = recount();
    expect(afterEarlier.kept).toEqual(afterEarlier.recounted);
  });

  it('recounts everything when an item changes category', () => {
    const water = listItems(ctx).find((i) => i.key === 'leaflet');
    if (!water) throw new Error('no leaflet item');
    const before = syringes();
    saveItem(ctx, { ...water, category: 'syringe' });
    const leaflets = vault.store.stmt(`SELECT coalesce(sum(s.quantity), 0) AS n FROM supply_lines s JOIN visits v ON v.id = s.visit_id
        WHERE s.item_id = ? AND s.direction = 'out' AND v.voided_at IS NULL AND v.date BETWEEN ? AND ?`).get(water.id, KEDAINIAI_PERIOD.from, KEDAINIAI_PERIOD.to) as { n: number };
    expect(syringes()).toBe(before + leaflets.n);
    expect(figures()).toEqual(recounted());
    saveItem(ctx, { ...water, category: 'other' });
    expect(syringes()).toBe(before);
    expectSyringesKept();
  });

  it('adds the visits saved since the last count to the facts, table for table as a full recount counts them', () => {
    const kd = { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false };
    const tables = () => ({
      day: vault.store.stmt('SELECT date, site_id, measure, value FROM rpt_day ORDER BY date, site_id, measure').all(),
      clientMonths: vault.store.stmt('SELECT * FROM rpt_client_month ORDER BY site_id, month, client_id').all(),
      first: vault.store.stmt('SELECT client_id, kind, month, bit FROM rpt_client_first ORDER BY client_id, kind').all(),
    });
    runReport(vault.store, kd);
    const cabinet = siteId('Žemo slenksčio kabinetas');
    const place = siteId('Didesnės rizikos vieta Nr. 3');
    const clients = (vault.store.stmt('SELECT id FROM clients WHERE merged_into_id IS NULL ORDER BY id').all() as Array<{ id: number }>).map((c) => c.id);
    const fresh = Number(vault.store.stmt(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, created_at)
        VALUES ('ZZZZ11990', 'female', 1990, 'yes', 0, 'now')`).run().lastInsertRowid);
    const earliest = (vault.store.stmt(`SELECT min(date) AS d FROM visits WHERE client_id = ? AND voided_at IS NULL`).get(clients[3]) as { d: string }).d;
    const syringes = [{ itemKey: 'syringe', direction: 'out', quantity: 4 }];
    const save = (fields: Record<string, unknown>) => createVisit(ctx, visitInput.parse({ siteId: cabinet, ...fields }));
    // What the desk saves: an exchange; the same client again that day; a new client's first visit with a
    // positive test; an outreach visit with equipment for peers; an outreach contact without a code;
    // a visit a month before a client's first day.
    save({ date: '2011-05-10', clientId: clients[1], supplies: syringes });
    save({ date: '2011-05-10', clientId: clients[1], services: [{ type: 'consultation', units: 1 }] });
    save({ date: '2011-05-03', clientId: fresh, supplies: syringes, tests: [{ type: 'rapid_hiv', results: { hiv: 'positive' } }] });
    save({ date: '2011-05-04', clientId: fresh, kind: 'medical', tests: [{ type: 'hcv_rna', results: { hcv: 'positive' } }] });
    save({ date: '2011-04-02', clientId: clients[2], kind: 'outreach', siteId: place, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 2, forPeers: true }] });
    save({ date: '2011-05-10', clientId: null, anonymousCount: 3, kind: 'outreach', siteId: place });
    const before = new Date(Date.parse(`${earliest}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10);
    save({ date: before, clientId: clients[3], supplies: syringes, services: [{ type: 'wound_care', units: 1 }] });
    // And one on the first day of a client's first month, before their first day in it.
    const later = vault.store.stmt(`SELECT client_id, month FROM rpt_client_first WHERE kind = 'days' AND bit > 1 AND client_id NOT IN (?, ?, ?, ?)
        ORDER BY client_id LIMIT 1`).get(clients[1], clients[2], clients[3], fresh) as { client_id: number; month: string };
    save({ date: `${later.month}-01`, clientId: later.client_id, supplies: syringes });
    // Changed before the next count: a new visit moved to another day, site and client, another voided,
    // and an old visit changed on a day new visits were saved to (that day is recounted from the records).
    const moved = save({ date: '2011-05-12', clientId: clients[4], supplies: syringes });
    updateVisit(ctx, updateVisitInput.parse({ id: moved.id, date: '2011-05-13', time: null, clientId: clients[5], kind: 'outreach', siteId: place,
      supplies: [{ itemKey: 'needle', direction: 'out', quantity: 5 }], services: [], trainedSecondary: true }));
    const gone = save({ date: '2011-05-14', clientId: clients[6], supplies: syringes, tests: [{ type: 'hcv', results: { hcv: 'positive' } }] });
    voidVisit(ctx, { id: gone.id, reason: 'Įvesta per klaidą' });
    const old = vault.store.stmt(`SELECT id FROM visits WHERE date = '2011-05-10' AND site_id = ? AND voided_at IS NULL AND client_id IS NOT NULL AND client_id != ? ORDER BY id LIMIT 1`)
      .get(cabinet, clients[1]) as { id: number };
    const oldVisit = getVisit(ctx, old.id);
    updateVisit(ctx, updateVisitInput.parse({ id: old.id, date: oldVisit.date, time: null, clientId: oldVisit.clientId, kind: oldVisit.kind, siteId: oldVisit.siteId,
      supplies: [{ itemKey: 'syringe', direction: 'in', quantity: 7 }], services: [{ type: 'information', units: 2 }], trainedSecondary: false }));
    expect(factsAreStale(vault.store)).toBe(true);
    runReport(vault.store, kd);
    const kept = tables();
    vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
    runReport(vault.store, kd);
    expect(kept).toEqual(tables());
    // Then a lone save is added to its day and client-month as the recount of them would count it.
    save({ date: '2011-06-01', clientId: fresh, supplies: syringes, tests: [{ type: 'hcv', results: { hcv: 'positive' } }, { type: 'hcv_rna', results: { hcv: 'negative' } }] });
    runReport(vault.store, kd);
    expectSyringesKept();
    const added = tables();
    vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
    runReport(vault.store, kd);
    expect(added).toEqual(tables());
  });

  it('adds a new visit to its day\'s sums without recounting the day (the path a save takes)', () => {
    const kd = { ...KEDAINIAI_PERIOD, siteIds: [], monthly: false };
    runReport(vault.store, kd);
    const cabinet = siteId('Žemo slenksčio kabinetas');
    const x = () => (vault.store.stmt(`SELECT value FROM rpt_day WHERE date = '2011-05-10' AND site_id = ? AND measure = 'x'`).get(cabinet) as { value: number }).value;
    const counted = x();
    // A mark only a recount of the day would wipe out.
    vault.store.stmt(`UPDATE rpt_day SET value = value + 1000 WHERE date = '2011-05-10' AND site_id = ? AND measure = 'x'`).run(cabinet);
    const client = (vault.store.stmt('SELECT id FROM clients WHERE merged_into_id IS NULL ORDER BY id LIMIT 1').get() as { id: number }).id;
    createVisit(ctx, visitInput.parse({ date: '2011-05-10', clientId: client, siteId: cabinet, supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 }] }));
    runReport(vault.store, kd);
    expect(x()).toBe(counted + 1000 + 1);
    vault.store.stmt(`INSERT OR REPLACE INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
    runReport(vault.store, kd);
    expect(x()).toBe(counted + 1);
  });
});
