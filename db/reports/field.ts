// The figures of what the field needs next (issue 17; indicators.md "Overdose and naloxone",
// "Care after a positive test", "How new clients came", referral outcomes, pharmacotherapy and
// needles-and-syringes): counted from their own records for each bucket of a report (the
// whole period and, for a monthly report, each month), and merged by the engine into the
// figures it counts itself (engine.ts `compute`).
//
// Called by the engine inside its read transaction (one snapshot, the report facts fresh). What is
// counted per client (cascades, pharmacotherapy, new clients) starts from each bucket's clients,
// read once from the period's client-months (rpt_client_month, by its key), and from the few
// clients each figure can concern (new in the period, positive by its end, with an RNA test, a care
// step or a pharmacotherapy change), never from the whole history of visits. What the report facts
// already sum (syringes, needles, naloxone kits, referral units) is read from rpt_day; the lines the
// facts do not split (naloxone by recipient, referrals by outcome) through the partial indexes of
// migration 008, within the ids of the period's visits; overdoses and trainings are few.
// Voided records never count: voided visits (and so their lines and tests), overdose reports,
// activities, care steps and pharmacotherapy changes are left out.
import { z } from 'zod';
import { query, type Param, type Query, type Store } from '../store';
import { PARTS, round1, type Indicators } from '../../shared/indicators';

/** The indicator keys this module computes; the engine computes every other one. */
export type FieldKey =
  | 'needles_syringes_distributed' | 'needles_syringes_per_pwid_year'
  | 'referrals_by_outcome' | 'referral_arrival_rate' | 'clients_in_pharmacotherapy'
  | 'naloxone_kits_distributed' | 'naloxone_recipients' | 'overdose_response_trained' | 'overdoses_reported' | 'overdoses_naloxone_given'
  | 'hcv_cascade' | 'hiv_cascade'
  | 'new_clients_by_route' | 'new_clients_via_secondary';
export type FieldFigures = Pick<Indicators, FieldKey>;

/** One bucket of a report, as the engine makes them. */
export interface FieldBucket {
  key: string;
  from: string;
  to: string;
  /** Months in the bucket, unrounded. */
  months: number;
}

export interface FieldPeriod {
  from: string;
  to: string;
  /** Empty: every site. */
  siteIds: readonly number[];
  pwidPopulationEstimate: number | null;
}

const ALL = 'all';

/**
 * The seven core items of migration 001 (syringe, its two sizes, needle, alcohol pad,
 * disinfectant, condom) have ids 1 to 7 in every file: the index of lines of the other items
 * (migration 008, supply_lines_other_item) holds the lines of items with a higher id only, and a
 * query uses it when it says so in these words.
 */
const OTHER_ITEMS = 'item_id > 7';
const FIRST_OTHER_ITEM_ID = 8;

const ITEMS = query('SELECT id, key, category FROM items', z.object({ id: z.number(), key: z.string(), category: z.string() }));
const SUMS = z.object({ bucket: z.string(), ns: z.number(), nal: z.number(), ref: z.number() });
const ID_RANGE = z.object({ lo: z.number().nullable(), hi: z.number().nullable() });
const NALOXONE_VISIT = z.object({ date: z.string(), client: z.number().nullable(), anon: z.number() });
const OUTCOME_ROW = z.object({ date: z.string(), outcome: z.string(), n: z.number() });
const CLIENT_MONTH = z.object({ client: z.number(), month: z.string() });
const CLIENT_MONTHS = z.object({ client: z.number(), months: z.number() });
const FIRST_ROW = z.object({ client: z.number(), kind: z.enum(['days', 'pos_hcv', 'pos_hiv', 'rna', 'rna_pos']), month: z.string(), bit: z.number() });
const ROUTE_ROW = z.object({ id: z.number(), came_via: z.string() });
const MERGED = query('SELECT id, merged_into_id FROM clients WHERE merged_into_id IS NOT NULL', z.object({ id: z.number(), merged_into_id: z.number() }));
const STEP_ROW = z.object({ client: z.number(), part: z.string(), date: z.string() });
const CHANGE_ROW = z.object({ client: z.number(), date: z.string(), status: z.number() });
const RECORD_ROW = z.object({ date: z.string(), outcome: z.string().nullable(), given_by: z.string().nullable(), trained: z.number() });

