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
import { factsAreStale, FIRST_KINDS, refreshFacts, useMemoryTemp } from './facts';
import { CORE_ITEMS, INFECTIONS, MEDICAL_SERVICES, REFERRAL_DESTINATIONS } from '../../shared/domain';
import { PARTS, round1, type Indicators } from '../../shared/indicators';
import { monthsOf } from '../../shared/dates';
import { fieldFigures, type FieldKey } from './field';

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
const REACH = z.object({
  clients: z.number(), participants: z.number(), regular: z.number(), regular_access: z.number(),
  visit_days: z.number(), peers: z.number(), gp_known: z.number(), tested: z.number(),
});
const MEASURE = z.object({ measure: z.string(), value: z.number() });

/** Named parameters (`@from`), which store.row/rows (positional) do not take. */
type Named = Record<string, Param>;

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

/**
 * The temporary tables of one report, in memory (temp_store) and only for this connection: the
 * report's buckets (the whole period and, for a monthly report, each of its months) and the
 * clients of each bucket with what they did in it.
 */
function ensureTempTables(store: Store): void {
  useMemoryTemp(store);
  store.sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS r_buckets (
      bucket TEXT PRIMARY KEY,
      date_from TEXT NOT NULL,
      date_to TEXT NOT NULL,
      fm TEXT NOT NULL,
      before INTEGER NOT NULL,
      to_year INTEGER NOT NULL,
      month_count INTEGER NOT NULL
    );
    CREATE TEMP TABLE IF NOT EXISTS r_bucket_clients (
      bucket TEXT NOT NULL,
      client_id INTEGER NOT NULL,
      visit_days INTEGER NOT NULL,
      max_days INTEGER NOT NULL,
      exch_months INTEGER NOT NULL,
      peers INTEGER NOT NULL,
      med INTEGER NOT NULL,
      trained INTEGER NOT NULL,
      tested INTEGER NOT NULL,
      pos_hiv INTEGER NOT NULL,
      pos_hbv INTEGER NOT NULL,
      pos_hcv INTEGER NOT NULL,
      PRIMARY KEY (bucket, client_id)
    ) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS r_client_info (
      client_id INTEGER PRIMARY KEY,
      sex TEXT NOT NULL,
      birth_year INTEGER,
      injects TEXT NOT NULL,
      ${FIRST_KINDS.map((k) => `first_${k} TEXT, bit_${k} INTEGER`).join(',\n      ')}
    );`);
}

function clearTempTables(store: Store): void {
  store.sqlite.exec('DELETE FROM temp.r_bucket_clients; DELETE FROM temp.r_buckets; DELETE FROM temp.r_client_info;');
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

/** A calendar month of a monthly report, cut to the period (the first and last may be partial). */
export interface EngineMonth {
  month: string;
  from: string;
  to: string;
  /** Months in the slice (shared/dates monthsInPeriod), unrounded. */
  months: number;
}

/** Every indicator of shared/indicators.ts for one period and site set. */
export function computeIndicators(store: Store, p: EnginePeriod, rules: EngineRules, items: readonly CatalogueItem[]): Indicators {
  return computeReport(store, p, [], rules, items).indicators;
}

/**
 * Every indicator for the period and, in the same pass, for each of the given months of it: each
 * statement reads the period's facts once and groups them by month (a "bucket"; the whole period
 * is the bucket 'all'), so a monthly report costs little more than the period alone.
 */
export function computeReport(store: Store, p: EnginePeriod, months: readonly EngineMonth[], rules: EngineRules, items: readonly CatalogueItem[]):
  { indicators: Indicators; monthly: Indicators[] } {
  ensureTempTables(store);
  // One read transaction: every figure comes from the same snapshot even if the desk saves a visit
  // meanwhile. Facts marked stale in that snapshot are recounted first (a short write), then read again.
  for (let attempt = 0; ; attempt++) {
    const result = store.sqlite.transaction(() => {
      if (factsAreStale(store)) return null;
      clearTempTables(store);
      try {
        return compute(store, p, months, rules, items);
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

/** One bucket of a report: the whole period ('all') or one of its months. */
interface Bucket {
  key: string;
  from: string;
  to: string;
  /** Months in the bucket, unrounded (the per-month figures divide by it). */
  months: number;
}

const ALL = 'all';

/** What the statements counted for one bucket, before the figures are made of it. */
interface Raw {
  reach: z.infer<typeof REACH> & { new_clients: number; new_participants: number; new_hiv: number; new_hbv: number; new_hcv: number };
  bySex: Array<{ k: string; n: number }>;
  byAge: Array<{ k: string; n: number }>;
  trained: number;
  pwidTested: number;
  supply: Record<string, number>;
  services: Map<string, { type: string; referral_to: string | null; n: number }>;
  scalar: Record<string, number>;
  outreach: { workers: number; places: number; sessions: number };
  activities: { meetings: number; participants: number; media: number };
  byInstitution: Array<{ k: string | null; n: number }>;
}

const emptyRaw = (): Raw => ({
  reach: { clients: 0, participants: 0, regular: 0, regular_access: 0, visit_days: 0, peers: 0, gp_known: 0, tested: 0, new_clients: 0, new_participants: 0, new_hiv: 0, new_hbv: 0, new_hcv: 0 },
  bySex: [], byAge: [], trained: 0, pwidTested: 0, supply: {}, services: new Map(), scalar: {},
  outreach: { workers: 0, places: 0, sessions: 0 }, activities: { meetings: 0, participants: 0, media: 0 }, byInstitution: [],
});

const BUCKET_REACH = REACH.extend({
  bucket: z.string(), new_clients: z.number(), new_participants: z.number(), new_hiv: z.number(), new_hbv: z.number(), new_hcv: z.number(),
});
const BUCKET_NULLABLE_PART = z.object({ bucket: z.string(), k: z.string().nullable(), n: z.number() });
const BUCKET_COUNT = z.object({ bucket: z.string(), n: z.number() });
const BUCKET_MEASURE = MEASURE.extend({ bucket: z.string() });
const BUCKET_CLIENTS = z.object({ bucket: z.string(), sex: z.string(), age: z.string(), pwid_tested: z.number(), n: z.number() });
const OUTREACH_ROW = z.object({ date: z.string(), site: z.number(), staff: z.number().nullable(), session: z.number() });
const BUCKET_ACTIVITY_SUMS = z.object({ bucket: z.string(), participants: z.number(), media: z.number() });
const BUCKET_MEETING = z.object({ bucket: z.string(), date: z.string(), site: z.number(), title: z.string() });

/** Days from `from` to `to`, both included (calendar dates, no time zone). */
function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function compute(store: Store, p: EnginePeriod, monthSlices: readonly EngineMonth[], rules: EngineRules, items: readonly CatalogueItem[]):
  { indicators: Indicators; monthly: Indicators[] } {
  const { from, to } = p;
  const m = periodMasks(from, to);
  const sites = JSON.stringify(p.siteIds);
  const filtered = p.siteIds.length > 0;
  const periodParams: Named = filtered ? { from, to, sites } : { from, to };
  const st = (sql: string) => store.stmt(sql);
  const monthly = monthSlices.length > 0;

  const buckets: Bucket[] = [{ key: ALL, from, to, months: p.months }, ...monthSlices.map((s) => ({ key: s.month, from: s.from, to: s.to, months: s.months }))];
  const addBucket = st(`INSERT INTO temp.r_buckets (bucket, date_from, date_to, fm, before, to_year, month_count) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const b of buckets) {
    const bm = periodMasks(b.from, b.to);
    addBucket.run(b.key, b.from, b.to, bm.fm, bm.before, Number(b.to.slice(0, 4)), monthsOf(b.from, b.to).length);
  }
  const raw = new Map(buckets.map((b) => [b.key, emptyRaw()]));
  const rawOf = (bucket: string): Raw => {
    const r = raw.get(bucket);
    if (!r) throw new Error(`A report statement answered for an unknown bucket: ${bucket}`);
    return r;
  };

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
  // Each client-month cut to the period: nd its days inside the period, the masks likewise.
  const masked = `SELECT client_id, month, CASE WHEN mask = ${ALL_DAYS} THEN n_days ELSE ${popcount('(days & mask)')} END AS nd,
          ${MASKS.map((k) => `${k} & mask AS ${k}`).join(', ')}
        FROM (SELECT src.*, CASE month WHEN @fm THEN @fmask WHEN @tm THEN @tmask ELSE ${ALL_DAYS} END AS mask FROM src)`;
  const into = `INSERT INTO temp.r_bucket_clients (bucket, client_id, visit_days, max_days, exch_months, ${MASKS.slice(1).join(', ')})`;
  // A monthly report: one row per client and month (the month's bucket), then the period's rows from them.
  const clientRows = monthly
    ? `${into} SELECT month, client_id, nd, nd, exch != 0, ${MASKS.slice(1).map((k) => `${k} != 0`).join(', ')} FROM (${masked}) WHERE nd > 0`
    : `${into} SELECT '${ALL}', client_id, sum(nd), max(nd), sum(exch != 0), ${MASKS.slice(1).map((k) => `max(${k} != 0)`).join(', ')} FROM (${masked})
        WHERE nd > 0 GROUP BY client_id`;
  st(`WITH ${filtered && p.siteIds.length > 1 ? 'RECURSIVE ' : ''}${src} ${clientRows}`)
    .run({ site: filtered ? p.siteIds[0] : -1, sites, fm: m.fm, tm: m.tm, fmask: m.fmask, tmask: m.tmask });
  if (monthly) {
    st(`${into} SELECT '${ALL}', client_id, sum(visit_days), max(max_days), sum(exch_months), ${MASKS.slice(1).map((k) => `max(${k})`).join(', ')}
        FROM temp.r_bucket_clients WHERE bucket != '${ALL}' GROUP BY client_id`).run();
  }

  // What the report needs of each client of the period, read once per client (not once per client and
  // month): sex, birth year, injecting, and the first month and day of each kind (rpt_client_first).
  st(`INSERT INTO temp.r_client_info (client_id, sex, birth_year, injects, ${FIRST_KINDS.map((k) => `first_${k}, bit_${k}`).join(', ')})
      SELECT c.client_id, cl.sex, cl.birth_year, cl.injects, ${FIRST_KINDS.map((k) => `f_${k}.month, f_${k}.bit`).join(', ')}
      FROM temp.r_bucket_clients c JOIN clients cl ON cl.id = c.client_id
      ${FIRST_KINDS.map((k) => `LEFT JOIN rpt_client_first f_${k} ON f_${k}.client_id = c.client_id AND f_${k}.kind = '${k}'`).join('\n      ')}
      WHERE c.bucket = '${ALL}'`).run();
  // New in a bucket: the client's first such day ever (any site, whatever the filter) is not before
  // the bucket's first day: not in an earlier month, nor in the bucket's first month before its first day.
  const isNew = (kind: (typeof FIRST_KINDS)[number]) => `coalesce(NOT (i.first_${kind} < b.fm OR (i.first_${kind} = b.fm AND (i.bit_${kind} & b.before) != 0)), 1)`;
  for (const r of rowsOf(store, query(`SELECT c.bucket, count(*) AS clients,
        coalesce(sum(c.exch_months > 0), 0) AS participants,
        coalesce(sum(c.max_days >= @regular), 0) AS regular,
        coalesce(sum(c.exch_months = b.month_count), 0) AS regular_access,
        coalesce(sum(c.visit_days), 0) AS visit_days,
        coalesce(sum(c.peers), 0) AS peers,
        coalesce(sum(c.med), 0) AS gp_known,
        coalesce(sum(c.tested), 0) AS tested,
        coalesce(sum(${isNew('days')}), 0) AS new_clients,
        coalesce(sum(CASE WHEN c.exch_months > 0 THEN ${isNew('exch')} ELSE 0 END), 0) AS new_participants,
        ${INFECTIONS.map((inf) => `coalesce(sum(CASE WHEN c.pos_${inf} = 1 THEN ${isNew(`pos_${inf}`)} ELSE 0 END), 0) AS new_${inf}`).join(', ')}
      FROM temp.r_bucket_clients c JOIN temp.r_buckets b ON b.bucket = c.bucket JOIN temp.r_client_info i ON i.client_id = c.client_id
      GROUP BY c.bucket`, BUCKET_REACH), { regular: rules.regularMinVisitDays })) {
    rawOf(r.bucket).reach = r;
  }

  // Sex, age group and injecting of the clients of each bucket, in one pass over them.
  for (const r of rowsOf(store, query(`SELECT c.bucket, i.sex, CASE
        WHEN i.birth_year IS NULL THEN 'unknown'
        WHEN b.to_year - i.birth_year < 18 THEN 'under_18'
        WHEN b.to_year - i.birth_year < 25 THEN '18_24'
        WHEN b.to_year - i.birth_year < 35 THEN '25_34'
        WHEN b.to_year - i.birth_year < 45 THEN '35_44'
        ELSE '45_plus' END AS age, c.tested = 1 AND i.injects = 'yes' AS pwid_tested, count(*) AS n
      FROM temp.r_bucket_clients c JOIN temp.r_buckets b ON b.bucket = c.bucket JOIN temp.r_client_info i ON i.client_id = c.client_id
      GROUP BY c.bucket, i.sex, age, pwid_tested`, BUCKET_CLIENTS), {})) {
    const raw = rawOf(r.bucket);
    raw.bySex.push({ k: r.sex, n: r.n });
    raw.byAge.push({ k: r.age, n: r.n });
    if (r.pwid_tested) raw.pwidTested += num(r.n);
  }
  for (const r of rowsOf(store, query(`SELECT bucket, count(*) AS n FROM (
        SELECT bucket, client_id FROM temp.r_bucket_clients WHERE trained = 1
        UNION
        SELECT b.bucket, coalesce(c.merged_into_id, ac.client_id) FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
          JOIN temp.r_buckets b ON a.date BETWEEN b.date_from AND b.date_to
        WHERE a.type = 'training' AND a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${filtered ? 'AND a.site_id IN (SELECT value FROM json_each(@sites))' : ''})
      GROUP BY bucket`, BUCKET_COUNT), periodParams)) rawOf(r.bucket).trained = num(r.n);

  // ---- sums of the days: supplies, service units, exchange records, tests, anonymous people ----
  // Additive: the period's sums are the sums of its months', so the days are read once.
  const daySite = filtered ? 'AND site_id IN (SELECT value FROM json_each(@sites))' : '';
  const dayBucket = monthly ? 'substr(date, 1, 7)' : `'${ALL}'`;
  const measures = rowsOf(store, query(`SELECT ${dayBucket} AS bucket, measure, sum(value) AS value FROM rpt_day
      WHERE date BETWEEN @from AND @to ${daySite} GROUP BY 1, measure`, BUCKET_MEASURE), periodParams);
  const category = new Map(items.map((i) => [String(i.id), i]));
  for (const { bucket, measure, value } of measures) {
    const [kind, a, b] = measure.split(':');
    for (const r of bucket === ALL ? [rawOf(ALL)] : [rawOf(bucket), rawOf(ALL)]) {
      if (kind === 's') {
        const item = category.get(a);
        if (!item) continue;
        const key = item.category === 'other' ? `o:${item.key}:${b}` : `${item.category}:${b}`;
        r.supply[key] = (r.supply[key] ?? 0) + num(value);
      } else if (kind === 'v') {
        const referral = b === '' || b === undefined ? null : b;
        const key = `${a}:${referral ?? ''}`;
        const had = r.services.get(key);
        if (had) had.n += num(value);
        else r.services.set(key, { type: a, referral_to: referral, n: num(value) });
      } else if (kind !== 'w') {
        r.scalar[measure] = (r.scalar[measure] ?? 0) + num(value);
      }
    }
  }

  // ---- outreach: workers, places and sessions (sessions not voided, and outreach contacts) ----
  // Distinct counts, so not additive: the few rows of the period are read once and counted per bucket here.
  const oSite = filtered ? 'AND o.site_id IN (SELECT value FROM json_each(@sites))' : '';
  const seen = new Map(buckets.map((b) => [b.key, { workers: new Set<number>(), places: new Set<number>(), sessions: new Set<string>() }]));
  const bucketsOf = (date: string) => {
    const all = seen.get(ALL);
    const month = monthly ? seen.get(date.slice(0, 7)) : undefined;
    if (!all) throw new Error('A report has no bucket for its period.');
    return month ? [all, month] : [all];
  };
  for (const r of rowsOf(store, query(`SELECT o.date, o.site_id AS site, w.staff_id AS staff, 1 AS session
        FROM outreach_sessions o LEFT JOIN outreach_workers w ON w.session_id = o.id WHERE o.voided_at IS NULL AND o.date BETWEEN @from AND @to ${oSite}
      UNION ALL
      SELECT date, site_id, CASE WHEN measure = 'o' THEN NULL ELSE CAST(substr(measure, 3) AS INTEGER) END, measure = 'o' FROM rpt_day
        WHERE date BETWEEN @from AND @to ${daySite} AND (measure = 'o' OR (measure >= 'w:' AND measure < 'w;'))`, OUTREACH_ROW), periodParams)) {
    for (const b of bucketsOf(r.date)) {
      if (r.staff !== null) b.workers.add(r.staff);
      if (r.session === 1) {
        // An outreach contact without a site is a session but not a place.
        if (r.site !== 0) b.places.add(r.site);
        b.sessions.add(`${r.date}|${r.site}`);
      }
    }
  }
  for (const [key, o] of seen) rawOf(key).outreach = { workers: o.workers.size, places: o.places.size, sessions: o.sessions.size };

  // ---- activities ----
  const aSite = filtered ? 'AND a.site_id IN (SELECT value FROM json_each(@sites))' : '';
  const activitiesOf = `activities a JOIN temp.r_buckets b ON a.date BETWEEN b.date_from AND b.date_to
      WHERE a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${aSite}`;
  for (const r of rowsOf(store, query(`SELECT b.bucket,
        coalesce(sum(CASE WHEN a.type = 'meeting' THEN a.participants END), 0) AS participants,
        coalesce(sum(a.type = 'media'), 0) AS media
      FROM ${activitiesOf} GROUP BY b.bucket`, BUCKET_ACTIVITY_SUMS), periodParams)) rawOf(r.bucket).activities = { ...r, meetings: 0 };
  // A meeting with several institutions is several rows with the same date, title and site
  // (trimmed, ignoring case): one meeting. Meetings are few; they are grouped here, where the
  // case of Lithuanian letters folds as a person reads it (SQLite's lower() folds ASCII only).
  const meetingsSeen = new Map<string, Set<string>>();
  for (const r of rowsOf(store, query(`SELECT b.bucket, a.date, coalesce(a.site_id, 0) AS site, coalesce(a.title, '') AS title FROM ${activitiesOf}
      AND a.type = 'meeting'`, BUCKET_MEETING), periodParams)) {
    const set = meetingsSeen.get(r.bucket) ?? new Set<string>();
    set.add(`${r.date}\u0000${r.site}\u0000${r.title.trim().toLocaleLowerCase('lt')}`);
    meetingsSeen.set(r.bucket, set);
  }
  for (const [bucket, set] of meetingsSeen) rawOf(bucket).activities.meetings = set.size;
  for (const r of rowsOf(store, query(`SELECT b.bucket, a.institution AS k, sum(a.participants) AS n FROM ${activitiesOf}
      AND a.type = 'meeting' GROUP BY b.bucket, a.institution`, BUCKET_NULLABLE_PART), periodParams)) rawOf(r.bucket).byInstitution.push(r);

  const field = fieldFigures(store, buckets, { from, to, siteIds: p.siteIds, pwidPopulationEstimate: rules.pwidPopulationEstimate });
  const fieldOf = (bucket: string) => {
    const f = field.get(bucket);
    if (!f) throw new Error(`The field figures have no bucket ${bucket}`);
    return f;
  };
  const figures = (b: Bucket): Indicators => ({ ...assemble(rawOf(b.key), b, rules, items), ...fieldOf(b.key) });
  return { indicators: figures(buckets[0]), monthly: buckets.slice(1).map(figures) };
}

