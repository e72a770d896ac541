// Report facts (migrations 003 and 004): recounts the days and client-months that changes have marked,
// from the records themselves, so that a report reads a few hundred thousand pre-counted rows
// instead of every visit and line of the period. The definitions are the engine's: a fact is
// what the engine would count for that day or that client and month. Visits saved since the last
// count (above the watermark rpt_state 'counted_visits') are added to the facts instead of
// recounting their days and client-months: sums add up, day masks OR, first days only move earlier.
import { z } from 'zod';
import { query, type Store } from '../store';
import { MEDICAL_SERVICES } from '../../shared/domain';

const MEDICAL_LIST = MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ');

/** The kinds of day whose first occurrence per client rpt_client_first keeps (new clients, participants, positives). */
/**
 * An HCV RNA test confirms an antibody result: it counts among the tests, never as another
 * positive result or a new case (spec/indicators.md, "Care after a positive test").
 */
const NOT_RNA = " AND t.type != 'hcv_rna'";

/**
 * The kinds of day whose first (per client, over all sites) rpt_client_first keeps: any visit, an
 * exchange, a positive test (HCV antibody, not RNA), and an HCV RNA test and a positive one (migration
 * 010: the care cascade's RNA steps read per client of the period, not from every RNA test ever).
 */
export const FIRST_KINDS = ['days', 'exch', 'pos_hiv', 'pos_hbv', 'pos_hcv', 'rna', 'rna_pos'] as const;

/** The kinds as rows (kind), to count every kind's first day in one pass over the client-months. */
const KIND_ROWS = `(${FIRST_KINDS.map((k) => `SELECT '${k}' AS kind`).join(' UNION ALL ')})`;
/** The day mask of kind `kind` (a column holding a kind's name) in the client-month `m`. */
const maskOf = (kind: string, m: string) => `CASE ${kind} ${FIRST_KINDS.map((k) => `WHEN '${k}' THEN ${m}.${k}`).join(' ')} END`;

/** Whether anything changed since the facts were last counted. */
const STALE = query(`SELECT
      EXISTS (SELECT 1 FROM rpt_dirty_visit) OR EXISTS (SELECT 1 FROM rpt_dirty_day)
      OR EXISTS (SELECT 1 FROM rpt_dirty_client_month) OR EXISTS (SELECT 1 FROM rpt_state WHERE key = 'rebuild') AS stale`, z.object({ stale: z.number() }));

/** The watermark: the highest visit id when the facts were last counted. */
const COUNTED_VISITS = query(`SELECT CAST(value AS INTEGER) AS id FROM rpt_state WHERE key = 'counted_visits'`, z.object({ id: z.number() }));

const EXCHANGE_ITEMS = query(`SELECT id FROM items WHERE category IN ('syringe', 'needle')`, z.object({ id: z.number() }));

export function factsAreStale(store: Store): boolean {
  return store.row(STALE)?.stale === 1;
}

/**
 * Keeps temporary tables and sorter spills in memory, so that nothing of a report reaches the disk
 * unencrypted. Call it outside a transaction (SQLite may refuse the change inside one); changing it
 * drops this connection's temporary tables, so it is set only when it is not yet so.
 */
export function useMemoryTemp(store: Store): void {
  if (store.sqlite.pragma('temp_store', { simple: true }) === 2) return;
  if (store.sqlite.inTransaction) return;
  store.sqlite.pragma('temp_store = MEMORY');
}

function ensureTemp(store: Store): void {
  useMemoryTemp(store);
  // f_visits: the visits recounted; f_new: the visits added (addNewVisits).
  for (const table of ['f_visits', 'f_new']) {
    store.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS ${table} (
      id INTEGER PRIMARY KEY,
      date TEXT NOT NULL,
      month TEXT NOT NULL,
      bit INTEGER NOT NULL,
      site INTEGER NOT NULL,
      client INTEGER,
      kind TEXT NOT NULL,
      anon INTEGER NOT NULL,
      staff INTEGER,
      trained INTEGER NOT NULL,
      exch INTEGER NOT NULL DEFAULT 0,
      peers INTEGER NOT NULL DEFAULT 0,
      med INTEGER NOT NULL DEFAULT 0,
      tested INTEGER NOT NULL DEFAULT 0,
      pos_hiv INTEGER NOT NULL DEFAULT 0,
      pos_hbv INTEGER NOT NULL DEFAULT 0,
      pos_hcv INTEGER NOT NULL DEFAULT 0,
      rna INTEGER NOT NULL DEFAULT 0,
      rna_pos INTEGER NOT NULL DEFAULT 0
    )`);
  }
  store.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS f_new_cm (client_id INTEGER NOT NULL, month TEXT NOT NULL, PRIMARY KEY (client_id, month)) WITHOUT ROWID`);
  store.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS f_rescan (client_id INTEGER NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (client_id, kind)) WITHOUT ROWID`);
  store.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS f_months (month TEXT PRIMARY KEY) WITHOUT ROWID`);
}