type Named = Record<string, Param>;

/** Store's check for rows: the first row against the declared shape (the rest come from the same statement). */
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

const zeros = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 0]));

/** What the statements counted for one bucket. */
interface Counts {
  ns: number;
  nal: number;
  ref: number;
  outcomes: Record<string, number>;
  naloxoneClients: Set<number>;
  naloxoneAnonymous: number;
  pharmacotherapy: number;
  trained: number;
  overdoses: Record<string, number>;
  naloxoneBy: Record<string, number>;
  hcv: Record<string, number>;
  hiv: Record<string, number>;
  routes: Record<string, number>;
}

const emptyCounts = (): Counts => ({
  ns: 0, nal: 0, ref: 0, outcomes: zeros(PARTS.referrals_by_outcome), naloxoneClients: new Set(), naloxoneAnonymous: 0, pharmacotherapy: 0, trained: 0,
  overdoses: zeros(PARTS.overdoses_reported), naloxoneBy: zeros(PARTS.overdoses_naloxone_given), hcv: zeros(PARTS.hcv_cascade), hiv: zeros(PARTS.hiv_cascade),
  routes: zeros(PARTS.new_clients_by_route),
});

/** Adds n to a part when the part is one of the figure's (a value outside the lists is left out, never invented). */
function add(parts: Record<string, number>, key: string, n: number): void {
  if (key in parts) parts[key] += n;
}

const ALL_DAYS = 0x7fffffff;

/** The days of a month from `day` on (`from`), or up to it (`to`), as a mask of rpt_client_month's day bits. */
const daysFrom = (day: number): number => ALL_DAYS - (2 ** (day - 1) - 1);
const daysUpTo = (day: number): number => (day >= 31 ? ALL_DAYS : 2 ** day - 1);

/** Months since the year 0 of a 'YYYY-MM' month, in SQL and in JS. */
const monthNumberSql = (col: string): string => `(CAST(substr(${col}, 1, 4) AS INTEGER) * 12 + CAST(substr(${col}, 6, 2) AS INTEGER))`;
const monthNumber = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
/** A month's bit in a mask of the period's months fits SQLite's 64-bit integers (and a double, exactly) for up to 52 months. */
const MAX_MASK_MONTHS = 52;

/** What a first day of rpt_client_first says: a visit, an HCV positive (not RNA), an HIV positive, an HCV RNA test, a positive one. */
export type FirstKind = 'days' | 'pos_hcv' | 'pos_hiv' | 'rna' | 'rna_pos';

/**
 * The clients of a report's buckets, and each one's first days ever (any site, whatever the filter).
 * The engine counts the same (engine.ts countClients) and may pass them to fieldFigures; without
 * them fieldFigures reads them itself (readBucketClients).
 */
export interface BucketClients {
  /** Every client with a visit in the period at the sites chosen. */
  all(): Iterable<number>;
  /** Whether the client had a visit in the bucket at the sites chosen. */
  has(bucket: string, client: number): boolean;
  /**
   * The client's first day of the kind, YYYY-MM-DD, or null when it has none. Only its order
   * against the buckets' first and last days is used: a day before the period may be given as any
   * day before it (the engine knows those only as "before the period").
   */
  first(kind: FirstKind, client: number): string | null;
}

/**
 * Each bucket's clients (a visit at the sites chosen; every site: rpt_client_month's site -1), from
 * one read of the period's client-months by their key (site, month), grouped by client in SQL (one
 * small row per client, its months as a mask; a month cut by the period counts only its days inside
 * it); then the first days of those clients, by rpt_client_first's key.
 */
