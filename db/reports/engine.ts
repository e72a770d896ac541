// The indicator engine: every figure of spec/indicators.md, counted in SQL for one period and
// (optionally) a set of sites. Per-client figures come from the day masks of each client and
// month (rpt_client_month), sums (supplies, service units, tests, peers reached…) from the
// facts of each day and site (rpt_day), both kept by facts.ts from the records (migration 003);
// outreach sessions, activities and the clients' sex, age and injecting, which are few or may
// change without a visit, are read from the records themselves.
// Voided records never count: voided visits (and so their lines, tests and reports), voided
// outreach sessions and voided activities are left out, in the facts and here.
import { z } from 'zod';
import { query, type Param, type Query, type Store } from '../store';
import { factsAreStale, refreshFacts, useMemoryTemp } from './facts';
import { CORE_ITEMS, INFECTIONS, MEDICAL_SERVICES, REFERRAL_DESTINATIONS } from '../../shared/domain';
import { PARTS, round1, type Indicators } from '../../shared/indicators';
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


const CATALOGUE = query('SELECT id, key, category, label_lt, label_en FROM items ORDER BY id', z.object({
  id: z.number(), key: z.string(), category: z.enum([...CORE_ITEMS, 'other']), label_lt: z.string(), label_en: z.string(),
}));

export function loadCatalogue(store: Store): CatalogueItem[] {
  return store.rows(CATALOGUE).map((r) => ({ id: r.id, key: r.key, category: r.category, labelLt: r.label_lt, labelEn: r.label_en }));
}

// ---- the shapes of the engine's rows (its SQL is built per period and filter, below) ----
const COUNT = z.object({ n: z.number() });
const PART = z.object({ k: z.string(), n: z.number() });
const NULLABLE_PART = z.object({ k: z.string().nullable(), n: z.number() });
const REACH = z.object({
  clients: z.number(), participants: z.number(), regular: z.number(), regular_access: z.number(),
  visit_days: z.number(), peers: z.number(), gp_known: z.number(), tested: z.number(),
});
const MEASURE = z.object({ measure: z.string(), value: z.number() });
const OUTREACH = z.object({ workers: z.number(), places: z.number(), sessions: z.number() });
const ACTIVITIES = z.object({ meetings: z.number(), participants: z.number(), media: z.number() });

/** Named parameters (`@from`), which store.row/rows (positional) do not take. */
type Named = Record<string, Param>;

/** The one row of an aggregate, checked against its declared shape as store.row does. */
function rowOf<R>(store: Store, q: Query<R, readonly Param[]>, params: Named): R {
  return q.row.parse(store.stmt(q.sql).get(params));
}

/** Store's check for rows (the first row against the declared shape; the rest come from the same statement). */
function firstRowIs<R>(q: Query<R, readonly Param[]>, rows: unknown[]): rows is R[] {
  if (rows.length === 0) return true;
  const first = q.row.safeParse(rows[0]);
  if (!first.success) return false;
  rows[0] = first.data;
  return true;
}

/** The rows of a declared statement with named parameters, checked as store.rows does. */
function rowsOf<R>(store: Store, q: Query<R, readonly Param[]>, params: Named): R[] {
  const rows: unknown[] = store.stmt(q.sql).all(params);
  if (!firstRowIs(q, rows)) throw new Error(`A query's rows do not have the declared shape: ${q.sql.slice(0, 80)}`);
  return rows;
}