/** The columns of temp.f_visits (and f_new) filled from a visit `v`, and their values. */
const VISIT_COLUMNS = 'id, date, month, bit, site, client, kind, anon, staff, trained';
const visitValues = `v.id, v.date, substr(v.date, 1, 7), 1 << (CAST(substr(v.date, 9, 2) AS INTEGER) - 1), coalesce(v.site_id, 0), v.client_id, v.kind, v.anonymous_count, v.staff_id, v.trained_secondary`;

/** Popcount of a 31-bit day mask, in SQL arithmetic. */
const popcount = (x: string): string => {
  const a = `(${x} - ((${x} >> 1) & 1431655765))`;
  const b = `((${a} & 858993459) + ((${a} >> 2) & 858993459))`;
  const c = `((${b} + (${b} >> 4)) & 252645135)`;
  return `(((${c} * 16843009) & 4294967295) >> 24)`;
};

const FLAGS = ['exch', 'peers', 'med', 'trained', 'tested', 'pos_hiv', 'pos_hbv', 'pos_hcv', 'rna', 'rna_pos'] as const;

/** The flags of each visit of a temporary table of visits (f_visits or f_new), from its lines and tests. */
function setFlags(store: Store, table: 'f_visits' | 'f_new', wholeFile: boolean): void {
  const st = (sql: string) => store.stmt(sql);
  const items = store.rows(EXCHANGE_ITEMS);
  const exchangeItems = items.length ? items.map((i) => String(Math.trunc(i.id))).join(', ') : 'NULL';
  if (wholeFile) {
    // Most of the file: one pass over the lines is cheaper than a look-up per visit.
    st(`UPDATE temp.${table} SET exch = 1 WHERE id IN (SELECT visit_id FROM supply_lines WHERE item_id IN (${exchangeItems}))`).run();
    st(`UPDATE temp.${table} SET peers = 1 WHERE id IN (SELECT visit_id FROM supply_lines WHERE for_peers = 1)`).run();
    st(`UPDATE temp.${table} SET med = 1 WHERE id IN (SELECT visit_id FROM service_lines WHERE type IN (${MEDICAL_LIST}))`).run();
    st(`UPDATE temp.${table} SET tested = 1 WHERE id IN (SELECT visit_id FROM tests)`).run();
    for (const inf of ['hiv', 'hbv', 'hcv']) {
      st(`UPDATE temp.${table} SET pos_${inf} = 1 WHERE id IN (SELECT visit_id FROM tests t WHERE ${inf}_result = 'positive'${inf === 'hcv' ? NOT_RNA : ''})`).run();
    }
    st(`UPDATE temp.${table} SET rna = 1 WHERE id IN (SELECT visit_id FROM tests WHERE type = 'hcv_rna')`).run();
    st(`UPDATE temp.${table} SET rna_pos = 1 WHERE id IN (SELECT visit_id FROM tests WHERE type = 'hcv_rna' AND hcv_result = 'positive')`).run();
  } else {
    st(`UPDATE temp.${table} SET
          exch = EXISTS (SELECT 1 FROM supply_lines s WHERE s.visit_id = ${table}.id AND s.item_id IN (${exchangeItems})),
          peers = EXISTS (SELECT 1 FROM supply_lines s WHERE s.visit_id = ${table}.id AND s.for_peers = 1),
          med = EXISTS (SELECT 1 FROM service_lines sl WHERE sl.visit_id = ${table}.id AND sl.type IN (${MEDICAL_LIST})),
          tested = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id),
          pos_hiv = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id AND t.hiv_result = 'positive'),
          pos_hbv = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id AND t.hbv_result = 'positive'),
          pos_hcv = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id AND t.hcv_result = 'positive'${NOT_RNA}),
          rna = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id AND t.type = 'hcv_rna'),
          rna_pos = EXISTS (SELECT 1 FROM tests t WHERE t.visit_id = ${table}.id AND t.type = 'hcv_rna' AND t.hcv_result = 'positive')`).run();
  }
}