export function readBucketClients(store: Store, p: FieldPeriod, buckets: readonly FieldBucket[]): BucketClients {
  const fm = p.from.slice(0, 7);
  const tm = p.to.slice(0, 7);
  const fmask = fm === tm ? daysFrom(+p.from.slice(8, 10)) & daysUpTo(+p.to.slice(8, 10)) : daysFrom(+p.from.slice(8, 10));
  const tmask = daysUpTo(+p.to.slice(8, 10));
  const base = monthNumber(fm);
  const monthly = buckets.length > 1;
  const site = p.siteIds.length <= 1 ? 'site_id = @site' : 'site_id IN (SELECT value FROM json_each(@sites))';
  const where = `FROM rpt_client_month WHERE ${site} AND month BETWEEN @fm AND @tm
      AND (CASE month WHEN @fm THEN days & @fmask WHEN @tm THEN days & @tmask ELSE days END) != 0`;
  const params = { site: p.siteIds.length === 1 ? p.siteIds[0] : -1, sites: JSON.stringify(p.siteIds), fm, tm, fmask, tmask, base };
  const index = new Map(buckets.filter((b) => b.key !== ALL).map((b) => [b.key, monthNumber(b.key) - base]));
  // Client id → bit i set when it had a visit in the period's i-th month (a monthly report's; 0 otherwise).
  let months: Map<number, number>;
  // Longer monthly reports: each month's clients as a set.
  let sets: Map<string, Set<number>> | null = null;
  if (monthly && monthNumber(tm) - base + 1 > MAX_MASK_MONTHS) {
    sets = new Map(buckets.map((b) => [b.key, new Set<number>()]));
    months = new Map();
    for (const r of rowsOf(store, query(`SELECT client_id AS client, month ${where}`, CLIENT_MONTH), params)) {
      months.set(r.client, 0);
      sets.get(r.month)?.add(r.client);
    }
  } else {
    const mask = monthly ? `sum(DISTINCT 1 << (${monthNumberSql('month')} - @base))` : '0';
    months = new Map(rowsOf(store, query(`SELECT client_id AS client, ${mask} AS months ${where} GROUP BY client_id`, CLIENT_MONTHS), params).map((r) => [r.client, r.months]));
  }
  const firsts: Record<FirstKind, Map<number, string>> = { days: new Map(), pos_hcv: new Map(), pos_hiv: new Map(), rna: new Map(), rna_pos: new Map() };
  if (months.size > 0) {
    for (const r of rowsOf(store, query(`SELECT f.client_id AS client, f.kind, f.month, f.bit
        FROM json_each(@ids) j CROSS JOIN rpt_client_first f ON f.client_id = j.value AND f.kind IN ('days', 'pos_hcv', 'pos_hiv', 'rna', 'rna_pos') AND f.month <= @tm`, FIRST_ROW),
    { ids: JSON.stringify([...months.keys()]), tm })) {
      // The bit of day d is 1 << (d - 1).
      firsts[r.kind].set(r.client, `${r.month}-${String(Math.round(Math.log2(r.bit)) + 1).padStart(2, '0')}`);
    }
  }
  return {
    all: () => months.keys(),
    has: (bucket, client) => {
      const m = months.get(client);
      if (m === undefined) return false;
      if (bucket === ALL) return true;
      if (sets) return sets.get(bucket)?.has(client) === true;
      const i = index.get(bucket);
      return i !== undefined && Math.floor(m / 2 ** i) % 2 === 1;
    },
    first: (kind, client) => firsts[kind].get(client) ?? null,
  };
}

/**
 * The sums of rpt_day's measures over each bucket's days at the sites chosen: bucket key → measure →
 * sum (the whole period's bucket holding the sums of all its days). The engine reads every measure of
 * the period's days already and may pass them to fieldFigures; without them fieldFigures reads the
 * few it needs itself.
 */
export type DaySums = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** rpt_day's measures of referral units: 'v:referral:' and a destination (the range 'v:referral:' to 'v:referral;' in SQL). */
const REFERRAL_MEASURE = 'v:referral:';

/**
 * The figures of FieldKey for each bucket, keyed by the bucket's key. `known`: the buckets' clients
 * when the caller has them (the engine counts them already); `sums`: the sums of the period's days
 * (the engine reads them already); what is not given is read here.
 */
