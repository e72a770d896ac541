import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { openSqlite } from '../../db/open';
import { migrations } from '../../db/migrations';
import { LATEST_VERSION, migrate } from '../../db/migrator';
import { Core } from '../../db/core';
import { Store } from '../../db/store';
import { refreshFacts } from '../../db/reports/facts';
import { attempt, fileState, MANAGER, newCabinet, tempDir } from './helpers';

function freshFile() {
  const path = join(tempDir(), 'm.db');
  return openSqlite(path, { dataKey: randomBytes(32), create: true });
}

/** A new file with every migration before `version` (a prefix such as '010') run, and Kysely over it. */
async function migratedBefore(version: string) {
  const db = freshFile();
  const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
  for (const name of Object.keys(migrations).sort().filter((n) => n < version)) await migrations[name].up(k);
  return { db, k };
}

const tables = (db: ReturnType<typeof freshFile>) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);

describe('migrations', () => {
  it('001_init creates every table of the domain, with the catalogue and its rules', async () => {
    const db = freshFile();
    await migrations['001_init'].up(new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) }));
    expect(tables(db)).toEqual(expect.arrayContaining([
      'activities', 'activity_clients', 'audit_log', 'clients', 'import_files', 'items', 'outreach_sessions', 'outreach_workers',
      'projects', 'secondary_reports', 'service_lines', 'settings', 'sites', 'staff', 'stock_movements', 'supply_lines', 'tests', 'visits',
    ]));
    const categories = db.prepare('SELECT DISTINCT category FROM items ORDER BY category').all() as Array<{ category: string }>;
    expect(categories.map((c) => c.category)).toEqual(['alcohol_pad', 'condom', 'disinfectant', 'needle', 'other', 'syringe']);
    // The schema itself refuses nonsense: negative quantities, a bad date, an anonymous count on a client's visit.
    db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES ('AAAA11990', 'male', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO visits (date, kind, created_at) VALUES ('2024-13-45x', 'cabinet', 'now')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO visits (date, kind, client_id, anonymous_count, created_at) VALUES ('2024-01-01', 'cabinet', 1, 3, 'now')`).run()).toThrow(/CHECK/);
    const v = db.prepare(`INSERT INTO visits (date, kind, created_at) VALUES ('2024-01-01', 'cabinet', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, 1, 'out', -5)`).run(v.lastInsertRowid)).toThrow(/CHECK/);
    db.close();
  });

  it('002_settings_defaults writes the default settings once and keeps values already set', async () => {
    const db = freshFile();
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
    await migrations['001_init'].up(k);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('idleLockMinutes', '9')`).run();
    await migrations['002_settings_defaults'].up(k);
    const settings = Object.fromEntries((db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map((r) => [r.key, JSON.parse(r.value)]));
    expect(settings.idleLockMinutes).toBe(9);
    expect(settings.regularMinVisitDays).toBe(3);
    expect(settings.codePattern).toBe('^[A-Z]{4}[123](19|20)[0-9]{2}$');
    expect(settings.language).toBe('lt');
    db.close();
  });

  it('004_report_facts_by_month re-keys the client-months by month with their rows unchanged, and fills each client\'s first days', async () => {
    const db = freshFile();
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
    for (const name of ['001_init', '002_settings_defaults', '003_report_facts']) await migrations[name].up(k);
    const add = db.prepare(`INSERT INTO rpt_client_month (site_id, client_id, month, days, n_days, exch, peers, med, trained, tested, pos_hiv, pos_hbv, pos_hcv)
      VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, 0, 0)`);
    // Client 7: days 3 and 5 of March (exchange on the 5th), then a positive HIV result on 2 April; client 8 only in April.
    for (const site of [-1, 2]) {
      add.run(site, 7, '2024-03', 0b10100, 2, 0b10000, 0);
      add.run(site, 7, '2024-04', 0b10, 1, 0, 0b10);
      add.run(site, 8, '2024-04', 0b1000, 1, 0b1000, 0);
    }
    const rows = () => db.prepare('SELECT * FROM rpt_client_month ORDER BY site_id, client_id, month').all();
    const before = rows();
    await migrations['004_report_facts_by_month'].up(k);
    expect(rows()).toEqual(before);
    const key = db.prepare(`SELECT name FROM pragma_index_info('sqlite_autoindex_rpt_client_month_1') ORDER BY seqno`).all() as Array<{ name: string }>;
    expect(key.map((r) => r.name)).toEqual(['site_id', 'month', 'client_id']);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM rpt_client_month WHERE site_id = -1 AND month BETWEEN '2024-04' AND '2024-04'`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH rpt_client_month USING PRIMARY KEY \(site_id=\? AND month>\? AND month<\?\)/);
    expect(db.prepare('SELECT client_id, kind, month, bit FROM rpt_client_first ORDER BY client_id, kind').all()).toEqual([
      { client_id: 7, kind: 'days', month: '2024-03', bit: 0b100 },
      { client_id: 7, kind: 'exch', month: '2024-03', bit: 0b10000 },
      { client_id: 7, kind: 'pos_hiv', month: '2024-04', bit: 0b10 },
      { client_id: 8, kind: 'days', month: '2024-04', bit: 0b1000 },
      { client_id: 8, kind: 'exch', month: '2024-04', bit: 0b1000 },
    ]);
    db.close();
  });

  it('005_care_and_referral_outcomes keeps every test (ids, results, the facts\' triggers) and accepts hcv_rna, care steps and referral outcomes', async () => {
    const db = freshFile();
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
    for (const name of ['001_init', '002_settings_defaults', '003_report_facts', '004_report_facts_by_month']) await migrations[name].up(k);
    db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES ('AAAA11990', 'male', 'now')`).run();
    const v = Number(db.prepare(`INSERT INTO visits (date, kind, client_id, created_at) VALUES ('2024-01-01', 'medical', 1, 'now')`).run().lastInsertRowid);
    db.prepare(`INSERT INTO tests (id, visit_id, type, hiv_result, hcv_result, result_date) VALUES (7, ?, 'combined', 'negative', 'positive', '2024-01-03')`).run(v);
    db.prepare(`INSERT INTO service_lines (visit_id, type, units, referral_to) VALUES (?, 'referral', 1, 'gp')`).run(v);
    expect(() => db.prepare(`INSERT INTO tests (visit_id, type) VALUES (?, 'hcv_rna')`).run(v)).toThrow(/CHECK/);
    const before = db.prepare('SELECT * FROM tests ORDER BY id').all();
    db.prepare('DELETE FROM rpt_dirty_visit').run();
    await migrations['005_care_and_referral_outcomes'].up(k);
    expect(db.prepare('SELECT * FROM tests ORDER BY id').all()).toEqual(before);
    db.prepare(`INSERT INTO tests (visit_id, type, hcv_result) VALUES (?, 'hcv_rna', 'positive')`).run(v);
    expect(() => db.prepare(`INSERT INTO tests (visit_id, type) VALUES (?, 'hcv_antibody')`).run(v)).toThrow(/CHECK/);
    // The report facts' triggers came back with the table: a new test marks its visit to be recounted.
    expect(db.prepare('SELECT visit_id FROM rpt_dirty_visit').all()).toEqual([{ visit_id: v }]);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tests'`).all()).toEqual([{ name: 'tests_visit' }]);
    // A care step: cured is HCV's, virally suppressed HIV's.
    const care = db.prepare(`INSERT INTO care_steps (client_id, infection, step, date, created_at) VALUES (1, ?, ?, '2024-02-01', 'now')`);
    care.run('hcv', 'cured');
    care.run('hiv', 'virally_suppressed');
    expect(() => care.run('hcv', 'virally_suppressed')).toThrow(/CHECK/);
    expect(() => care.run('hiv', 'cured')).toThrow(/CHECK/);
    expect(() => care.run('hbv', 'linked_to_care')).toThrow(/CHECK/);
    // A referral's outcome: empty on the lines already there, arrived or not_arrived when recorded.
    expect(db.prepare('SELECT referral_outcome, outcome_date FROM service_lines').get()).toEqual({ referral_outcome: null, outcome_date: null });
    db.prepare(`UPDATE service_lines SET referral_outcome = 'arrived', outcome_date = '2024-01-20'`).run();
    expect(() => db.prepare(`UPDATE service_lines SET referral_outcome = 'unknown'`).run()).toThrow(/CHECK/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('006_report_facts_no_client_index drops the client-months\' index by client, keeping the rows and the key', async () => {
    const { db, k } = await migratedBefore('006');
    db.prepare(`INSERT INTO rpt_client_month (site_id, client_id, month, days, n_days, exch, peers, med, trained, tested, pos_hiv, pos_hbv, pos_hcv)
      VALUES (-1, 7, '2024-03', 4, 1, 0, 0, 0, 0, 0, 0, 0, 0)`).run();
    const indexes = () => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rpt_client_month' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes()).toEqual(['rpt_client_month_client']);
    await migrations['006_report_facts_no_client_index'].up(k);
    expect(indexes()).toEqual([]);
    const key = db.prepare(`SELECT name FROM pragma_index_info('sqlite_autoindex_rpt_client_month_1') ORDER BY seqno`).all() as Array<{ name: string }>;
    expect(key.map((r) => r.name)).toEqual(['site_id', 'month', 'client_id']);
    expect(db.prepare('SELECT client_id, month, days FROM rpt_client_month').all()).toEqual([{ client_id: 7, month: '2024-03', days: 4 }]);
    db.close();
  });

  it('007_field_records dates every client already in pharmacotherapy at their first visit, and accepts overdoses, how clients came and training topics', async () => {
    const { db, k } = await migratedBefore('007');
    const client = db.prepare(`INSERT INTO clients (code, sex, in_pharmacotherapy, created_at) VALUES (?, 'male', ?, ?)`);
    client.run('AAAA11990', 1, '2024-05-01T10:00:00Z'); // in therapy, visits from 2024-02-03
    client.run('BBBB11990', 1, '2024-06-07T10:00:00Z'); // in therapy, no visit
    client.run('CCCC11990', 0, '2024-01-01T10:00:00Z'); // not in therapy
    const visit = db.prepare(`INSERT INTO visits (date, kind, client_id, created_at, voided_at) VALUES (?, 'cabinet', ?, 'now', ?)`);
    visit.run('2024-02-03', 1, null);
    visit.run('2024-01-15', 1, '2024-01-16'); // voided: not the first visit
    visit.run('2024-03-01', 3, null);
    db.prepare(`INSERT INTO activities (date, type, participants, created_at) VALUES ('2024-01-01', 'training', 3, 'now')`).run();
    await migrations['007_field_records'].up(k);
    expect(db.prepare('SELECT client_id, date, status, voided_at FROM pharmacotherapy_changes ORDER BY client_id').all()).toEqual([
      { client_id: 1, date: '2024-02-03', status: 1, voided_at: null },
      { client_id: 2, date: '2024-06-07', status: 1, voided_at: null },
    ]);
    expect(db.prepare('SELECT came_via, referred_by_code FROM clients ORDER BY id').all()).toEqual(
      [1, 2, 3].map(() => ({ came_via: 'unknown', referred_by_code: null })));
    expect(db.prepare('SELECT topic FROM activities').get()).toEqual({ topic: null });
    db.prepare(`UPDATE activities SET topic = 'overdose_response'`).run();
    expect(() => db.prepare(`UPDATE activities SET topic = 'cooking'`).run()).toThrow(/CHECK/);
    db.prepare(`UPDATE clients SET came_via = 'peer', referred_by_code = 'DDDD21991' WHERE id = 3`).run();
    expect(() => db.prepare(`UPDATE clients SET came_via = 'friend' WHERE id = 3`).run()).toThrow(/CHECK/);
    const overdose = db.prepare(`INSERT INTO overdoses (date, client_id, reported_by, place, naloxone_given, naloxone_by, ambulance, outcome, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'now')`);
    overdose.run('2024-03-02', 1, 'peer', 'street', 'yes', 'peer', 'yes', 'survived');
    overdose.run('2024-03-03', null, 'staff', 'home', 'no', null, 'unknown', 'died');
    // Naloxone given by someone only when it was given; the lists are closed.
    expect(() => overdose.run('2024-03-04', null, 'staff', 'home', 'no', 'peer', 'no', 'survived')).toThrow(/CHECK/);
    expect(() => overdose.run('2024-03-04', null, 'police', 'home', 'no', null, 'no', 'survived')).toThrow(/CHECK/);
    expect(() => overdose.run('2024-3-4', null, 'staff', 'home', 'no', null, 'no', 'survived')).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM overdoses').get()).toEqual({ n: 2 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('009_card_indexes creates the indexes and the card\'s query uses them', async () => {
    const { db, k } = await migratedBefore('009');
    const indexes = () => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('visits_client_live', 'supply_lines_visit_cover', 'supply_lines_visit') ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes()).toEqual(['supply_lines_visit']);
    await migrations['009_card_indexes'].up(k);
    expect(indexes()).toEqual(['supply_lines_visit', 'supply_lines_visit_cover', 'visits_client_live']);
    const columns = (index: string) => (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index) as Array<{ name: string }>).map((r) => r.name);
    expect(columns('visits_client_live')).toEqual(['client_id', 'date']);
    expect(columns('supply_lines_visit_cover')).toEqual(['visit_id', 'item_id', 'direction', 'quantity']);
    expect((db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'visits_client_live'`).get() as { sql: string }).sql).toMatch(/WHERE voided_at IS NULL$/);
    // The card's two sums over one client's visits, as db/services/clients.ts clientCard asks them.
    const plan = (q: string, ...args: Array<string | number>) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    const visits = plan(`SELECT min(date) AS first, count(DISTINCT CASE WHEN date >= ? THEN date END) AS this_month FROM visits
      WHERE client_id = ? AND voided_at IS NULL`, '2024-06-01', 7);
    expect(visits).toMatch(/SEARCH visits USING (COVERING )?INDEX visits_client_live \(client_id=\?\)/);
    const syringes = plan(`SELECT coalesce(sum(CASE WHEN s.direction = 'out' THEN s.quantity END), 0) AS out_total,
        coalesce(sum(CASE WHEN s.direction = 'in' THEN s.quantity END), 0) AS in_total,
        coalesce(sum(CASE WHEN s.direction = 'out' AND v.date >= ? THEN s.quantity END), 0) AS out_month,
        coalesce(sum(CASE WHEN s.direction = 'in' AND v.date >= ? THEN s.quantity END), 0) AS in_month
      FROM visits AS v INNER JOIN supply_lines AS s ON s.visit_id = v.id INNER JOIN items AS i ON i.id = s.item_id
      WHERE v.client_id = ? AND v.voided_at IS NULL AND i.category = 'syringe'`, '2024-06-01', '2024-06-01', 7);
    expect(syringes).toMatch(/SEARCH v USING (COVERING )?INDEX visits_client_live \(client_id=\?\)/);
    expect(syringes).toMatch(/USING COVERING INDEX supply_lines_visit_cover/);
    db.close();
  });

  it('010_rna_facts gives the client-months their RNA day masks and the clients their first RNA days, as a full recount does', async () => {
    const { db, k } = await migratedBefore('010');
    db.prepare(`INSERT INTO sites (name, kind, created_at) VALUES ('Kabinetas', 'cabinet', 'now'), ('Mobilus', 'mobile', 'now')`).run();
    const client = db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES (?, 'male', 'now')`);
    for (const code of ['AAAA11990', 'BBBB11990', 'CCCC11990']) client.run(code);
    const visit = db.prepare(`INSERT INTO visits (date, kind, client_id, site_id, created_at, voided_at) VALUES (?, 'medical', ?, ?, 'now', ?)`);
    const test = db.prepare(`INSERT INTO tests (visit_id, type, hcv_result) VALUES (?, ?, ?)`);
    const at = (date: string, c: number, site: number | null, voided: string | null = null) => Number(visit.run(date, c, site, voided).lastInsertRowid);
    // Client 1: an RNA test (negative) on 3 March at the cabinet, a positive one on 9 May at the mobile unit and one on 2 May at no site.
    test.run(at('2024-03-03', 1, 1), 'hcv_rna', 'negative');
    test.run(at('2024-05-09', 1, 2), 'hcv_rna', 'positive');
    test.run(at('2024-05-02', 1, null), 'hcv_rna', null);
    // Two visits of one day at two sites, both with a positive RNA test: one day.
    test.run(at('2024-05-09', 1, 1), 'hcv_rna', 'positive');
    // Client 2: an antibody test only (not RNA); an RNA test on a voided visit does not count.
    test.run(at('2024-04-01', 2, 1), 'combined', 'positive');
    test.run(at('2024-02-01', 2, 1, '2024-02-02'), 'hcv_rna', 'positive');
    // Client 3: a visit without tests.
    at('2024-04-20', 3, 2);
    // The client-months as the facts before 010 had them (their day masks; the other flags do not matter here).
    db.prepare(`INSERT INTO rpt_client_month (site_id, client_id, month, days, n_days, exch, peers, med, trained, tested, pos_hiv, pos_hbv, pos_hcv)
      SELECT site, client_id, month, sum(DISTINCT bit), count(DISTINCT bit), 0, 0, 0, 0, 0, 0, 0, 0 FROM (
        SELECT coalesce(site_id, 0) AS site, client_id, substr(date, 1, 7) AS month, 1 << (CAST(substr(date, 9, 2) AS INTEGER) - 1) AS bit FROM visits WHERE voided_at IS NULL
        UNION ALL SELECT -1, client_id, substr(date, 1, 7), 1 << (CAST(substr(date, 9, 2) AS INTEGER) - 1) FROM visits WHERE voided_at IS NULL)
      GROUP BY site, client_id, month`).run();
    db.prepare(`DELETE FROM rpt_dirty_visit`).run();
    db.prepare(`DELETE FROM rpt_state WHERE key = 'rebuild'`).run();
    await migrations['010_rna_facts'].up(k);
    const masks = () => db.prepare(`SELECT site_id, client_id, month, rna, rna_pos FROM rpt_client_month WHERE rna != 0 OR rna_pos != 0 ORDER BY site_id, client_id, month`).all();
    const firsts = () => db.prepare(`SELECT client_id, kind, month, bit FROM rpt_client_first WHERE kind IN ('rna', 'rna_pos') ORDER BY client_id, kind`).all();
    const day = (d: number) => 1 << (d - 1);
    expect(masks()).toEqual([
      { site_id: -1, client_id: 1, month: '2024-03', rna: day(3), rna_pos: 0 },
      { site_id: -1, client_id: 1, month: '2024-05', rna: day(2) | day(9), rna_pos: day(9) },
      { site_id: 0, client_id: 1, month: '2024-05', rna: day(2), rna_pos: 0 },
      { site_id: 1, client_id: 1, month: '2024-03', rna: day(3), rna_pos: 0 },
      { site_id: 1, client_id: 1, month: '2024-05', rna: day(9), rna_pos: day(9) },
      { site_id: 2, client_id: 1, month: '2024-05', rna: day(9), rna_pos: day(9) },
    ]);
    expect(firsts()).toEqual([
      { client_id: 1, kind: 'rna', month: '2024-03', bit: day(3) },
      { client_id: 1, kind: 'rna_pos', month: '2024-05', bit: day(9) },
    ]);
    // A full recount by today's code gives the same masks and first days.
    const filled = { masks: masks(), firsts: firsts() };
    db.prepare(`INSERT INTO rpt_state (key, value) VALUES ('rebuild', '1')`).run();
    const store = new Store(db, join(tempDir(), 'unused.db'));
    store.tx(() => refreshFacts(store));
    expect({ masks: masks(), firsts: firsts() }).toEqual(filled);
    db.close();
  });

  it('011_client_syringes sums each client\'s syringes of visits not voided, and its triggers follow lines, voids and moves', async () => {
    const { db, k } = await migratedBefore('011');
    const client = db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES (?, 'male', 'now')`);
    for (const code of ['AAAA11990', 'BBBB11990', 'CCCC11990']) client.run(code);
    const item = (key: string) => (db.prepare('SELECT id FROM items WHERE key = ?').get(key) as { id: number }).id;
    const visit = db.prepare(`INSERT INTO visits (date, kind, client_id, anonymous_count, created_at, voided_at) VALUES ('2024-01-02', 'cabinet', ?, 1, 'now', ?)`);
    const line = db.prepare(`INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, ?, ?, ?)`);
    const v1 = Number(visit.run(1, null).lastInsertRowid);
    line.run(v1, item('syringe'), 'out', 10);
    line.run(v1, item('syringe_2ml'), 'in', 4);
    line.run(v1, item('condom'), 'out', 3); // not a syringe
    const v2 = Number(visit.run(1, '2024-01-03').lastInsertRowid); // voided
    line.run(v2, item('syringe'), 'out', 100);
    const v3 = Number(visit.run(null, null).lastInsertRowid); // anonymous
    line.run(v3, item('syringe'), 'out', 7);
    const v4 = Number(visit.run(2, null).lastInsertRowid);
    line.run(v4, item('syringe_5ml'), 'out', 5);
    await migrations['011_client_syringes'].up(k);
    const sums = () => db.prepare('SELECT client_id, out_total, in_total FROM client_syringes WHERE out_total != 0 OR in_total != 0 ORDER BY client_id').all();
    expect(sums()).toEqual([{ client_id: 1, out_total: 10, in_total: 4 }, { client_id: 2, out_total: 5, in_total: 0 }]);
    // A line added and one removed; the voided visit taken back; a visit moved to client 3; a visit voided.
    line.run(v1, item('syringe'), 'in', 6);
    db.prepare(`DELETE FROM supply_lines WHERE visit_id = ? AND direction = 'in' AND quantity = 4`).run(v1);
    db.prepare(`UPDATE visits SET voided_at = NULL WHERE id = ?`).run(v2);
    db.prepare(`UPDATE visits SET client_id = 3 WHERE id = ?`).run(v4);
    expect(sums()).toEqual([{ client_id: 1, out_total: 110, in_total: 6 }, { client_id: 3, out_total: 5, in_total: 0 }]);
    db.prepare(`UPDATE visits SET voided_at = 'now' WHERE id = ?`).run(v1);
    db.prepare(`UPDATE supply_lines SET quantity = 2 WHERE visit_id = ?`).run(v4);
    expect(sums()).toEqual([{ client_id: 1, out_total: 100, in_total: 0 }, { client_id: 3, out_total: 2, in_total: 0 }]);
    // An item made a syringe: every client recounted.
    db.prepare(`UPDATE items SET category = 'syringe' WHERE key = 'condom'`).run();
    const condomOn = Number(visit.run(2, null).lastInsertRowid);
    line.run(condomOn, item('condom'), 'out', 9);
    expect(sums()).toEqual([{ client_id: 1, out_total: 100, in_total: 0 }, { client_id: 2, out_total: 9, in_total: 0 }, { client_id: 3, out_total: 2, in_total: 0 }]);
    db.close();
  });

  it('012_client_code_trigrams finds codes by any three characters, the codes there before and after it, changed and removed', async () => {
    const { db, k } = await migratedBefore('012');
    const client = db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES (?, 'male', 'now')`);
    client.run('ABCD11990');
    client.run('XYZW21985');
    await migrations['012_client_code_trigrams'].up(k);
    const find = (part: string) => (db.prepare(`SELECT c.code FROM clients c WHERE c.id IN (SELECT rowid FROM client_codes WHERE code LIKE ?) ORDER BY c.code`)
      .all(`%${part}%`) as Array<{ code: string }>).map((r) => r.code);
    expect(find('CD1')).toEqual(['ABCD11990']);
    expect(find('198')).toEqual(['XYZW21985']);
    expect(find('199')).toEqual(['ABCD11990']);
    client.run('QCD19001');
    expect(find('CD1')).toEqual(['ABCD11990', 'QCD19001']);
    db.prepare(`UPDATE clients SET code = 'ABCE11990' WHERE code = 'ABCD11990'`).run();
    expect(find('CD1')).toEqual(['QCD19001']);
    expect(find('BCE')).toEqual(['ABCE11990']);
    db.prepare(`DELETE FROM clients WHERE code = 'QCD19001'`).run();
    expect(find('CD1')).toEqual([]);
    // The lookup reads the trigram index, not every code.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM client_codes WHERE code LIKE '%CD1%'`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
    // The index against the codes themselves (rank 1: external content compared with the table).
    const check = () => db.prepare(`INSERT INTO client_codes (client_codes, rank) VALUES ('integrity-check', 1)`).run();
    expect(check).not.toThrow();
    // A code changed behind the triggers' back is found out.
    db.prepare('DROP TRIGGER client_codes_update').run();
    db.prepare(`UPDATE clients SET code = 'ZZZZ11990' WHERE code = 'ABCE11990'`).run();
    expect(check).toThrow();
    db.close();
  });

  it('013_outreach_session_dates lets the report read the sessions of its period by date', async () => {
    const { db, k } = await migratedBefore('013');
    const q = `EXPLAIN QUERY PLAN SELECT o.date, o.site_id, w.staff_id FROM outreach_sessions o LEFT JOIN outreach_workers w ON w.session_id = o.id
      WHERE o.voided_at IS NULL AND o.date BETWEEN '2024-06-01' AND '2024-06-30'`;
    const plan = () => (db.prepare(q).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan()).toMatch(/SCAN o\b/);
    await migrations['013_outreach_session_dates'].up(k);
    expect(plan()).toMatch(/SEARCH o USING INDEX outreach_sessions_date \(date>\? AND date<\?\)/);
    db.close();
  });

  it('014_drop_supply_lines_visit drops the lines\' index by visit alone; look-ups by visit use the cover, the lines unchanged', async () => {
    const { db, k } = await migratedBefore('014');
    db.prepare(`INSERT INTO clients (code, sex, created_at) VALUES ('AAAA11990', 'male', 'now')`).run();
    const visit = Number(db.prepare(`INSERT INTO visits (date, kind, client_id, anonymous_count, created_at) VALUES ('2024-01-02', 'cabinet', 1, 1, 'now')`).run().lastInsertRowid);
    const syringe = (db.prepare(`SELECT id FROM items WHERE key = 'syringe'`).get() as { id: number }).id;
    db.prepare(`INSERT INTO supply_lines (visit_id, item_id, direction, quantity) VALUES (?, ?, 'out', 10), (?, ?, 'in', 8)`).run(visit, syringe, visit, syringe);
    const indexes = () => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'supply_lines' AND name LIKE 'supply_lines_visit%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    const lines = () => db.prepare('SELECT * FROM supply_lines ORDER BY id').all();
    expect(indexes()).toEqual(['supply_lines_visit', 'supply_lines_visit_cover']);
    const before = lines();
    await migrations['014_drop_supply_lines_visit'].up(k);
    expect(indexes()).toEqual(['supply_lines_visit_cover']);
    expect(lines()).toEqual(before);
    const plan = (q: string) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(visit) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    // A visit's lines (the visit form, an edit's replacement, the facts' and the register's joins).
    expect(plan('SELECT * FROM supply_lines WHERE visit_id = ?')).toMatch(/SEARCH supply_lines USING INDEX supply_lines_visit_cover \(visit_id=\?\)/);
    expect(plan('DELETE FROM supply_lines WHERE visit_id = ?')).toMatch(/SEARCH supply_lines USING (COVERING )?INDEX supply_lines_visit_cover \(visit_id=\?\)/);
    expect(plan('SELECT v.date, s.quantity FROM visits v JOIN supply_lines s ON s.visit_id = v.id WHERE v.id = ?')).toMatch(/SEARCH s USING COVERING INDEX supply_lines_visit_cover \(visit_id=\?\)/);
    db.close();
  });

  it('runs each migration once, in order, recording the version', async () => {
    const db = freshFile();
    expect(await migrate(db)).toBe(LATEST_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const count = (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
    await migrate(db);
    expect((db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n).toBe(count);
    db.close();
  });

  it('a migration that fails leaves nothing half done', async () => {
    const db = freshFile();
    const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
    await expect(
      k.transaction().execute(async (trx) => {
        await migrations['001_init'].up(trx);
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version with a clear message, leaving it untouched', async () => {
    const { core, dbPath } = await newCabinet();
    core.currentVault!.store.sqlite.pragma(`user_version = ${LATEST_VERSION + 5}`);
    core.close();
    const before = fileState(dbPath);
    const c = new Core(dbPath);
    const r = await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('db_newer');
      expect(r.error.message).toMatch(/naujesnė Slenksčio versija|newer version of Slenkstis/);
    }
    expect(fileState(dbPath)).toEqual(before);
  });
});