/**
 * The sums of each (date, site) of the visits of `dayVisits` (a FROM clause naming them f) written
 * to rpt_day: inserted (the days were cleared), or with `onConflict` added to what is there.
 */
function countDays(store: Store, dayVisits: string, J: string, onConflict: string): void {
  const st = (sql: string) => store.stmt(sql);
  const add = (select: string) => st(`INSERT INTO rpt_day (date, site_id, measure, value) SELECT * FROM (${select}) WHERE true ${onConflict}`).run();
  add(`SELECT f.date, f.site, 's:' || s.item_id || ':' || s.direction, sum(s.quantity)
      FROM ${dayVisits} ${J} supply_lines s ON s.visit_id = f.id GROUP BY f.date, f.site, s.item_id, s.direction`);
  add(`SELECT f.date, f.site, 'v:' || sl.type || ':' || coalesce(sl.referral_to, ''), sum(sl.units)
      FROM ${dayVisits} ${J} service_lines sl ON sl.visit_id = f.id GROUP BY f.date, f.site, sl.type, sl.referral_to`);
  // Per visit: x exchange records, ao anonymous outreach contacts, ga anonymous people at the
  // doctor, o outreach contact records, w:<staff> outreach records per worker.
  add(`WITH per_day AS MATERIALIZED (
        SELECT f.date, f.site, sum(f.exch) AS x, sum(CASE WHEN f.kind = 'outreach' AND f.client IS NULL THEN f.anon END) AS ao,
          sum(CASE WHEN f.med = 1 AND f.client IS NULL THEN f.anon END) AS ga, sum(f.kind = 'outreach') AS o
        FROM ${dayVisits} GROUP BY f.date, f.site)
      SELECT date, site, measure, value FROM (
        SELECT date, site, 'x' AS measure, x AS value FROM per_day
        UNION ALL SELECT date, site, 'ao', ao FROM per_day
        UNION ALL SELECT date, site, 'ga', ga FROM per_day
        UNION ALL SELECT date, site, 'o', o FROM per_day
        UNION ALL SELECT f.date, f.site, 'w:' || f.staff, count(*) FROM ${dayVisits} WHERE f.kind = 'outreach' AND f.staff IS NOT NULL GROUP BY f.date, f.site, f.staff
      ) WHERE value > 0`);
  // Tests: t:<type>, ts:<setting>, tp:<infection> positive results, tn tests of people without a
  // code, tna:<infection> their positives. Secondary exchange: rs street, rp points, pt:<point>.
  const testSetting = `CASE
      WHEN f.kind IN ('cabinet', 'medical') THEN 'cabinet'
      WHEN f.kind = 'outreach' THEN 'outreach'
      WHEN f.kind = 'arrest_house' AND t.tested_person = 'officer' THEN 'arrest_house_officer'
      WHEN f.kind = 'arrest_house' AND t.tested_person IN ('arrestee', 'client') THEN 'arrest_house_arrestee'
      ELSE 'other' END`;
  const dayTests = `${dayVisits} ${J} tests t ON t.visit_id = f.id`;
  const daySecondary = `${dayVisits} ${J} secondary_reports r ON r.visit_id = f.id`;
  add(`SELECT date, site, measure, value FROM (
        SELECT f.date, f.site, 't:' || t.type AS measure, count(*) AS value FROM ${dayTests} GROUP BY f.date, f.site, t.type
        UNION ALL SELECT f.date, f.site, 'ts:' || ${testSetting}, count(*) FROM ${dayTests} GROUP BY f.date, f.site, ${testSetting}
        UNION ALL SELECT f.date, f.site, 'tp:hiv', sum(t.hiv_result = 'positive') FROM ${dayTests} GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tp:hbv', sum(t.hbv_result = 'positive') FROM ${dayTests} GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tp:hcv', sum(t.hcv_result = 'positive' AND t.type != 'hcv_rna') FROM ${dayTests} GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tn', count(*) FROM ${dayTests} WHERE f.client IS NULL GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tna:hiv', sum(t.hiv_result = 'positive') FROM ${dayTests} WHERE f.client IS NULL GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tna:hbv', sum(t.hbv_result = 'positive') FROM ${dayTests} WHERE f.client IS NULL GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'tna:hcv', sum(t.hcv_result = 'positive' AND t.type != 'hcv_rna') FROM ${dayTests} WHERE f.client IS NULL GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'rs', sum(r.peers_street) FROM ${daySecondary} GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'rp', sum(r.peers_points) FROM ${daySecondary} GROUP BY f.date, f.site
        UNION ALL SELECT f.date, f.site, 'pt:' || r.point_site_id, count(*) FROM ${daySecondary} WHERE r.point_site_id IS NOT NULL GROUP BY f.date, f.site, r.point_site_id
      ) WHERE value > 0`);
}