export function fieldFigures(store: Store, buckets: readonly FieldBucket[], p: FieldPeriod, known?: BucketClients, sums?: DaySums): Map<string, FieldFigures> {
  const counts = new Map(buckets.map((b) => [b.key, emptyCounts()]));
  const countsOf = (bucket: string): Counts => {
    const c = counts.get(bucket);
    if (!c) throw new Error(`A field figure's statement answered for an unknown bucket: ${bucket}`);
    return c;
  };
  const monthly = buckets.length > 1;
  /** The buckets a day belongs to: the whole period, and its month in a monthly report. */
  const bucketsOfDay = (date: string): Counts[] => (monthly ? [countsOf(ALL), countsOf(date.slice(0, 7))] : [countsOf(ALL)]);
  const filtered = p.siteIds.length > 0;
  const sites = JSON.stringify(p.siteIds);
  const period: Named = filtered ? { from: p.from, to: p.to, sites } : { from: p.from, to: p.to };
  const inSites = (column: string) => (filtered ? `AND ${column} IN (SELECT value FROM json_each(@sites))` : '');

  // ---- sums of the days (the report facts): needles and syringes, naloxone kits, referral units ----
  const items = store.rows(ITEMS);
  const outMeasure = (id: number) => `s:${Math.trunc(id)}:out`;
  const nsMeasures = items.filter((i) => i.category === 'syringe' || i.category === 'needle').map((i) => outMeasure(i.id));
  const naloxone = items.find((i) => i.key === 'naloxone');
  if (sums) {
    for (const b of buckets) {
      const c = countsOf(b.key);
      const of = sums.get(b.key);
      if (!of) continue;
      for (const m of nsMeasures) c.ns += of.get(m) ?? 0;
      if (naloxone) c.nal += of.get(outMeasure(naloxone.id)) ?? 0;
      for (const [m, v] of of) if (m.startsWith(REFERRAL_MEASURE)) c.ref += v;
    }
  } else {
    const needlesSyringes = nsMeasures.length ? nsMeasures.map((m) => `'${m}'`).join(', ') : `''`;
    const naloxoneMeasure = naloxone ? `'${outMeasure(naloxone.id)}'` : `''`;
    const dayBucket = monthly ? 'substr(date, 1, 7)' : `'${ALL}'`;
    for (const r of rowsOf(store, query(`SELECT ${dayBucket} AS bucket,
          coalesce(sum(CASE WHEN measure IN (${needlesSyringes}) THEN value END), 0) AS ns,
          coalesce(sum(CASE WHEN measure = ${naloxoneMeasure} THEN value END), 0) AS nal,
          coalesce(sum(CASE WHEN measure >= 'v:referral:' AND measure < 'v:referral;' THEN value END), 0) AS ref
        FROM rpt_day WHERE date BETWEEN @from AND @to ${inSites('site_id')}
          AND (measure IN (${needlesSyringes}, ${naloxoneMeasure}) OR (measure >= 'v:referral:' AND measure < 'v:referral;'))
        GROUP BY 1`, SUMS), period)) {
      for (const c of r.bucket === ALL ? [countsOf(ALL)] : [countsOf(r.bucket), countsOf(ALL)]) {
        c.ns += r.ns;
        c.nal += r.nal;
        c.ref += r.ref;
      }
    }
  }

  // ---- naloxone recipients and referral outcomes: lines of the period's visits ----
  // Only when there is something to find. Every visit of the period has an id between the lowest and
  // the highest id of the period's visits, so the lines are looked for in that range of the index.
  const whole = countsOf(ALL);
  if (whole.nal > 0 || whole.ref > 0) {
    // Each day's lowest and highest visit id are the ends of its run in the index by date: a look-up per day.
    const range = rowsOf(store, query(`WITH RECURSIVE d(day) AS (SELECT @from UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < @to)
        SELECT min((SELECT min(id) FROM visits WHERE date = d.day)) AS lo, max((SELECT max(id) FROM visits WHERE date = d.day)) AS hi FROM d`, ID_RANGE),
    { from: p.from, to: p.to })[0];
    const ids: Named = { ...period, lo: range?.lo ?? 0, hi: range?.hi ?? -1 };
    const visitOk = `v.voided_at IS NULL AND v.date BETWEEN @from AND @to ${inSites('v.site_id')}`;
    if (whole.nal > 0 && naloxone) {
      const useIndex = naloxone.id >= FIRST_OTHER_ITEM_ID ? `AND s.${OTHER_ITEMS}` : '';
      for (const r of rowsOf(store, query(`SELECT v.date, v.client_id AS client, v.anonymous_count AS anon
          FROM supply_lines s CROSS JOIN visits v ON v.id = s.visit_id
          WHERE s.item_id = @item ${useIndex} AND s.visit_id BETWEEN @lo AND @hi AND s.direction = 'out' AND ${visitOk}
          GROUP BY v.id`, NALOXONE_VISIT), { ...ids, item: naloxone.id })) {
        for (const c of bucketsOfDay(r.date)) {
          if (r.client === null) c.naloxoneAnonymous += r.anon;
          else c.naloxoneClients.add(r.client);
        }
      }
    }
    if (whole.ref > 0) {
      // Outcomes recorded; what has none is `unknown`: the units left of the period's referral units.
      for (const r of rowsOf(store, query(`SELECT v.date, sl.referral_outcome AS outcome, sum(sl.units) AS n
          FROM service_lines sl CROSS JOIN visits v ON v.id = sl.visit_id
          WHERE sl.type = 'referral' AND sl.visit_id BETWEEN @lo AND @hi AND sl.referral_outcome IS NOT NULL AND ${visitOk}
          GROUP BY v.date, sl.referral_outcome`, OUTCOME_ROW), ids)) {
        for (const c of bucketsOfDay(r.date)) add(c.outcomes, r.outcome, r.n);
      }
    }
  }

  // ---- the clients of each bucket (a visit in it, at the sites chosen), from the period's client-months ----
  const clients = known ?? readBucketClients(store, p, buckets);
  const inBucket = (bucket: string, client: number): boolean => clients.has(bucket, client);
  // New in a bucket as the engine counts new_clients: a client of the bucket whose first day ever (any
  // site) is not before the bucket's first day. Positive by a bucket's end: a first positive day on or before it.
  const newcomers: number[] = [];
  const positive: Array<{ client: number; hcv: string | null; hiv: string | null }> = [];
  for (const client of clients.all()) {
    const first = clients.first('days', client);
    if (first === null || first >= p.from) newcomers.push(client);
    const hcv = clients.first('pos_hcv', client);
    const hiv = clients.first('pos_hiv', client);
    if (hcv !== null || hiv !== null) positive.push({ client, hcv, hiv });
  }
  const route = new Map(newcomers.length === 0 ? [] : rowsOf(store, query(`SELECT cl.id, cl.came_via FROM json_each(@ids) j JOIN clients cl ON cl.id = j.value`, ROUTE_ROW),
    { ids: JSON.stringify(newcomers) }).map((r) => [r.id, r.came_via]));
  for (const b of buckets) {
    const c = countsOf(b.key);
    for (const client of newcomers) {
      const first = clients.first('days', client);
      if ((first === null || first >= b.from) && inBucket(b.key, client)) add(c.routes, route.get(client) ?? 'unknown', 1);
    }
    for (const x of positive) {
      if (!inBucket(b.key, x.client)) continue;
      if (x.hcv !== null && x.hcv <= b.to) c.hcv.antibody_positive++;
      if (x.hiv !== null && x.hiv <= b.to) c.hiv.positive++;
    }
  }

  // A merged code's records (care steps, pharmacotherapy changes) are the surviving client's.
  const merged = new Map(store.rows(MERGED).map((r) => [r.id, r.merged_into_id]));
  const survivor = (client: number): number => merged.get(client) ?? client;

  // The later steps: RNA tests (each client's first, and first positive: rpt_client_first, migration
  // 010) and care steps (through their index by client): each client's first day of each step.
  const firstStep = new Map<string, Map<number, string>>();
  const reach = (part: string, client: number, date: string) => {
    let byClient = firstStep.get(part);
    if (!byClient) firstStep.set(part, (byClient = new Map()));
    const had = byClient.get(client);
    if (had === undefined || date < had) byClient.set(client, date);
  };
  for (const client of clients.all()) {
    const tested = clients.first('rna', client);
    if (tested !== null) reach('hcv:rna_tested', client, tested);
    const positive = clients.first('rna_pos', client);
    if (positive !== null) reach('hcv:rna_positive', client, positive);
  }
  // Only the period's clients count (and the codes merged into them, whose records are theirs): their
  // steps and changes are read through the indexes by client, so a month of a long history reads the
  // records of the month's people, not every record ever made.
  const periodClients = JSON.stringify([...clients.all()]);
  const theirs = `WITH who(id) AS (SELECT value FROM json_each(@ids) UNION ALL SELECT c.id FROM json_each(@ids) j CROSS JOIN clients c ON c.merged_into_id = j.value)`;
  for (const r of rowsOf(store, query(`${theirs} SELECT s.client_id AS client, s.infection || ':' || s.step AS part, min(s.date) AS date
      FROM who CROSS JOIN care_steps s ON s.client_id = who.id WHERE s.voided_at IS NULL AND s.date <= @to GROUP BY s.client_id, s.infection, s.step`, STEP_ROW),
  { to: p.to, ids: periodClients })) {
    reach(r.part, survivor(r.client), r.date);
  }
  for (const [part, byClient] of firstStep) {
    const [infection, step] = part.split(':');
    for (const b of buckets) {
      const c = countsOf(b.key);
      let n = 0;
      for (const [client, date] of byClient) if (date <= b.to && inBucket(b.key, client)) n++;
      add(infection === 'hcv' ? c.hcv : c.hiv, step, n);
    }
  }

  // ---- opioid agonist therapy: each client's latest change on or before the bucket's last day ----
  // Each client's changes in order of date (and of entry on one day), then per bucket the last one up to its end.
  const changes = new Map<number, Array<{ date: string; status: number }>>();
  for (const r of rowsOf(store, query(`${theirs} SELECT x.client_id AS client, x.date, x.status FROM who CROSS JOIN pharmacotherapy_changes x ON x.client_id = who.id
      WHERE x.voided_at IS NULL AND x.date <= @to ORDER BY x.date, x.id`, CHANGE_ROW), { to: p.to, ids: periodClients })) {
    const client = survivor(r.client);
    const list = changes.get(client);
    if (list) list.push(r);
    else changes.set(client, [r]);
  }
  for (const b of buckets) {
    const c = countsOf(b.key);
    for (const [client, list] of changes) {
      if (!inBucket(b.key, client)) continue;
      let status = 0;
      for (const x of list) if (x.date <= b.to) status = x.status;
      if (status === 1) c.pharmacotherapy++;
    }
  }

  // ---- overdose reports and overdose-response trainings (records of their own, few) ----
  // Naloxone given with the giver not recorded is counted under `other`, so that the parts add up.
  for (const r of rowsOf(store, query(`SELECT o.date, o.outcome, CASE WHEN o.naloxone_given = 'yes' THEN coalesce(o.naloxone_by, 'other') END AS given_by, 1 AS trained
        FROM overdoses o WHERE o.voided_at IS NULL AND o.date BETWEEN @from AND @to ${inSites('o.site_id')}
      UNION ALL
      SELECT a.date, NULL, NULL, a.participants
        FROM activities a WHERE a.voided_at IS NULL AND a.type = 'training' AND a.topic = 'overdose_response' AND a.date BETWEEN @from AND @to ${inSites('a.site_id')}`,
  RECORD_ROW), period)) {
    for (const c of bucketsOfDay(r.date)) {
      if (r.outcome === null) {
        c.trained += r.trained;
        continue;
      }
      add(c.overdoses, r.outcome, 1);
      if (r.given_by !== null) add(c.naloxoneBy, r.given_by, 1);
    }
  }

  const estimate = p.pwidPopulationEstimate && p.pwidPopulationEstimate > 0 ? p.pwidPopulationEstimate : null;
  const out = new Map<string, FieldFigures>();
  for (const b of buckets) {
    const c = countsOf(b.key);
    const arrived = c.outcomes.arrived;
    const outcomes = { ...c.outcomes, unknown: c.ref - arrived - c.outcomes.not_arrived };
    out.set(b.key, {
      needles_syringes_distributed: c.ns,
      // As syringes_per_pwid_year (engine.ts): only with an estimate, and per year of the bucket's months.
      needles_syringes_per_pwid_year: estimate === null || b.months <= 0 ? null : round1(((c.ns / estimate) * 12) / b.months),
      referrals_by_outcome: outcomes,
      referral_arrival_rate: c.ref === 0 ? null : round1((arrived / c.ref) * 100),
      clients_in_pharmacotherapy: c.pharmacotherapy,
      naloxone_kits_distributed: c.nal,
      naloxone_recipients: c.naloxoneClients.size + c.naloxoneAnonymous,
      overdose_response_trained: c.trained,
      overdoses_reported: c.overdoses,
      overdoses_naloxone_given: c.naloxoneBy,
      hcv_cascade: c.hcv,
      hiv_cascade: c.hiv,
      new_clients_by_route: c.routes,
      new_clients_via_secondary: c.routes.peer + c.routes.point,
    });
  }
  return out;
}