/** The figures of one bucket from what the statements counted. */
function assemble(raw: Raw, p: Bucket, rules: EngineRules, items: readonly CatalogueItem[]): Omit<Indicators, FieldKey> {
  const { reach, supply, scalar, outreach, activities } = raw;
  const services = [...raw.services.values()];
  const other = items.filter((i) => i.category === 'other');
  const sup = (key: string) => supply[key] ?? 0;
  const units = (type: string) => services.filter((s) => s.type === type).reduce((a, s) => a + s.n, 0);
  // A positive without a code counts as new.
  const newPositive = Object.fromEntries(INFECTIONS.map((inf) => [inf, num(reach[`new_${inf}`]) + (scalar[`tna:${inf}`] ?? 0)]));
  const prefixed = (prefix: string) => Object.entries(scalar).filter(([k]) => k.startsWith(prefix)).map(([k, n]) => ({ k: k.slice(prefix.length), n }));

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

  // A per-month figure is null for a period shorter than 28 days (indicators.md "Rounding").
  const perMonth = p.months > 0 && daysIn(p.from, p.to) >= 28;
  const out: Omit<Indicators, FieldKey> = {
    clients: num(reach.clients),
    nsp_participants: participants,
    new_clients: num(reach.new_clients),
    new_nsp_participants: num(reach.new_participants),
    regular_clients: num(reach.regular),
    regular_nsp_access: num(reach.regular_access),
    nsp_coverage: estimate === null ? null : round1((participants / estimate) * 100),
    anonymous_contacts: num(scalar.ao),
    visits: num(reach.visit_days),
    clients_by_sex: parts(PARTS.clients_by_sex, raw.bySex),
    clients_by_age: parts(PARTS.clients_by_age, raw.byAge),
    syringes_distributed: syringesOut,
    needles_distributed: sup('needle:out'),
    syringes_collected: sup('syringe:in'),
    needles_collected: sup('needle:in'),
    syringe_return_rate: syringesOut === 0 ? null : round1((sup('syringe:in') / syringesOut) * 100),
    syringes_per_participant: participants === 0 ? null : round1(syringesOut / participants),
    syringes_per_participant_month: participants === 0 || !perMonth ? null : round1(syringesOut / participants / p.months),
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
    pwid_tested: raw.pwidTested,
    positive_results: { hiv: scalar['tp:hiv'] ?? 0, hbv: scalar['tp:hbv'] ?? 0, hcv: scalar['tp:hcv'] ?? 0 },
    new_positive_cases: newPositive,
    tests_by_setting: parts(PARTS.tests_by_setting, prefixed('ts:')),
    secondary_exchange_peers: num(reach.peers),
    reached_secondary_street: scalar.rs ?? 0,
    reached_secondary_points: scalar.rp ?? 0,
    reached_secondary_total: reachedTotal,
    reached_secondary_per_month: !perMonth ? null : Math.floor(reachedTotal / p.months + 1e-9),
    secondary_points_active: prefixed('pt:').filter((x) => x.n > 0).length,
    clients_trained_secondary: raw.trained,
    outreach_workers: num(outreach.workers),
    outreach_places: num(outreach.places),
    outreach_sessions: num(outreach.sessions),
    meetings: num(activities.meetings),
    meeting_participants: num(activities.participants),
    // A meeting without an institution type is counted under "other": the parts add up to meeting_participants.
    meeting_participants_by_institution: parts(PARTS.meeting_participants_by_institution, raw.byInstitution, 'other'),
    media_items: num(activities.media),
  };
  return out;
}