/**
 * The day masks of each (site, client, month) and (all sites, client, month) of the visits of
 * `cmVisits` (a FROM clause naming them f, of clients) written to rpt_client_month: inserted, or with
 * `onConflict` OR-ed into what is there.
 */
function countClientMonths(store: Store, cmVisits: string, onConflict: string): void {
  // Days first made distinct (per site, and for all sites), so that the masks are plain sums of bits.
  const dayFlags = FLAGS.map((k) => `max(f.${k}) AS ${k}`).join(', ');
  const masks = `sum(bit) AS days, count(*) AS n_days, ${FLAGS.map((k) => `sum(${k} * bit) AS ${k}`).join(', ')}`;
  store.stmt(`INSERT INTO rpt_client_month (site_id, client_id, month, days, n_days, ${FLAGS.join(', ')})
      SELECT * FROM (
        SELECT site, client, month, ${masks} FROM (SELECT f.site, f.client, f.month, f.bit, ${dayFlags} FROM ${cmVisits} GROUP BY f.site, f.client, f.date)
        GROUP BY site, client, month
        UNION ALL
        SELECT -1, client, month, ${masks} FROM (SELECT f.client, f.month, f.bit, ${dayFlags} FROM ${cmVisits} GROUP BY f.client, f.date)
        GROUP BY client, month) WHERE true ${onConflict}`).run();
}

/**
 * The visits never counted (id above the watermark, marked by their insert) added to the facts:
 * their sums added to their days', their day masks OR-ed into their client-months', and their
 * client's first days moved earlier where they are earlier. A day or client-month already marked is
 * left to the recount from the records, which counts these visits with it.
 */
function addNewVisits(store: Store, watermark: number): void {
  const st = (sql: string) => store.stmt(sql);
  st('DELETE FROM temp.f_new').run();
  st(`INSERT INTO temp.f_new (${VISIT_COLUMNS}) SELECT ${visitValues}
      FROM rpt_dirty_visit d CROSS JOIN visits v ON v.id = d.visit_id WHERE d.visit_id > @w AND v.voided_at IS NULL`).run({ w: watermark });
  if (st('SELECT 1 FROM temp.f_new LIMIT 1').get() === undefined) return;
  setFlags(store, 'f_new', false);
  countDays(store, `(SELECT x.* FROM temp.f_new x WHERE NOT EXISTS (SELECT 1 FROM rpt_dirty_day d WHERE d.date = x.date AND d.site_id = x.site)) f`,
    'CROSS JOIN', 'ON CONFLICT (date, site_id, measure) DO UPDATE SET value = value + excluded.value');
  const cmNew = `(SELECT x.* FROM temp.f_new x WHERE x.client IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM rpt_dirty_client_month d WHERE d.client_id = x.client AND d.month = x.month)) f`;
  countClientMonths(store, cmNew, `ON CONFLICT (site_id, month, client_id) DO UPDATE SET days = days | excluded.days, n_days = ${popcount('(days | excluded.days)')},
      ${FLAGS.map((k) => `${k} = ${k} | excluded.${k}`).join(', ')}`);
  // A first day of a kind in a client-month added to: the month's lowest such day, if it is earlier than the one kept.
  st('DELETE FROM temp.f_new_cm').run();
  st(`INSERT OR IGNORE INTO temp.f_new_cm (client_id, month) SELECT f.client, f.month FROM ${cmNew}`).run();
  // Every kind in one pass: each client-month is read once, not once per kind.
  st(`INSERT INTO rpt_client_first (client_id, kind, month, bit)
      SELECT client_id, kind, min(month), mask & -mask FROM (
        SELECT d.client_id, k.kind, d.month, ${maskOf('k.kind', 'm')} AS mask
        FROM temp.f_new_cm d CROSS JOIN rpt_client_month m ON m.site_id = -1 AND m.month = d.month AND m.client_id = d.client_id
        CROSS JOIN ${KIND_ROWS} k)
      WHERE mask != 0 GROUP BY client_id, kind
      ON CONFLICT (client_id, kind) DO UPDATE SET month = excluded.month, bit = excluded.bit
        WHERE excluded.month < rpt_client_first.month OR (excluded.month = rpt_client_first.month AND excluded.bit < rpt_client_first.bit)`).run();
}

