// The indicator engine: every figure of spec/indicators.md, counted in SQL over the records of
// one period and (optionally) a set of sites. The visits of the period are first copied into
// a temporary table with their per-visit flags (exchange, for peers, medical), so that each
// figure is one aggregate over that small table or over the lines joined to it.
// Voided records never count: voided visits (and so their lines, tests and reports), voided
// outreach sessions and voided activities are left out here, once.
import type { Store } from '../store';
import { INFECTIONS, MEDICAL_SERVICES, REFERRAL_DESTINATIONS } from '../../shared/domain';
import { PARTS, round1, type IndicatorValue } from '../../shared/indicators';
import { monthsOf } from '../../shared/dates';

export interface CatalogueItem {
  id: number;
  key: string;
  category: 'syringe' | 'needle' | 'alcohol_pad' | 'disinfectant' | 'condom' | 'other';
  labelLt: string;
  labelEn: string;
}

export interface EngineRules {
  /** A regular client has at least this many visit-days in one calendar month ("more than 2 a month" = 3). */
  regularMinVisitDays: number;
  pwidPopulationEstimate: number | null;
}

export interface EnginePeriod {
  from: string;
  to: string;
  /** Empty: every site. */
  siteIds: readonly number[];
  /** Months in the period (shared/dates monthsInPeriod), unrounded. */
  months: number;
}

export type Indicators = Record<string, IndicatorValue>;

type Param = string | number | null;

const MEDICAL_LIST = MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ');

export function loadCatalogue(store: Store): CatalogueItem[] {
  return (store.stmt('SELECT id, key, category, label_lt, label_en FROM items ORDER BY id').all() as Array<{
    id: number; key: string; category: CatalogueItem['category']; label_lt: string; label_en: string;
  }>).map((r) => ({ id: r.id, key: r.key, category: r.category, labelLt: r.label_lt, labelEn: r.label_en }));
}

/** The temporary tables live in memory (temp_store) and only for this connection. */
function ensureTempTables(store: Store): void {
  // Temporary tables and sorter spills stay in memory: nothing of the report reaches the disk unencrypted.
  // (Changing temp_store drops temporary tables, so it is set only when it is not yet so.)
  if (store.sqlite.pragma('temp_store', { simple: true }) !== 2) store.sqlite.pragma('temp_store = MEMORY');
  store.sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS r_visits (
      id INTEGER PRIMARY KEY,
      client_id INTEGER,
      date TEXT NOT NULL,
      month TEXT NOT NULL,
      kind TEXT NOT NULL,
      site_id INTEGER,
      staff_id INTEGER,
      anon INTEGER NOT NULL,
      trained INTEGER NOT NULL,
      exch INTEGER NOT NULL DEFAULT 0,
      peers INTEGER NOT NULL DEFAULT 0,
      med INTEGER NOT NULL DEFAULT 0
    );
    CREATE TEMP TABLE IF NOT EXISTS r_client_months (
      client_id INTEGER NOT NULL,
      month TEXT NOT NULL,
      days INTEGER NOT NULL,
      exch INTEGER NOT NULL,
      PRIMARY KEY (client_id, month)
    ) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS r_clients (
      client_id INTEGER PRIMARY KEY,
      max_days INTEGER NOT NULL,
      exch_months INTEGER NOT NULL
    );`);
}

function clearTempTables(store: Store): void {
  store.sqlite.exec('DELETE FROM temp.r_visits; DELETE FROM temp.r_client_months; DELETE FROM temp.r_clients;');
}

const idList = (ids: readonly number[]): string => (ids.length === 0 ? 'NULL' : ids.map((i) => String(Math.trunc(i))).join(', '));

/** Builds the site condition for a column, with its parameter. */
function siteFilter(column: string, siteIds: readonly number[]): { sql: string; params: Param[] } {
  if (siteIds.length === 0) return { sql: '', params: [] };
  return { sql: `AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(siteIds)] };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}

function parts(keys: readonly string[], rows: Array<{ k: string | null; n: number }>, fallback?: string): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const r of rows) {
    const key = r.k !== null && r.k in out ? r.k : fallback;
    if (key !== undefined) out[key] += num(r.n);
  }
  return out;
}