/** The client table of one report lives in memory (temp_store) and only for this connection. */
function ensureTempTables(store: Store): void {
  useMemoryTemp(store);
  store.sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS r_clients (
      client_id INTEGER PRIMARY KEY,
      visit_days INTEGER NOT NULL,
      max_days INTEGER NOT NULL,
      exch_months INTEGER NOT NULL,
      peers INTEGER NOT NULL,
      med INTEGER NOT NULL,
      trained INTEGER NOT NULL,
      tested INTEGER NOT NULL,
      pos_hiv INTEGER NOT NULL,
      pos_hbv INTEGER NOT NULL,
      pos_hcv INTEGER NOT NULL
    );`);
}

function clearTempTables(store: Store): void {
  store.sqlite.exec('DELETE FROM temp.r_clients;');
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
  // One read transaction: every figure comes from the same snapshot even if the desk saves a visit
  // meanwhile. Facts marked stale in that snapshot are recounted first (a short write), then read again.
  for (let attempt = 0; ; attempt++) {
    const result = store.sqlite.transaction(() => {
      if (factsAreStale(store)) return null;
      clearTempTables(store);
      try {
        return compute(store, p, rules, items);
      } finally {
        clearTempTables(store);
      }
    }).deferred();
    if (result) return result;
    if (attempt >= 5) throw new Error('The report facts kept changing while they were being counted.');
    store.tx(() => refreshFacts(store));
  }
}

/** Popcount of a 31-bit day mask, in SQL arithmetic (the number of days set). */
const popcount = (x: string): string => {
  const a = `(${x} - ((${x} >> 1) & 1431655765))`;
  const b = `((${a} & 858993459) + ((${a} >> 2) & 858993459))`;
  const c = `((${b} + (${b} >> 4)) & 252645135)`;
  return `(((${c} * 16843009) & 4294967295) >> 24)`;
};

const ALL_DAYS = 0x7fffffff;
/** The day masks of rpt_client_month besides the visit days; exch first. */
const MASKS = ['exch', 'peers', 'med', 'trained', 'tested', 'pos_hiv', 'pos_hbv', 'pos_hcv'] as const;

/** The day masks of the period: its first month from `from`, its last up to `to`, the ones between whole. */
function periodMasks(from: string, to: string) {
  const fromDay = +from.slice(8, 10);
  const toDay = +to.slice(8, 10);
  const before = fromDay === 1 ? 0 : (2 ** (fromDay - 1)) - 1;
  const upTo = toDay >= 31 ? ALL_DAYS : (2 ** toDay) - 1;
  const fm = from.slice(0, 7);
  const tm = to.slice(0, 7);
  const fmask = ALL_DAYS - before;
  return { fm, tm, fmask: fm === tm ? fmask & upTo : fmask, tmask: upTo, before };
}

function compute(store: Store, p: EnginePeriod, rules: EngineRules, items: readonly CatalogueItem[]): Indicators {
  const { from, to } = p;
  const m = periodMasks(from, to);
  const sites = JSON.stringify(p.siteIds);
  const filtered = p.siteIds.length > 0;
  const periodParams: Named = filtered ? { from, to, sites } : { from, to };
  const st = (sql: string) => store.stmt(sql);
  const other = items.filter((i) => i.category === 'other');

  // ---- clients: from the day masks of each client and month ----
  const src = !filtered || p.siteIds.length === 1
    ? `src AS (SELECT client_id, month, days, n_days, ${MASKS.join(', ')} FROM rpt_client_month
         WHERE site_id = @site AND month BETWEEN @fm AND @tm)`
    // Several sites: a day counts once however many of them the client came to, so the masks of a
    // client's month are OR-ed. With at most three rows, OR = lowest | highest | the one between
    // (sum minus both); more rows (rare) are OR-ed bit by bit.
    : `grp AS MATERIALIZED (SELECT client_id, month, count(*) AS k, ${['days', ...MASKS].map((c) => `min(${c}) AS ${c}_lo, max(${c}) AS ${c}_hi, sum(${c}) AS ${c}_sum`).join(', ')}
         FROM rpt_client_month WHERE site_id IN (SELECT value FROM json_each(@sites)) AND month BETWEEN @fm AND @tm GROUP BY client_id, month),
       bits(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM bits WHERE n < 30),
       per_bit AS (SELECT c.client_id, c.month, b.n, max((c.days >> b.n) & 1) AS days, ${MASKS.map((k) => `max((c.${k} >> b.n) & 1) AS ${k}`).join(', ')}
         FROM rpt_client_month c, bits b WHERE c.site_id IN (SELECT value FROM json_each(@sites)) AND c.month BETWEEN @fm AND @tm
           AND (c.client_id, c.month) IN (SELECT client_id, month FROM grp WHERE k > 3)
         GROUP BY c.client_id, c.month, b.n),
       ored AS (SELECT client_id, month, ${['days', ...MASKS].map((c) => `${c}_lo | ${c}_hi | CASE WHEN k = 3 THEN ${c}_sum - ${c}_lo - ${c}_hi ELSE 0 END AS ${c}`).join(', ')}
         FROM grp WHERE k <= 3
         UNION ALL
         SELECT client_id, month, sum(days << n), ${MASKS.map((k) => `sum(${k} << n)`).join(', ')} FROM per_bit GROUP BY client_id, month),
       src AS (SELECT client_id, month, days, ${popcount('days')} AS n_days, ${MASKS.join(', ')} FROM ored)`;
  st(`WITH ${filtered && p.siteIds.length > 1 ? 'RECURSIVE ' : ''}${src}
      INSERT INTO temp.r_clients (client_id, visit_days, max_days, exch_months, ${MASKS.slice(1).join(', ')})
      SELECT client_id, sum(nd), max(nd), sum(exch != 0), ${MASKS.slice(1).map((k) => `max(${k} != 0)`).join(', ')} FROM (
        SELECT client_id, CASE WHEN mask = ${ALL_DAYS} THEN n_days ELSE ${popcount('(days & mask)')} END AS nd,
          ${MASKS.map((k) => `${k} & mask AS ${k}`).join(', ')}
        FROM (SELECT src.*, CASE month WHEN @fm THEN @fmask WHEN @tm THEN @tmask ELSE ${ALL_DAYS} END AS mask FROM src)
      ) WHERE nd > 0 GROUP BY client_id`)
    .run({ site: filtered ? p.siteIds[0] : -1, sites, fm: m.fm, tm: m.tm, fmask: m.fmask, tmask: m.tmask });
  const monthCount = monthsOf(from, to).length;
  const reach = store.row(query(`SELECT count(*) AS clients,
        coalesce(sum(exch_months > 0), 0) AS participants,
        coalesce(sum(max_days >= ?), 0) AS regular,
        coalesce(sum(exch_months = ?), 0) AS regular_access,
        coalesce(sum(visit_days), 0) AS visit_days,
        coalesce(sum(peers), 0) AS peers,
        coalesce(sum(med), 0) AS gp_known,
        coalesce(sum(tested), 0) AS tested
      FROM temp.r_clients`, REACH), rules.regularMinVisitDays, monthCount);
  if (!reach) throw new Error('The report found no row of counts.');

  // First visit / first exchange ever, at any site and whatever the filter: no day before `from`.
  const earlier = (mask: 'days' | (typeof MASKS)[number]) => `NOT EXISTS (SELECT 1 FROM rpt_client_month e WHERE e.site_id = -1 AND e.client_id = c.client_id
      AND ((e.month < @fm AND e.${mask} != 0) OR (e.month = @fm AND (e.${mask} & @before) != 0)))`;
  const newClients = num(rowOf(store, query(`SELECT count(*) AS n FROM temp.r_clients c WHERE ${earlier('days')}`, COUNT), { fm: m.fm, before: m.before }).n);
  const newParticipants = num(rowOf(store, query(`SELECT count(*) AS n FROM temp.r_clients c WHERE c.exch_months > 0 AND ${earlier('exch')}`, COUNT),
    { fm: m.fm, before: m.before }).n);

  const toYear = Number(to.slice(0, 4));
  const bySex = store.rows(query(`SELECT cl.sex AS k, count(*) AS n FROM temp.r_clients c JOIN clients cl ON cl.id = c.client_id GROUP BY cl.sex`, PART));
  const byAge = store.rows(query(`SELECT CASE
        WHEN cl.birth_year IS NULL THEN 'unknown'
        WHEN ? - cl.birth_year < 18 THEN 'under_18'
        WHEN ? - cl.birth_year < 25 THEN '18_24'
        WHEN ? - cl.birth_year < 35 THEN '25_34'
        WHEN ? - cl.birth_year < 45 THEN '35_44'
        ELSE '45_plus' END AS k, count(*) AS n
      FROM temp.r_clients c JOIN clients cl ON cl.id = c.client_id GROUP BY k`, PART), toYear, toYear, toYear, toYear);
  const trained = num(rowOf(store, query(`SELECT count(*) AS n FROM (
        SELECT client_id FROM temp.r_clients WHERE trained = 1
        UNION
        SELECT coalesce(c.merged_into_id, ac.client_id) FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
        WHERE a.type = 'training' AND a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${filtered ? 'AND a.site_id IN (SELECT value FROM json_each(@sites))' : ''})`, COUNT),
    periodParams).n);

  // ---- sums of the days: supplies, service units, exchange records, anonymous people ----
  const daySite = filtered ? 'AND site_id IN (SELECT value FROM json_each(@sites))' : '';
  const dayParams = periodParams;
  const measures = rowsOf(store, query(`SELECT measure, sum(value) AS value FROM rpt_day WHERE date BETWEEN @from AND @to ${daySite} GROUP BY measure`, MEASURE),
    dayParams);
  const category = new Map(items.map((i) => [String(i.id), i]));
  const supply: Record<string, number> = {};
  const services: Array<{ type: string; referral_to: string | null; n: number }> = [];
  const scalar: Record<string, number> = {};
  for (const { measure, value } of measures) {
    const [kind, a, b] = measure.split(':');
    if (kind === 's') {
      const item = category.get(a);
      if (!item) continue;
      const key = item.category === 'other' ? `o:${item.key}:${b}` : `${item.category}:${b}`;
      supply[key] = (supply[key] ?? 0) + num(value);
    } else if (kind === 'v') {
      services.push({ type: a, referral_to: b === '' || b === undefined ? null : b, n: num(value) });
    } else if (kind !== 'w') {
      scalar[measure] = num(value);
    }
  }
  const sup = (key: string) => supply[key] ?? 0;
  const units = (type: string) => services.filter((s) => s.type === type).reduce((a, s) => a + s.n, 0);

  // ---- tests: from the facts of the days and the tested clients ----
  const pwidTested = num(store.row(query(`SELECT count(*) AS n FROM temp.r_clients c JOIN clients cl ON cl.id = c.client_id WHERE c.tested = 1 AND cl.injects = 'yes'`, COUNT))?.n);
  const newPositive: Record<string, number> = {};
  for (const inf of INFECTIONS) {
    const known = num(rowOf(store, query(`SELECT count(*) AS n FROM temp.r_clients c WHERE c.pos_${inf} = 1 AND ${earlier(`pos_${inf}`)}`, COUNT), { fm: m.fm, before: m.before }).n);
    // A positive without a code counts as new.
    newPositive[inf] = known + (scalar[`tna:${inf}`] ?? 0);
  }
  const prefixed = (prefix: string) => Object.entries(scalar).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => ({ k: k.slice(prefix.length), n }));

  // ---- outreach: sessions (not voided) and outreach contacts ----
  const oSite = filtered ? 'AND o.site_id IN (SELECT value FROM json_each(@sites))' : '';
  const sessionsOfPeriod = `outreach_sessions o WHERE o.voided_at IS NULL AND o.date BETWEEN @from AND @to ${oSite}`;
  const outreach = rowOf(store, query(`SELECT
        (SELECT count(*) FROM (
          SELECT w.staff_id FROM outreach_workers w JOIN ${sessionsOfPeriod.replace('outreach_sessions o WHERE', 'outreach_sessions o ON o.id = w.session_id WHERE')}
          UNION SELECT CAST(substr(measure, 3) AS INTEGER) FROM rpt_day WHERE measure >= 'w:' AND measure < 'w;' AND date BETWEEN @from AND @to ${daySite})) AS workers,
        (SELECT count(*) FROM (
          SELECT o.site_id FROM ${sessionsOfPeriod}
          UNION SELECT site_id FROM rpt_day WHERE measure = 'o' AND site_id != 0 AND date BETWEEN @from AND @to ${daySite})) AS places,
        (SELECT count(*) FROM (
          SELECT o.date, o.site_id FROM ${sessionsOfPeriod}
          UNION SELECT date, site_id FROM rpt_day WHERE measure = 'o' AND date BETWEEN @from AND @to ${daySite})) AS sessions`, OUTREACH),
    dayParams);

  // ---- activities ----
  const aSite = filtered ? 'AND a.site_id IN (SELECT value FROM json_each(@sites))' : '';
  const activities = rowOf(store, query(`SELECT
        coalesce(sum(a.type = 'meeting'), 0) AS meetings,
        coalesce(sum(CASE WHEN a.type = 'meeting' THEN a.participants END), 0) AS participants,
        coalesce(sum(a.type = 'media'), 0) AS media
      FROM activities a WHERE a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${aSite}`, ACTIVITIES), dayParams);
  const byInstitution = rowsOf(store, query(`SELECT a.institution AS k, sum(a.participants) AS n FROM activities a
      WHERE a.type = 'meeting' AND a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${aSite} GROUP BY a.institution`, NULLABLE_PART),
    dayParams);

  // ---- the figures ----
  const participants = num(reach.participants);
  const syringesOut = sup('syringe:out');
  const estimate = rules.pwidPopulationEstimate && rules.pwidPopulationEstimate > 0 ? rules.pwidPopulationEstimate : null;
  const svc = {
    information: units('information'),
    consultation: units('consultation'),
    health_education: units('health_education'),
    referral: units('referral'),
    nsp_exchange: num(scalar.x),
  };
  const reachedTotal = (scalar.rs ?? 0) + (scalar.rp ?? 0);
  const gpByType = parts(PARTS.gp_by_type, services.filter((s) => (MEDICAL_SERVICES as readonly string[]).includes(s.type)).map((s) => ({ k: s.type, n: s.n })));

  const out: Indicators = {
    clients: num(reach.clients),
    nsp_participants: participants,
    new_clients: newClients,
    new_nsp_participants: newParticipants,
    regular_clients: num(reach.regular),
    regular_nsp_access: num(reach.regular_access),
    nsp_coverage: estimate === null ? null : round1((participants / estimate) * 100),
    anonymous_contacts: num(scalar.ao),
    visits: num(reach.visit_days),
    clients_by_sex: parts(PARTS.clients_by_sex, bySex),
    clients_by_age: parts(PARTS.clients_by_age, byAge),
    syringes_distributed: syringesOut,
    needles_distributed: sup('needle:out'),
    syringes_collected: sup('syringe:in'),
    needles_collected: sup('needle:in'),
    syringe_return_rate: syringesOut === 0 ? null : round1((sup('syringe:in') / syringesOut) * 100),
    syringes_per_participant: participants === 0 ? null : round1(syringesOut / participants),
    syringes_per_participant_month: participants === 0 || p.months <= 0 ? null : round1(syringesOut / participants / p.months),
    syringes_per_pwid_year: estimate === null || p.months <= 0 ? null : round1(((syringesOut / estimate) * 12) / p.months),
    alcohol_pads_distributed: sup('alcohol_pad:out'),
    disinfectants_distributed: sup('disinfectant:out'),
    condoms_distributed: sup('condom:out'),
    other_commodities: Object.fromEntries(other.map((i) => [i.key, sup(`o:${i.key}:out`)])),
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
    gp_clients: num(reach.gp_known) + num(scalar.ga),
    gp_by_type: gpByType,
    tests_by_type: parts(PARTS.tests_by_type, prefixed('t:')),
    persons_tested: num(reach.tested) + (scalar.tn ?? 0),
    pwid_tested: pwidTested,
    positive_results: { hiv: scalar['tp:hiv'] ?? 0, hbv: scalar['tp:hbv'] ?? 0, hcv: scalar['tp:hcv'] ?? 0 },
    new_positive_cases: newPositive,
    tests_by_setting: parts(PARTS.tests_by_setting, prefixed('ts:')),
    secondary_exchange_peers: num(reach.peers),
    reached_secondary_street: scalar.rs ?? 0,
    reached_secondary_points: scalar.rp ?? 0,
    reached_secondary_total: reachedTotal,
    reached_secondary_per_month: p.months <= 0 ? null : Math.floor(reachedTotal / p.months + 1e-9),
    secondary_points_active: prefixed('pt:').filter((x) => x.n > 0).length,
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