/**
 * Recounts every marked day and client-month. Call inside a write transaction (the report does,
 * before it reads). A full recount (after the migration, or a change of item category) marks
 * everything first and goes the same way.
 */
export function refreshFacts(store: Store): void {
  const st = (sql: string) => store.stmt(sql);
  ensureTemp(store);
  const rebuild = st(`SELECT 1 AS yes FROM rpt_state WHERE key = 'rebuild'`).get() !== undefined;
  // Visits above the watermark (the highest visit id when the facts were last counted) have never
  // been counted: their facts are added to what is counted (sums added, day masks OR-ed, first days
  // moved earlier), unless their day or client-month is recounted anyway. A changed visit below it,
  // or a change to its lines, recounts its day and client-month from the records.
  const counted = store.row(COUNTED_VISITS);
  const watermark = rebuild || counted === undefined ? null : counted.id;
  if (rebuild) {
    st('DELETE FROM rpt_day').run();
    st('DELETE FROM rpt_client_month').run();
    st('DELETE FROM rpt_dirty_visit').run();
    st(`INSERT OR IGNORE INTO rpt_dirty_day (date, site_id) SELECT DISTINCT date, coalesce(site_id, 0) FROM visits`).run();
    st(`INSERT OR IGNORE INTO rpt_dirty_client_month (client_id, month) SELECT DISTINCT client_id, substr(date, 1, 7) FROM visits WHERE client_id IS NOT NULL`).run();
  } else {
    const old = watermark === null ? '' : `WHERE d.visit_id <= ${Math.trunc(watermark)}`;
    st(`INSERT OR IGNORE INTO rpt_dirty_day (date, site_id)
        SELECT v.date, coalesce(v.site_id, 0) FROM rpt_dirty_visit d CROSS JOIN visits v ON v.id = d.visit_id ${old}`).run();
    st(`INSERT OR IGNORE INTO rpt_dirty_client_month (client_id, month)
        SELECT v.client_id, substr(v.date, 1, 7) FROM rpt_dirty_visit d CROSS JOIN visits v ON v.id = d.visit_id ${old} ${old ? 'AND' : 'WHERE'} v.client_id IS NOT NULL`).run();
    if (watermark !== null) addNewVisits(store, watermark);
    st('DELETE FROM rpt_dirty_visit').run();
  }

  // The non-voided visits of the marked days and client-months, with their flags.
  st('DELETE FROM temp.f_visits').run();
  const into = `INSERT OR IGNORE INTO temp.f_visits (${VISIT_COLUMNS})`;
  if (rebuild) {
    st(`${into} SELECT ${visitValues} FROM visits v WHERE v.voided_at IS NULL`).run();
  } else {
    st(`${into} SELECT ${visitValues} FROM rpt_dirty_day d CROSS JOIN visits v ON v.date = d.date AND coalesce(v.site_id, 0) = d.site_id WHERE v.voided_at IS NULL`).run();
    st(`${into} SELECT ${visitValues} FROM rpt_dirty_client_month d CROSS JOIN visits v
          ON v.client_id = d.client_id AND v.date BETWEEN d.month || '-01' AND d.month || '-31' WHERE v.voided_at IS NULL`).run();
  }
  setFlags(store, 'f_visits', rebuild);

  // ---- days: additive sums per (date, site) ----
  st(`DELETE FROM rpt_day WHERE (date, site_id) IN (SELECT date, site_id FROM rpt_dirty_day)`).run();
  // On a full recount every day is marked: no need to join the marks. A few marks: drive every join
  // from the marks (CROSS JOIN fixes SQLite's join order), so that a recount after one changed visit
  // reads that day only. A full recount leaves the order to the planner, which then scans each table once.
  countDays(store, rebuild ? 'temp.f_visits f' : `temp.f_visits f CROSS JOIN rpt_dirty_day d ON d.date = f.date AND d.site_id = f.site`, rebuild ? 'JOIN' : 'CROSS JOIN', '');

  // ---- client-months: day masks per site and for all sites (-1) ----
  // By the key (site_id, month, client_id): each marked client-month at every site, all sites (-1) and none (0).
  st(`DELETE FROM rpt_client_month WHERE (site_id, month, client_id) IN (
        SELECT s.id, d.month, d.client_id FROM rpt_dirty_client_month d CROSS JOIN (SELECT -1 AS id UNION ALL SELECT 0 UNION ALL SELECT id FROM sites) s)`).run();
  countClientMonths(store, rebuild ? 'temp.f_visits f WHERE f.client IS NOT NULL'
    : `temp.f_visits f CROSS JOIN rpt_dirty_client_month d ON d.client_id = f.client AND d.month = f.month`, '');

  // ---- the first month of each kind of day per client (migration 004), for the clients recounted ----
  if (rebuild) {
    st('DELETE FROM rpt_client_first').run();
    for (const kind of FIRST_KINDS) {
      // min() makes SQLite take the other columns from the row of the earliest month; x & -x is its lowest day.
      st(`INSERT INTO rpt_client_first (client_id, kind, month, bit)
          SELECT client_id, '${kind}', min(month), ${kind} & -${kind} FROM rpt_client_month WHERE site_id = -1 AND ${kind} != 0 GROUP BY client_id`).run();
    }
  } else {
    // Only the recounted months changed. A first day in one of them is looked for again among all the
    // client's months (it may have moved later: a void); any other stands unless a recounted month is earlier.
    st('DELETE FROM temp.f_rescan').run();
    st(`INSERT INTO temp.f_rescan (client_id, kind)
        SELECT f.client_id, f.kind FROM rpt_dirty_client_month d CROSS JOIN rpt_client_first f ON f.client_id = d.client_id AND f.month = d.month`).run();
    st(`DELETE FROM rpt_client_first WHERE (client_id, kind) IN (SELECT client_id, kind FROM temp.f_rescan)`).run();
    // Every month of the history, to look for a client's first days month by month through the key.
    st('DELETE FROM temp.f_months').run();
    if (st('SELECT 1 FROM temp.f_rescan LIMIT 1').get() !== undefined) {
      st(`INSERT INTO temp.f_months (month) WITH RECURSIVE m(month) AS (
            SELECT min(month) FROM rpt_client_month WHERE site_id = -1
            UNION ALL SELECT strftime('%Y-%m', month || '-01', '+1 month') FROM m
            WHERE month < (SELECT max(month) FROM rpt_client_month WHERE site_id = -1))
          SELECT month FROM m WHERE month IS NOT NULL`).run();
    }
    // Every kind in one statement each (min() makes SQLite take the mask from the row of the earliest month).
    st(`INSERT INTO rpt_client_first (client_id, kind, month, bit)
        SELECT client_id, kind, min(month), mask & -mask FROM (
          SELECT r.client_id, r.kind, m.month, ${maskOf('r.kind', 'm')} AS mask
          FROM temp.f_rescan r CROSS JOIN temp.f_months c CROSS JOIN rpt_client_month m ON m.site_id = -1 AND m.month = c.month AND m.client_id = r.client_id)
        WHERE mask != 0 GROUP BY client_id, kind`).run();
    st(`INSERT INTO rpt_client_first (client_id, kind, month, bit)
        SELECT client_id, kind, min(month), mask & -mask FROM (
          SELECT d.client_id, k.kind, d.month, ${maskOf('k.kind', 'm')} AS mask
          FROM rpt_dirty_client_month d CROSS JOIN rpt_client_month m ON m.site_id = -1 AND m.month = d.month AND m.client_id = d.client_id
          CROSS JOIN ${KIND_ROWS} k)
        WHERE mask != 0 GROUP BY client_id, kind
        ON CONFLICT (client_id, kind) DO UPDATE SET month = excluded.month, bit = excluded.bit WHERE excluded.month < rpt_client_first.month`).run();
  }

  st('DELETE FROM rpt_dirty_day').run();
  st('DELETE FROM rpt_dirty_client_month').run();
  st(`DELETE FROM rpt_state WHERE key = 'rebuild'`).run();
  st(`INSERT OR REPLACE INTO rpt_state (key, value) SELECT 'counted_visits', CAST(coalesce(max(id), 0) AS TEXT) FROM visits`).run();
  st('DELETE FROM temp.f_visits').run();
  st('DELETE FROM temp.f_new').run();
  st('DELETE FROM temp.f_new_cm').run();
}
