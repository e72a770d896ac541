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
import { daysInMonth, monthsOf } from '../../shared/dates';
import { fieldFigures, type BucketClients, type FieldKey, type FirstKind } from './field';

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
/** The per-client figures of a bucket, counted by countClients. */
interface Reach {
  clients: number; participants: number; regular: number; regular_access: number;
  visit_days: number; peers: number; gp_known: number; tested: number;
}
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

/** Raw rows (arrays, or single values with pluck), the first checked against its shape as store.rows does. */
function rawRows<R>(shape: z.ZodType<R>, rows: unknown[]): R[] {
  if (!firstIs(shape, rows)) throw new Error('A report statement\'s raw rows do not have the declared shape.');
  return rows;
}

function firstIs<R>(shape: z.ZodType<R>, rows: unknown[]): rows is R[] {
  if (rows.length === 0) return true;
  const first = shape.safeParse(rows[0]);
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
 * The temporary table of one report, in memory (temp_store) and only for this connection: the
 * report's buckets (the whole period and, for a monthly report, each of its months).
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
    );`);
}

function clearTempTables(store: Store): void {
  store.sqlite.exec('DELETE FROM temp.r_buckets;');
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
  // Up to the month's last day is the whole month (no later day has a bit).
  const upTo = toDay >= daysInMonth(+to.slice(0, 4), +to.slice(5, 7)) ? ALL_DAYS : (2 ** toDay) - 1;
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
  reach: Reach & { new_clients: number; new_participants: number; new_hiv: number; new_hbv: number; new_hcv: number };
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

const BUCKET_NULLABLE_PART = z.object({ bucket: z.string(), k: z.string().nullable(), n: z.number() });
const BUCKET_MEASURE = MEASURE.extend({ bucket: z.string() });
const OUTREACH_ROW = z.object({ date: z.string(), site: z.number(), staff: z.number().nullable(), session: z.number() });
const BUCKET_ACTIVITY_SUMS = z.object({ bucket: z.string(), participants: z.number(), media: z.number() });
const BUCKET_MEETING = z.object({ bucket: z.string(), date: z.string(), site: z.number(), title: z.string() });

/** Days from `from` to `to`, both included (calendar dates, no time zone). */
function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Months since the year 0 of a 'YYYY-MM' month: in SQL, of a column; in JS, of a string. */
const monthNumberSql = (col: string): string => `(CAST(substr(${col}, 1, 4) AS INTEGER) * 12 + CAST(substr(${col}, 6, 2) AS INTEGER))`;
const monthNumber = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/** Popcount of a 31-bit day mask in JS. */
function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function ageGroup(toYear: number, birthYear: number | null): string {
  if (birthYear === null) return 'unknown';
  const age = toYear - birthYear;
  return age < 18 ? 'under_18' : age < 25 ? '18_24' : age < 35 ? '25_34' : age < 45 ? '35_44' : '45_plus';
}

/** What a bucket's clients did, as Raw holds it. */
type ClientRaw = Pick<Raw, 'reach' | 'bySex' | 'byAge' | 'trained' | 'pwidTested'>;

/**
 * A client-month of the period packed in one number: ((its month's index in the period × 32 + its
 * days in the period) × 256 + its flags), bit i of the flags being MASKS[i]. Read with the client
 * as client × 2^21 + packed when that is exact (fewer than 256 months, client ids below 2^32).
 */
const FLAG = Object.fromEntries(MASKS.map((k, i) => [k, 1 << i])) as Record<(typeof MASKS)[number], number>;
const CLIENT_SHIFT = 2 ** 21;
/** A first day (rpt_client_first) relative to the period: its month's index × 2^32 + the day's bit; -1 before the period; null none. */
const FIRST_SCALE = 2 ** 32;
/** What countClients reads of a client: its slot, sex, birth year and injecting (its first days: FIRST_SCALE). */
const CLIENT_INFO = z.object({ slot: z.number(), sex: z.string(), birth_year: z.number().nullable(), injects: z.number() });
/** Each kind of first day's index in FIRST_KINDS (and in countClients' `first`). */
const K = Object.fromEntries(FIRST_KINDS.map((k, i) => [k, i])) as Record<(typeof FIRST_KINDS)[number], number>;
const isFirstKind = (kind: string): kind is (typeof FIRST_KINDS)[number] => Object.hasOwn(K, kind);
const MAX_CLIENT = query('SELECT coalesce(max(id), 0) AS n FROM clients', z.object({ n: z.number() }));

/**
 * The per-client figures of every bucket (the period and each of its months), from one read of the
 * period's client-months, each one number, counted here: the months cost the same read as the
 * period.
 */
function countClients(store: Store, p: EnginePeriod, buckets: readonly Bucket[], regularMinVisitDays: number): { raw: Map<string, ClientRaw>; clients: BucketClients } {
  const { from, to } = p;
  const m = periodMasks(from, to);
  const base = monthNumber(m.fm);
  const last = monthNumber(m.tm) - base;
  const whole = m.fmask === ALL_DAYS && m.tmask === ALL_DAYS;
  const multi = p.siteIds.length > 1;
  const monthly = buckets.length > 1;
  const site = p.siteIds.length === 1 ? p.siteIds[0] : -1;
  const params: Named = whole ? { fm: m.fm, tm: m.tm, site, base } : { fm: m.fm, tm: m.tm, site, base, fmask: m.fmask, tmask: m.tmask };

  // Each client-month cut to the period (its first and last month may be partial): its days there and its flags.
  const cut = (col: string) => whole ? col : `(${col} & CASE month WHEN @fm THEN @fmask WHEN @tm THEN @tmask ELSE ${ALL_DAYS} END)`;
  const nd = whole ? 'n_days' : `CASE month WHEN @fm THEN ${popcount('(days & @fmask)')} WHEN @tm THEN ${popcount('(days & @tmask)')} ELSE n_days END`;
  const flags = MASKS.map((k, i) => `((${cut(k)} != 0) << ${i})`).join(' | ');
  const packedSql = `((${monthNumberSql('month')} - @base) * 32 + ${nd}) * 256 + (${flags})`;
  const ofPeriod = `FROM rpt_client_month WHERE site_id = @site AND month BETWEEN @fm AND @tm`;
  const clientIds: number[] = [];
  const packed: number[] = [];
  if (!multi && last < 256 && (store.row(MAX_CLIENT)?.n ?? 0) < 2 ** 32) {
    const rows = rawRows(z.number(), store.stmt(`SELECT client_id * ${CLIENT_SHIFT} + ${packedSql} ${ofPeriod}`).pluck(true).all(params));
    for (const v of rows) {
      const c = Math.floor(v / CLIENT_SHIFT);
      clientIds.push(c);
      packed.push(v - c * CLIENT_SHIFT);
    }
  } else if (!multi) {
    for (const [c, v] of rawRows(z.tuple([z.number(), z.number()]), store.stmt(`SELECT client_id, ${packedSql} ${ofPeriod}`).raw(true).all(params))) {
      clientIds.push(c);
      packed.push(v);
    }
  } else {
    // Several sites: a day counts once however many of them the client came to, so the masks of a
    // client's month at each site are OR-ed.
    const rows = rawRows(z.array(z.number()), store.stmt(`SELECT client_id, ${monthNumberSql('month')} - @base, days, ${MASKS.join(', ')}
        FROM rpt_client_month WHERE site_id IN (SELECT value FROM json_each(@sites)) AND month BETWEEN @fm AND @tm`)
      .raw(true).all({ fm: m.fm, tm: m.tm, base, sites: JSON.stringify(p.siteIds) }));
    const ored = new Map<string, number[]>();
    for (const r of rows) {
      const key = `${r[0]}:${r[1]}`;
      const had = ored.get(key);
      if (!had) ored.set(key, r);
      else for (let j = 2; j < r.length; j++) had[j] |= r[j];
    }
    for (const r of ored.values()) {
      const mi = r[1];
      const mask = mi === 0 ? m.fmask : mi === last ? m.tmask : ALL_DAYS;
      let f = 0;
      for (let j = 0; j < MASKS.length; j++) if ((r[3 + j] & mask) !== 0) f |= 1 << j;
      clientIds.push(r[0]);
      packed.push((mi * 32 + bitCount(r[2] & mask)) * 256 + f);
    }
  }
  const daysOf = (v: number) => (v >>> 8) & 31;
  const indexOf = (v: number) => Math.floor(v / 8192);

  // Each client of the period once: its days, its most days in a month, its months with an exchange, and what it ever did.
  const slotOf = new Map<number, number>();
  const ids: number[] = [];
  const rowSlot = new Int32Array(clientIds.length);
  for (let i = 0; i < clientIds.length; i++) {
    if (daysOf(packed[i]) === 0) { rowSlot[i] = -1; continue; }
    let s = slotOf.get(clientIds[i]);
    if (s === undefined) {
      s = ids.length;
      slotOf.set(clientIds[i], s);
      ids.push(clientIds[i]);
    }
    rowSlot[i] = s;
  }
  const visitDays = new Int32Array(ids.length);
  const maxDays = new Int32Array(ids.length);
  const exchMonths = new Int32Array(ids.length);
  const ever = new Int32Array(ids.length);
  for (let i = 0; i < packed.length; i++) {
    const s = rowSlot[i];
    if (s < 0) continue;
    const d = daysOf(packed[i]);
    visitDays[s] += d;
    if (d > maxDays[s]) maxDays[s] = d;
    if (packed[i] & FLAG.exch) exchMonths[s]++;
    ever[s] |= packed[i] & 255;
  }

  // What the report needs of each client of the period, read once per client (not once per client and
  // month): sex, birth year and injecting; then every first day the facts keep of the client
  // (rpt_client_first, one run of its key per client: all kinds in one seek).
  const info = rowsOf(store, query(`SELECT j.key AS slot, cl.sex, cl.birth_year, cl.injects = 'yes' AS injects
      FROM json_each(@ids) j JOIN clients cl ON cl.id = j.value`, CLIENT_INFO), { ids: JSON.stringify(ids) });
  const sex: Array<string | undefined> = new Array(ids.length);
  const birthYear: Array<number | null> = new Array(ids.length);
  const injects = new Uint8Array(ids.length);
  const first: Array<Array<number | null>> = FIRST_KINDS.map(() => new Array<number | null>(ids.length).fill(null));
  for (const r of info) {
    const s = r.slot;
    sex[s] = r.sex;
    birthYear[s] = r.birth_year;
    injects[s] = r.injects;
  }
  const firstRows = rawRows(z.tuple([z.number(), z.string(), z.number()]), store.stmt(`SELECT j.key, f.kind,
        CASE WHEN f.month < @fm THEN -1 ELSE (${monthNumberSql('f.month')} - @base) * ${FIRST_SCALE} + f.bit END
      FROM json_each(@ids) j CROSS JOIN rpt_client_first f ON f.client_id = j.value`).raw(true).all({ ids: JSON.stringify(ids), fm: m.fm, base }));
  for (const [slot, kind, v] of firstRows) {
    if (isFirstKind(kind)) first[K[kind]][slot] = v;
  }
  // New in a bucket: the client's first such day ever (any site, whatever the filter) is not before the
  // bucket's first day: not in an earlier month, nor in the bucket's first month before its first day.
  const isNew = (v: number | null, bm: number, before: number): boolean => {
    if (v === null) return true;
    if (v < 0) return false;
    const idx = Math.floor(v / FIRST_SCALE);
    return !(idx < bm || (idx === bm && ((v - idx * FIRST_SCALE) & before) !== 0));
  };
  const POS = INFECTIONS.map((inf) => ({ inf, flag: FLAG[`pos_${inf}`], first: first[K[`pos_${inf}`]] }));

  interface Acc { raw: ClientRaw; bm: number; before: number; toYear: number; monthCount: number; sex: Map<string, number>; age: Map<string, number>; trained: Set<number> }
  const accOf = (b: Bucket, bm: number): Acc => ({
    raw: { reach: { ...emptyRaw().reach }, bySex: [], byAge: [], trained: 0, pwidTested: 0 },
    bm, before: periodMasks(b.from, b.to).before, toYear: Number(b.to.slice(0, 4)), monthCount: monthsOf(b.from, b.to).length,
    sex: new Map(), age: new Map(), trained: new Set(),
  });
  const all = accOf(buckets[0], 0);
  // A month's bucket by its index in the period.
  const byIndex: Array<Acc | undefined> = [];
  for (const b of buckets.slice(1)) {
    const mi = monthNumber(b.key) - base;
    if (!(mi >= 0 && mi <= last)) throw new Error(`A report month is not in its period: ${b.key}`);
    byIndex[mi] = accOf(b, mi);
  }
  // One client in one bucket.
  const add = (a: Acc, s: number, days: number, most: number, exch: number, did: number) => {
    const r = a.raw.reach;
    r.clients++;
    if (exch > 0) r.participants++;
    if (most >= regularMinVisitDays) r.regular++;
    if (exch === a.monthCount) r.regular_access++;
    r.visit_days += days;
    if (did & FLAG.peers) r.peers++;
    if (did & FLAG.med) r.gp_known++;
    if (did & FLAG.tested) r.tested++;
    if (isNew(first[K.days][s], a.bm, a.before)) r.new_clients++;
    if (exch > 0 && isNew(first[K.exch][s], a.bm, a.before)) r.new_participants++;
    for (const x of POS) if ((did & x.flag) && isNew(x.first[s], a.bm, a.before)) r[`new_${x.inf}`]++;
    const sx = sex[s] as string;
    a.sex.set(sx, (a.sex.get(sx) ?? 0) + 1);
    const ag = ageGroup(a.toYear, birthYear[s]);
    a.age.set(ag, (a.age.get(ag) ?? 0) + 1);
    if ((did & FLAG.tested) && injects[s] === 1) a.raw.pwidTested++;
    if (did & FLAG.trained) a.trained.add(ids[s]);
  };
  // A client without a record in clients (none, by the foreign key) is left out, as a join leaves it.
  for (let s = 0; s < ids.length; s++) if (sex[s] !== undefined) add(all, s, visitDays[s], maxDays[s], exchMonths[s], ever[s]);
  if (monthly) {
    for (let i = 0; i < packed.length; i++) {
      const s = rowSlot[i];
      if (s < 0 || sex[s] === undefined) continue;
      const v = packed[i];
      const a = byIndex[indexOf(v)];
      if (!a) throw new Error('A client-month has no bucket in the report.');
      const d = daysOf(v);
      add(a, s, d, d, v & FLAG.exch ? 1 : 0, v & 255);
    }
  }

  // Trained for secondary exchange: at a visit, or at a training (a merged client counts as the one kept).
  const filtered = p.siteIds.length > 0;
  const trainings = rawRows(z.tuple([z.string(), z.number()]), store.stmt(`SELECT a.date, coalesce(c.merged_into_id, ac.client_id) FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id
      JOIN clients c ON c.id = ac.client_id
      WHERE a.type = 'training' AND coalesce(a.topic, 'secondary_exchange') = 'secondary_exchange' AND a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${filtered ? 'AND a.site_id IN (SELECT value FROM json_each(@sites))' : ''}`)
    .raw(true).all(filtered ? { from, to, sites: JSON.stringify(p.siteIds) } : { from, to }));
  for (const [date, client] of trainings) {
    all.trained.add(client);
    if (monthly) byIndex[monthNumber(date) - base]?.trained.add(client);
  }

  const out = new Map<string, ClientRaw>();
  const clients = bucketClients(ids, slotOf, rowSlot, packed.map(indexOf), monthly ? last + 1 : 0, last, base, (kind, s) => first[K[kind]][s]);
  const done = (key: string, a: Acc) => {
    a.raw.bySex = [...a.sex].map(([k, n]) => ({ k, n }));
    a.raw.byAge = [...a.age].map(([k, n]) => ({ k, n }));
    a.raw.trained = a.trained.size;
    out.set(key, a.raw);
  };
  done(ALL, all);
  for (const b of buckets.slice(1)) {
    const a = byIndex[monthNumber(b.key) - base];
    if (a) done(b.key, a);
  }
  return { raw: out, clients };
}

/** A 'YYYY-MM-DD' day of a first day as countClients keeps it (FIRST_SCALE); -1 (before the period) as a day before any period. */
const BEFORE_ANY_PERIOD = '0000-01-01';
function firstDay(v: number, base: number): string {
  if (v < 0) return BEFORE_ANY_PERIOD;
  const idx = Math.floor(v / FIRST_SCALE);
  const n = base + idx;
  const year = Math.floor((n - 1) / 12);
  const month = n - year * 12;
  // The bit of day d is 1 << (d - 1).
  const day = 32 - Math.clz32(v - idx * FIRST_SCALE);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * What countClients knows of the buckets' clients, as field.ts takes it (so that it does not read
 * the period's client-months and first days again): the clients of the period (a visit day in it at
 * the sites chosen), each one's months of a monthly report, and its first days up to the period's last month.
 */
function bucketClients(ids: readonly number[], slotOf: ReadonlyMap<number, number>, rowSlot: Int32Array, rowMonth: readonly number[],
  monthCount: number, last: number, base: number, firstOf: (kind: FirstKind, slot: number) => number | null): BucketClients {
  // A monthly report: slot × monthCount + the month's index set when the client had a visit day in that month.
  const inMonth = new Uint8Array(ids.length * monthCount);
  if (monthCount > 0) for (let i = 0; i < rowSlot.length; i++) if (rowSlot[i] >= 0) inMonth[rowSlot[i] * monthCount + rowMonth[i]] = 1;
  return {
    all: () => ids,
    has: (bucket, client) => {
      const s = slotOf.get(client);
      if (s === undefined) return false;
      if (bucket === ALL) return true;
      const mi = monthNumber(bucket) - base;
      return mi >= 0 && mi < monthCount && inMonth[s * monthCount + mi] === 1;
    },
    first: (kind, client) => {
      const s = slotOf.get(client);
      const v = s === undefined ? null : firstOf(kind, s);
      // A first day after the period's last month is none yet, for the period.
      if (v === null || (v >= 0 && Math.floor(v / FIRST_SCALE) > last)) return null;
      return firstDay(v, base);
    },
  };
}

function compute(store: Store, p: EnginePeriod, monthSlices: readonly EngineMonth[], rules: EngineRules, items: readonly CatalogueItem[]):
  { indicators: Indicators; monthly: Indicators[] } {
  const { from, to } = p;
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

  // ---- clients: from the day masks of each client and month (countClients) ----
  const counted = countClients(store, p, buckets, rules.regularMinVisitDays);
  for (const [key, c] of counted.raw) Object.assign(rawOf(key), c);

  // ---- sums of the days: supplies, service units, exchange records, tests, anonymous people ----
  // Additive: the period's sums are the sums of its months', so the days are read once.
  const daySite = filtered ? 'AND site_id IN (SELECT value FROM json_each(@sites))' : '';
  const dayBucket = monthly ? 'substr(date, 1, 7)' : `'${ALL}'`;
  const measures = rowsOf(store, query(`SELECT ${dayBucket} AS bucket, measure, sum(value) AS value FROM rpt_day
      WHERE date BETWEEN @from AND @to ${daySite} GROUP BY 1, measure`, BUCKET_MEASURE), periodParams);
  const category = new Map(items.map((i) => [String(i.id), i]));
  // The sums of each bucket's days by measure, for the field figures (field.ts DaySums).
  const daySums = new Map(buckets.map((b) => [b.key, new Map<string, number>()]));
  for (const { bucket, measure, value } of measures) {
    for (const key of bucket === ALL ? [ALL] : [bucket, ALL]) {
      const sums = daySums.get(key);
      if (!sums) throw new Error(`A report statement answered for an unknown bucket: ${key}`);
      sums.set(measure, (sums.get(measure) ?? 0) + num(value));
    }
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

  const field = fieldFigures(store, buckets, { from, to, siteIds: p.siteIds, pwidPopulationEstimate: rules.pwidPopulationEstimate },
    counted.clients, daySums);
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