/** Every indicator of shared/indicators.ts for one period and site set. */
export function computeIndicators(store: Store, p: EnginePeriod, rules: EngineRules, items: readonly CatalogueItem[]): Indicators {
  ensureTempTables(store);
  // One read transaction: every figure comes from the same snapshot even if the desk saves a visit meanwhile.
  const run = store.sqlite.transaction(() => {
    clearTempTables(store);
    try {
      return compute(store, p, rules, items);
    } finally {
      clearTempTables(store);
    }
  });
  return run.deferred();
}

function compute(store: Store, p: EnginePeriod, rules: EngineRules, items: readonly CatalogueItem[]): Indicators {
  const { from, to } = p;
  const ids = (cat: CatalogueItem['category']) => items.filter((i) => i.category === cat).map((i) => i.id);
  const exchangeItems = idList([...ids('syringe'), ...ids('needle')]);
  const other = items.filter((i) => i.category === 'other');
  const st = (sql: string) => store.stmt(sql);
  const vSite = siteFilter('v.site_id', p.siteIds);

  // ---- the visits of the period, with their flags ----
  const filled = st(`INSERT INTO temp.r_visits (id, client_id, date, month, kind, site_id, staff_id, anon, trained)
      SELECT v.id, v.client_id, v.date, substr(v.date, 1, 7), v.kind, v.site_id, v.staff_id, v.anonymous_count, v.trained_secondary
      FROM visits v WHERE v.date BETWEEN ? AND ? AND v.voided_at IS NULL ${vSite.sql}`).run(from, to, ...vSite.params).changes;
  const allVisits = num((st('SELECT max(id) AS n FROM visits').get() as { n: number | null }).n);
  // For a small share of the file, probe the lines of each visit; for most of it, one pass over the lines is cheaper.
  const probe = filled * 5 < allVisits;
  if (probe) {
    st(`UPDATE temp.r_visits SET
          exch = EXISTS (SELECT 1 FROM supply_lines s WHERE s.visit_id = r_visits.id AND s.item_id IN (${exchangeItems})),
          peers = EXISTS (SELECT 1 FROM supply_lines s WHERE s.visit_id = r_visits.id AND s.for_peers = 1),
          med = EXISTS (SELECT 1 FROM service_lines sl WHERE sl.visit_id = r_visits.id AND sl.type IN (${MEDICAL_LIST}))`).run();
  } else {
    st(`UPDATE temp.r_visits SET exch = 1 WHERE id IN (SELECT s.visit_id FROM supply_lines s WHERE s.item_id IN (${exchangeItems}))`).run();
    st(`UPDATE temp.r_visits SET peers = 1 WHERE id IN (SELECT s.visit_id FROM supply_lines s WHERE s.for_peers = 1)`).run();
    st(`UPDATE temp.r_visits SET med = 1 WHERE id IN (SELECT sl.visit_id FROM service_lines sl WHERE sl.type IN (${MEDICAL_LIST}))`).run();
  }

  // ---- clients: visit-days per calendar month, exchange per month ----
  st(`INSERT INTO temp.r_client_months (client_id, month, days, exch)
      SELECT client_id, month, count(DISTINCT date), max(exch) FROM temp.r_visits WHERE client_id IS NOT NULL GROUP BY client_id, month`).run();
  st(`INSERT INTO temp.r_clients (client_id, max_days, exch_months)
      SELECT client_id, max(days), sum(exch) FROM temp.r_client_months GROUP BY client_id`).run();
  const monthCount = monthsOf(from, to).length;
  const reach = st(`SELECT count(*) AS clients,
        coalesce(sum(exch_months > 0), 0) AS participants,
        coalesce(sum(max_days >= ?), 0) AS regular,
        coalesce(sum(exch_months = ?), 0) AS regular_access
      FROM temp.r_clients`).get(rules.regularMinVisitDays, monthCount) as Record<string, number>;
  const visitDays = num((st('SELECT sum(days) AS n FROM temp.r_client_months').get() as { n: number }).n);

  // First visit / first exchange ever, at any site and whatever the filter: nothing before `from`.
  const newClients = num((st(`SELECT count(*) AS n FROM temp.r_clients c
      WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.client_id AND v.date < ? AND v.voided_at IS NULL)`).get(from) as { n: number }).n);
  const newParticipants = num((st(`SELECT count(*) AS n FROM temp.r_clients c WHERE c.exch_months > 0
      AND NOT EXISTS (SELECT 1 FROM visits v JOIN supply_lines s ON s.visit_id = v.id
        WHERE v.client_id = c.client_id AND v.date < ? AND v.voided_at IS NULL AND s.item_id IN (${exchangeItems}))`).get(from) as { n: number }).n);

  const toYear = Number(to.slice(0, 4));
  const bySex = st(`SELECT cl.sex AS k, count(*) AS n FROM temp.r_clients c JOIN clients cl ON cl.id = c.client_id GROUP BY cl.sex`).all() as Array<{ k: string; n: number }>;
  const byAge = st(`SELECT CASE
        WHEN cl.birth_year IS NULL THEN 'unknown'
        WHEN ? - cl.birth_year < 18 THEN 'under_18'
        WHEN ? - cl.birth_year < 25 THEN '18_24'
        WHEN ? - cl.birth_year < 35 THEN '25_34'
        WHEN ? - cl.birth_year < 45 THEN '35_44'
        ELSE '45_plus' END AS k, count(*) AS n
      FROM temp.r_clients c JOIN clients cl ON cl.id = c.client_id GROUP BY k`).all(toYear, toYear, toYear, toYear) as Array<{ k: string; n: number }>;

  const visitCounts = st(`SELECT
        coalesce(sum(exch), 0) AS exchange_records,
        coalesce(sum(CASE WHEN kind = 'outreach' AND client_id IS NULL THEN anon END), 0) AS anonymous_contacts,
        count(DISTINCT CASE WHEN med = 1 THEN client_id END) AS gp_known,
        coalesce(sum(CASE WHEN med = 1 AND client_id IS NULL THEN anon END), 0) AS gp_anonymous,
        count(DISTINCT CASE WHEN peers = 1 THEN client_id END) AS peers
      FROM temp.r_visits`).get() as Record<string, number>;

  // ---- supplies: one pass over the lines of the period's visits ----
  const sumCase = (cond: string, alias: string) => `coalesce(sum(CASE WHEN ${cond} THEN s.quantity END), 0) AS ${alias}`;
  const supplyCols = [
    sumCase(`s.item_id IN (${idList(ids('syringe'))}) AND s.direction = 'out'`, 'syringes_out'),
    sumCase(`s.item_id IN (${idList(ids('syringe'))}) AND s.direction = 'in'`, 'syringes_in'),
    sumCase(`s.item_id IN (${idList(ids('needle'))}) AND s.direction = 'out'`, 'needles_out'),
    sumCase(`s.item_id IN (${idList(ids('needle'))}) AND s.direction = 'in'`, 'needles_in'),
    sumCase(`s.item_id IN (${idList(ids('alcohol_pad'))}) AND s.direction = 'out'`, 'pads'),
    sumCase(`s.item_id IN (${idList(ids('disinfectant'))}) AND s.direction = 'out'`, 'disinfectants'),
    sumCase(`s.item_id IN (${idList(ids('condom'))}) AND s.direction = 'out'`, 'condoms'),
    ...other.map((i) => sumCase(`s.item_id = ${Math.trunc(i.id)} AND s.direction = 'out'`, `o${Math.trunc(i.id)}`)),
  ];
  const supply = st(`SELECT ${supplyCols.join(',\n')} FROM supply_lines s JOIN temp.r_visits r ON r.id = s.visit_id`).get() as Record<string, number>;

  // ---- services ----
  const services = st(`SELECT sl.type AS type, sl.referral_to AS referral_to, sum(sl.units) AS n
      FROM service_lines sl JOIN temp.r_visits r ON r.id = sl.visit_id GROUP BY sl.type, sl.referral_to`).all() as Array<{ type: string; referral_to: string | null; n: number }>;
  const units = (type: string) => services.filter((s) => s.type === type).reduce((a, s) => a + num(s.n), 0);

  // ---- tests ----
  const testRows = st(`SELECT t.type AS k, count(*) AS n FROM tests t JOIN temp.r_visits r ON r.id = t.visit_id GROUP BY t.type`).all() as Array<{ k: string; n: number }>;
  const tested = st(`SELECT count(DISTINCT r.client_id) AS clients,
        coalesce(sum(r.client_id IS NULL), 0) AS without_code,
        count(DISTINCT CASE WHEN cl.injects = 'yes' THEN r.client_id END) AS pwid,
        coalesce(sum(t.hiv_result = 'positive'), 0) AS hiv,
        coalesce(sum(t.hbv_result = 'positive'), 0) AS hbv,
        coalesce(sum(t.hcv_result = 'positive'), 0) AS hcv
      FROM tests t JOIN temp.r_visits r ON r.id = t.visit_id LEFT JOIN clients cl ON cl.id = r.client_id`).get() as Record<string, number>;
  const newPositive: Record<string, number> = {};
  for (const inf of INFECTIONS) {
    const col = `${inf}_result`;
    const row = st(`SELECT
          count(DISTINCT CASE WHEN r.client_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM visits v JOIN tests t2 ON t2.visit_id = v.id
            WHERE v.client_id = r.client_id AND v.date < ? AND v.voided_at IS NULL AND t2.${col} = 'positive') THEN r.client_id END) AS known,
          coalesce(sum(r.client_id IS NULL), 0) AS anonymous
        FROM tests t JOIN temp.r_visits r ON r.id = t.visit_id WHERE t.${col} = 'positive'`).get(from) as { known: number; anonymous: number };
    newPositive[inf] = num(row.known) + num(row.anonymous);
  }
  const settingRows = st(`SELECT CASE
        WHEN r.kind IN ('cabinet', 'medical') THEN 'cabinet'
        WHEN r.kind = 'outreach' THEN 'outreach'
        WHEN r.kind = 'arrest_house' AND t.tested_person = 'officer' THEN 'arrest_house_officer'
        WHEN r.kind = 'arrest_house' AND t.tested_person IN ('arrestee', 'client') THEN 'arrest_house_arrestee'
        ELSE 'other' END AS k, count(*) AS n
      FROM tests t JOIN temp.r_visits r ON r.id = t.visit_id GROUP BY k`).all() as Array<{ k: string; n: number }>;

  // ---- secondary exchange ----
  const secondary = st(`SELECT coalesce(sum(sr.peers_street), 0) AS street, coalesce(sum(sr.peers_points), 0) AS points,
        count(DISTINCT sr.point_site_id) AS active_points
      FROM secondary_reports sr JOIN temp.r_visits r ON r.id = sr.visit_id`).get() as Record<string, number>;
  const aSite = siteFilter('a.site_id', p.siteIds);
  const trained = num((st(`SELECT count(*) AS n FROM (
        SELECT client_id FROM temp.r_visits WHERE trained = 1 AND client_id IS NOT NULL
        UNION
        SELECT coalesce(c.merged_into_id, ac.client_id) FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
        WHERE a.type = 'training' AND a.voided_at IS NULL AND a.date BETWEEN ? AND ? ${aSite.sql})`).get(from, to, ...aSite.params) as { n: number }).n);

  // ---- outreach: sessions (not voided) and outreach contacts ----
  const oSite = siteFilter('o.site_id', p.siteIds);
  const outreach = st(`SELECT
        (SELECT count(*) FROM (
          SELECT w.staff_id FROM outreach_workers w JOIN outreach_sessions o ON o.id = w.session_id
            WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ${oSite.sql}
          UNION SELECT staff_id FROM temp.r_visits WHERE kind = 'outreach' AND staff_id IS NOT NULL)) AS workers,
        (SELECT count(*) FROM (
          SELECT o.site_id FROM outreach_sessions o WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ${oSite.sql}
          UNION SELECT site_id FROM temp.r_visits WHERE kind = 'outreach' AND site_id IS NOT NULL)) AS places,
        (SELECT count(*) FROM (
          SELECT o.date, o.site_id FROM outreach_sessions o WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ${oSite.sql}
          UNION SELECT date, site_id FROM temp.r_visits WHERE kind = 'outreach')) AS sessions`)
    .get(from, to, ...oSite.params, from, to, ...oSite.params, from, to, ...oSite.params) as Record<string, number>;

  // ---- activities ----
  const activities = st(`SELECT
        coalesce(sum(a.type = 'meeting'), 0) AS meetings,
        coalesce(sum(CASE WHEN a.type = 'meeting' THEN a.participants END), 0) AS participants,
        coalesce(sum(a.type = 'media'), 0) AS media
      FROM activities a WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ? ${aSite.sql}`).get(from, to, ...aSite.params) as Record<string, number>;
  const byInstitution = st(`SELECT a.institution AS k, sum(a.participants) AS n FROM activities a
      WHERE a.type = 'meeting' AND a.voided_at IS NULL AND a.date BETWEEN ? AND ? ${aSite.sql} GROUP BY a.institution`)
    .all(from, to, ...aSite.params) as Array<{ k: string | null; n: number }>;

  // ---- the figures ----
  const participants = num(reach.participants);
  const syringesOut = num(supply.syringes_out);
  const estimate = rules.pwidPopulationEstimate && rules.pwidPopulationEstimate > 0 ? rules.pwidPopulationEstimate : null;
  const svc = {
    information: units('information'),
    consultation: units('consultation'),
    health_education: units('health_education'),
    referral: units('referral'),
    nsp_exchange: num(visitCounts.exchange_records),
  };
  const reachedTotal = num(secondary.street) + num(secondary.points);
  const gpByType = parts(PARTS.gp_by_type, services.filter((s) => (MEDICAL_SERVICES as readonly string[]).includes(s.type)).map((s) => ({ k: s.type, n: s.n })));

  const out: Indicators = {
    clients: num(reach.clients),
    nsp_participants: participants,
    new_clients: newClients,
    new_nsp_participants: newParticipants,
    regular_clients: num(reach.regular),
    regular_nsp_access: num(reach.regular_access),
    nsp_coverage: estimate === null ? null : round1((participants / estimate) * 100),
    anonymous_contacts: num(visitCounts.anonymous_contacts),
    visits: visitDays,
    clients_by_sex: parts(PARTS.clients_by_sex, bySex),
    clients_by_age: parts(PARTS.clients_by_age, byAge),
    syringes_distributed: syringesOut,
    needles_distributed: num(supply.needles_out),
    syringes_collected: num(supply.syringes_in),
    needles_collected: num(supply.needles_in),
    syringe_return_rate: syringesOut === 0 ? null : round1((num(supply.syringes_in) / syringesOut) * 100),
    syringes_per_participant: participants === 0 ? null : round1(syringesOut / participants),
    syringes_per_participant_month: participants === 0 || p.months <= 0 ? null : round1(syringesOut / participants / p.months),
    syringes_per_pwid_year: estimate === null || p.months <= 0 ? null : round1(((syringesOut / estimate) * 12) / p.months),
    alcohol_pads_distributed: num(supply.pads),
    disinfectants_distributed: num(supply.disinfectants),
    condoms_distributed: num(supply.condoms),
    other_commodities: Object.fromEntries(other.map((i) => [i.key, num(supply[`o${Math.trunc(i.id)}`])])),
    svc_information: svc.information,
    svc_consultation: svc.consultation,
    svc_health_education: svc.health_education,
    svc_referral: svc.referral,
    svc_nsp_exchange: svc.nsp_exchange,
    social_services_total: svc.information + svc.consultation + svc.health_education + svc.referral + svc.nsp_exchange,
    // A referral without a destination is counted under "other", so that the parts add up to svc_referral.
    referrals_by_destination: parts(REFERRAL_DESTINATIONS, services.filter((s) => s.type === 'referral').map((s) => ({ k: s.referral_to, n: s.n })), 'other'),
    pre_test_counselling: units('pre_test_counselling'),
    post_test_counselling: units('post_test_counselling'),
    gp_services: Object.values(gpByType).reduce((a, b) => a + b, 0),
    gp_clients: num(visitCounts.gp_known) + num(visitCounts.gp_anonymous),
    gp_by_type: gpByType,
    tests_by_type: parts(PARTS.tests_by_type, testRows),
    persons_tested: num(tested.clients) + num(tested.without_code),
    pwid_tested: num(tested.pwid),
    positive_results: { hiv: num(tested.hiv), hbv: num(tested.hbv), hcv: num(tested.hcv) },
    new_positive_cases: newPositive,
    tests_by_setting: parts(PARTS.tests_by_setting, settingRows),
    secondary_exchange_peers: num(visitCounts.peers),
    reached_secondary_street: num(secondary.street),
    reached_secondary_points: num(secondary.points),
    reached_secondary_total: reachedTotal,
    reached_secondary_per_month: p.months <= 0 ? null : Math.floor(reachedTotal / p.months + 1e-9),
    secondary_points_active: num(secondary.active_points),
    clients_trained_secondary: trained,
    outreach_workers: num(outreach.workers),
    outreach_places: num(outreach.places),
    outreach_sessions: num(outreach.sessions),
    meetings: num(activities.meetings),
    meeting_participants: num(activities.participants),
    // A meeting without an institution type is counted under "other": the parts add up to meeting_participants.
    meeting_participants_by_institution: parts(PARTS.meeting_participants_by_institution, byInstitution, 'other'),
    media_items: num(activities.media),
  };
  return out;
}
