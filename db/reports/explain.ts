// "Explain this number" (issue 18): the records behind one figure of a report, and the definition
// applied. A second, independent computation: every figure is counted here again from the records
// themselves (visits and their lines, tests, secondary reports, outreach sessions, activities,
// overdose reports, care steps, pharmacotherapy changes), never from the engine's facts tables
// (rpt_client_month, rpt_day), so that a figure and its explanation agreeing is a check of both.
//
// What a list holds (spec/indicators.md):
// - a distinct-clients figure: one row per client, on its first counting date in the period, with
//   the lines that made it count, count 1 (figures that add anonymous people by their count give
//   those records a row each, with their count);
// - a sum: one row per line or record, with its quantity (units, pieces, participants, peers…);
// - a distinct count of other things (visit-days, points, places, sessions, staff, meetings): one
//   row per thing, count 1.
// The counts add up to `total`, which is the figure. A split figure is explained part by part
// (`part`), or all parts at once (each row names its part; the total is the sum of the parts).
// Ratios and per-month or per-person figures (coverage, return rate, per participant, per PWID,
// arrival rate, reached per month) are `derived`: they have no rows of their own; `components`
// explains the numerator and the denominator (each a count with its own rows) and the figure is
// computed from them with the report's rounding and its nulls, next to the constants used (the
// population estimate, the months in the period).
// Privacy: notes are never read. Test results and care steps appear only in the rows of the
// figures that count them (tests, positive results, cascades); the rows of every other figure
// leave a visit's tests out. The channel that serves this is the manager's, as reports are.
import { PassThrough } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { z } from 'zod';
import type { Param, Store } from '../store';
import {
  indicatorByKey, isIndicatorKey, regularRuleText, round1, type IndicatorKey,
} from '../../shared/indicators';
import { PART_LABELS, type Label } from '../../shared/indicator-parts';
import { daysInclusive, monthsInPeriod, monthsOf } from '../../shared/dates';
import { INFECTIONS, MEDICAL_SERVICES, type Infection } from '../../shared/domain';
import { getSettings } from '../services/settings';
import { loadCatalogue, type CatalogueItem, type EngineRules } from './engine';

export type Language = 'lt' | 'en';

export interface ExplainInput {
  from: string;
  to: string;
  /** Empty: every site. */
  siteIds: readonly number[];
  key: IndicatorKey;
  /** One part of a split figure; absent: every part. */
  part?: string | null;
  /** The language of the rows' text (`what`); Lithuanian by default. */
  language?: Language;
  /**
   * At most this many rows (the first ones, oldest first); the rest are left off and counted in
   * `rowsLeftOff`, while `total` stays the whole figure's. For a screen: a year of a large cabinet
   * is a hundred thousand visit-days. The workbook takes the whole list (no limit).
   */
  limit?: number;
}

/** What one row counts in. */
export const UNITS = [
  'clients', 'persons', 'visit_days', 'records', 'pieces', 'units', 'tests', 'results', 'reports', 'peers', 'points', 'staff',
  'places', 'sessions', 'meetings', 'participants', 'activities',
] as const;
export type Unit = (typeof UNITS)[number];

export interface ExplainRow {
  /** The client's code; null for a record without one (anonymous people, a place, a meeting). */
  clientCode: string | null;
  date: string;
  site: string | null;
  /** The part of a split figure the row counts in; null for a figure without parts. */
  part: string | null;
  /** The lines that count, in the explanation's language (e.g. "Švirkštas 2 ml: išdalyta 10"). */
  what: string;
  count: number;
}

interface Common {
  key: IndicatorKey;
  part: string | null;
  label: Label;
  /** The part's label, for one part of a split figure. */
  partLabel: Label | null;
  /** The labels of every part of a split figure (the rows name their part by key); null without parts. */
  partLabels: Record<string, Label> | null;
  definition: Label;
  /** A rule from the settings that the figure applies (the regular-client rule), in both languages. */
  rule: Label | null;
  from: string;
  to: string;
  /** The sites chosen, by name; empty: every site. */
  sites: string[];
  language: Language;
}

/** A count: the rows add up to total, and total is the figure. */
export interface CountExplanation extends Common {
  kind: 'count';
  figure: number;
  unit: Unit;
  rows: ExplainRow[];
  total: number;
  /** Rows left off by the limit asked for (0: the list is whole, and its counts add up to total). */
  rowsLeftOff: number;
}

export interface Component {
  role: 'numerator' | 'denominator';
  explanation: CountExplanation;
}

/** A ratio or a per-month / per-person figure: no rows of its own, its parts explained as counts. */
export interface DerivedExplanation extends Common {
  kind: 'derived';
  /** As the report computes it from the components (rounded as it does; null where the report gives none). */
  figure: number | null;
  formula: Label;
  components: Component[];
  /** Constants of the formula: months in the period, the estimated PWID population. */
  months: number | null;
  pwidPopulationEstimate: number | null;
  /** Why the figure is empty, when it is. */
  emptyBecause: Label | null;
  rows: [];
  total: null;
}

export type Explanation = CountExplanation | DerivedExplanation;

// ---------------------------------------------------------------------------------------------
// Words (spec/terms-lt.md)

const l = (lt: string, en: string): Label => ({ lt, en });
const labelOf = (key: IndicatorKey): Label => {
  const def = indicatorByKey.get(key);
  if (!def) throw new Error(`No indicator ${key}`);
  return def.label;
};

const KIND_LABELS: Record<string, Label> = {
  cabinet: l('Kabinetas', 'Cabinet'), outreach: l('Lauko darbas', 'Outreach'), arrest_house: l('Areštinė', 'Arrest house'),
  secondary: l('Antrinio keitimo paėmimas', 'Secondary exchange pick-up'), medical: l('Gydytojas', 'Doctor'),
};
const SERVICE_LABELS: Record<string, Label> = {
  information: l('Informavimas', 'Information'), consultation: l('Konsultavimas', 'Consultation'),
  health_education: l('Sveikatos mokymas', 'Health education'), referral: l('Tarpininkavimas', 'Referral'),
  pre_test_counselling: l('Konsultavimas prieš tyrimą', 'Pre-test counselling'), post_test_counselling: l('Konsultavimas po tyrimo', 'Post-test counselling'),
  blood_sampling: l('Kraujo paėmimas', 'Blood sampling'), wound_care: l('Žaizdų valymas', 'Wound cleaning'), dressing: l('Perrišimas', 'Dressing'),
  gp_other: l('Kitos gydytojo paslaugos', 'Other GP services'),
};
const RESULT_LABELS: Record<string, Label> = {
  negative: l('neigiamas', 'negative'), positive: l('teigiamas', 'positive'), indeterminate: l('neapibrėžtas', 'indeterminate'),
};
const AWAITING = l('laukiama', 'awaiting');
const PERSON_LABELS: Record<string, Label> = {
  client: l('klientas', 'client'), arrestee: l('sulaikytasis', 'arrestee'), officer: l('pareigūnas', 'officer'), other: l('kitas asmuo', 'other person'),
};
const INFECTION_LABELS: Record<Infection, Label> = { hiv: l('ŽIV', 'HIV'), hbv: l('HBV', 'HBV'), hcv: l('HCV', 'HCV') };
const REFERRAL_OUTCOME_LABELS: Record<string, Label> = {
  arrived: l('atvyko', 'arrived'), not_arrived: l('neatvyko', 'did not arrive'), unknown: l('neįrašyta', 'not recorded'),
};
const CARE_STEP_LABELS: Record<string, Label> = {
  antibody_positive: l('teigiamas HCV antikūnų tyrimas', 'HCV antibody positive'), rna_tested: l('atliktas HCV RNR tyrimas', 'HCV RNA tested'),
  rna_positive: l('teigiamas HCV RNR tyrimas', 'HCV RNA positive'), positive: l('teigiamas ŽIV tyrimas', 'HIV positive'),
  linked_to_care: l('pateko pas specialistą', 'linked to care'), treatment_started: l('pradėtas gydymas', 'treatment started'),
  cured: l('išgydytas', 'cured'), virally_suppressed: l('virusas nuslopintas', 'virally suppressed'),
};
const OVERDOSE_OUTCOME_LABELS: Record<string, Label> = { survived: l('išgyveno', 'survived'), died: l('mirė', 'died'), unknown: l('baigtis nežinoma', 'outcome unknown') };
const NALOXONE_BY_LABELS: Record<string, Label> = {
  peer: l('kitas vartotojas', 'a peer'), staff: l('darbuotojas', 'staff'), ambulance: l('greitoji pagalba', 'the ambulance'), other: l('kitas asmuo arba nenurodyta', 'other or not recorded'),
};
const OVERDOSE_PLACE_LABELS: Record<string, Label> = { street: l('gatvėje', 'in the street'), home: l('namuose', 'at home'), shelter: l('nakvynės namuose', 'in a shelter'), other: l('kitur', 'elsewhere') };
const REPORTER_LABELS: Record<string, Label> = { client: l('klientas', 'the client'), peer: l('kitas vartotojas', 'a peer'), staff: l('darbuotojas', 'staff'), other: l('kitas asmuo', 'someone else') };
const YES_NO_LABELS: Record<string, Label> = { yes: l('taip', 'yes'), no: l('ne', 'no'), unknown: l('nežinoma', 'unknown') };
const CAME_VIA_LABELS: Record<string, Label> = {
  self: l('atėjo pats', 'came by themselves'), peer: l('per kitą vartotoją', 'through a peer'), point: l('per antrinio keitimo punktą', 'through a point'),
  outreach: l('per lauko darbą', 'through outreach'), referral: l('nukreiptas kitos tarnybos', 'referred by another service'), unknown: l('nepažymėta', 'not noted'),
};
const OWN_PART_LABELS: Record<string, Record<string, Label>> = {
  referrals_by_outcome: REFERRAL_OUTCOME_LABELS,
  overdoses_reported: OVERDOSE_OUTCOME_LABELS,
  overdoses_naloxone_given: NALOXONE_BY_LABELS,
  hcv_cascade: CARE_STEP_LABELS,
  hiv_cascade: CARE_STEP_LABELS,
  new_clients_by_route: CAME_VIA_LABELS,
};

export const UNIT_LABELS: Record<Unit, Label> = {
  clients: l('klientai', 'clients'), persons: l('asmenys', 'persons'), visit_days: l('apsilankymo dienos', 'visit-days'),
  records: l('įrašai', 'records'), pieces: l('vienetai (priemonės)', 'pieces'), units: l('paslaugų vienetai', 'service units'),
  tests: l('testai', 'tests'), results: l('rezultatai', 'results'), reports: l('pranešimai', 'reports'), peers: l('pasiekti asmenys', 'people reached'),
  points: l('punktai', 'points'), staff: l('darbuotojai', 'staff'), places: l('vietos', 'places'), sessions: l('sesijos', 'sessions'),
  meetings: l('susitikimai', 'meetings'), participants: l('dalyviai', 'participants'), activities: l('veiklos', 'activities'),
};

// ---------------------------------------------------------------------------------------------
// Reading the records

interface Ctx {
  store: Store;
  from: string;
  to: string;
  siteIds: readonly number[];
  filtered: boolean;
  lang: Language;
  rules: EngineRules;
  items: Map<number, CatalogueItem>;
  catalogue: readonly CatalogueItem[];
  params: Record<string, Param>;
  sites: string[];
  limit: number | null;
}

/** Only the named parameters the statement uses (better-sqlite3 wants each one, and no other). */
function bind(sql: string, params: Record<string, Param>): Record<string, Param> {
  const out: Record<string, Param> = {};
  for (const m of sql.matchAll(/@(\w+)/g)) {
    const v = params[m[1]];
    if (v === undefined) throw new Error(`No value for @${m[1]}`);
    out[m[1]] = v;
  }
  return out;
}

/** Whether the rows have the declared shape: the first is checked (and replaced by its parse); the rest come from the same statement. */
function firstRowHas<S extends z.ZodType>(shape: S, rows: unknown[]): rows is Array<z.output<S>> {
  if (rows.length === 0) return true;
  const first = shape.safeParse(rows[0]);
  if (!first.success) return false;
  rows[0] = first.data;
  return true;
}

/** The rows of a statement, the first checked against its declared shape (as store.rows does). */
function read<S extends z.ZodType>(c: Ctx, sql: string, shape: S, extra: Record<string, Param> = {}): Array<z.output<S>> {
  const rows: unknown[] = c.store.stmt(sql).all(bind(sql, { ...c.params, ...extra }));
  if (!firstRowHas(shape, rows)) throw new Error(`An explanation's rows do not have the declared shape: ${sql.slice(0, 80)}`);
  return rows;
}

const inSites = (c: Ctx, column: string) => (c.filtered ? `AND ${column} IN (SELECT value FROM json_each(@sites))` : '');
/** The non-voided visits of the period at the chosen sites (alias v). */
const periodVisits = (c: Ctx) => `v.voided_at IS NULL AND v.date BETWEEN @from AND @to ${inSites(c, 'v.site_id')}`;

const VISIT = z.object({
  visit_id: z.number(), date: z.string(), client_id: z.number().nullable(), code: z.string().nullable(), site: z.string().nullable(),
  kind: z.string(), anon: z.number(),
});
type VisitRow = z.output<typeof VISIT>;
const VISIT_COLS = `v.id AS visit_id, v.date, v.client_id, c.code, s.name AS site, v.kind, v.anonymous_count AS anon`;
const VISIT_JOINS = `LEFT JOIN clients c ON c.id = v.client_id LEFT JOIN sites s ON s.id = v.site_id`;

/** The period's visits that meet a condition on the visit (alias v), oldest first. */
function visitsWhere(c: Ctx, condition: string, extra: Record<string, Param> = {}): VisitRow[] {
  return read(c, `SELECT ${VISIT_COLS} FROM visits v ${VISIT_JOINS} WHERE ${periodVisits(c)} AND (${condition}) ORDER BY v.date, v.id`, VISIT, extra);
}

// ---- the lines of visits, as a person reads them ----

type Line =
  | { t: 'supply'; visitId: number; itemId: number; direction: string; quantity: number; forPeers: boolean }
  | { t: 'service'; visitId: number; type: string; units: number; referralTo: string | null; outcome: string | null }
  | { t: 'test'; visitId: number; type: string; person: string; hiv: string | null; hbv: string | null; hcv: string | null }
  | { t: 'secondary'; visitId: number; street: number; points: number; point: string | null };

const SUPPLY = z.object({ visit_id: z.number(), item_id: z.number(), direction: z.string(), quantity: z.number(), for_peers: z.number() });
const SERVICE = z.object({ visit_id: z.number(), type: z.string(), units: z.number(), referral_to: z.string().nullable(), referral_outcome: z.string().nullable() });
const TEST = z.object({
  visit_id: z.number(), type: z.string(), tested_person: z.string(), hiv_result: z.string().nullable(), hbv_result: z.string().nullable(), hcv_result: z.string().nullable(),
});
const SECONDARY = z.object({ visit_id: z.number(), peers_street: z.number(), peers_points: z.number(), point: z.string().nullable() });

/** Every line of the given visits, by visit. */
function linesOf(c: Ctx, visitIds: readonly number[]): Map<number, Line[]> {
  const out = new Map<number, Line[]>();
  if (visitIds.length === 0) return out;
  const ids = JSON.stringify([...new Set(visitIds)]);
  const among = 'visit_id IN (SELECT value FROM json_each(@ids))';
  const add = (line: Line) => {
    const list = out.get(line.visitId) ?? [];
    list.push(line);
    out.set(line.visitId, list);
  };
  for (const r of read(c, `SELECT visit_id, item_id, direction, quantity, for_peers FROM supply_lines WHERE ${among} ORDER BY id`, SUPPLY, { ids })) {
    add({ t: 'supply', visitId: r.visit_id, itemId: r.item_id, direction: r.direction, quantity: r.quantity, forPeers: r.for_peers === 1 });
  }
  for (const r of read(c, `SELECT visit_id, type, units, referral_to, referral_outcome FROM service_lines WHERE ${among} ORDER BY id`, SERVICE, { ids })) {
    add({ t: 'service', visitId: r.visit_id, type: r.type, units: r.units, referralTo: r.referral_to, outcome: r.referral_outcome });
  }
  for (const r of read(c, `SELECT visit_id, type, tested_person, hiv_result, hbv_result, hcv_result FROM tests WHERE ${among} ORDER BY id`, TEST, { ids })) {
    add({ t: 'test', visitId: r.visit_id, type: r.type, person: r.tested_person, hiv: r.hiv_result, hbv: r.hbv_result, hcv: r.hcv_result });
  }
  for (const r of read(c, `SELECT r.visit_id, r.peers_street, r.peers_points, p.name AS point FROM secondary_reports r LEFT JOIN sites p ON p.id = r.point_site_id
      WHERE r.${among} ORDER BY r.id`, SECONDARY, { ids })) {
    add({ t: 'secondary', visitId: r.visit_id, street: r.peers_street, points: r.peers_points, point: r.point });
  }
  return out;
}

const say = (c: Ctx, label: Label | undefined, fallback: string): string => (label ? label[c.lang] : fallback);

function itemLabel(c: Ctx, itemId: number): string {
  const item = c.items.get(itemId);
  return item ? (c.lang === 'lt' ? item.labelLt : item.labelEn) : `#${itemId}`;
}

function lineText(c: Ctx, line: Line): string {
  const lt = c.lang === 'lt';
  switch (line.t) {
    case 'supply': {
      const how = line.direction === 'out' ? (lt ? 'išdalyta' : 'out') : (lt ? 'grąžinta' : 'back');
      const peers = line.forPeers ? (lt ? ' (kitiems vartotojams)' : ' (for peers)') : '';
      return `${itemLabel(c, line.itemId)}: ${how} ${line.quantity}${peers}`;
    }
    case 'service': {
      const dest = line.type === 'referral'
        ? ` (${line.referralTo === null ? (lt ? 'be paskirties' : 'no destination') : say(c, PART_LABELS.referrals_by_destination?.[line.referralTo], line.referralTo)}; ${say(c, REFERRAL_OUTCOME_LABELS[line.outcome ?? 'unknown'], line.outcome ?? '')})`
        : '';
      return `${say(c, SERVICE_LABELS[line.type], line.type)}${dest}: ${line.units}`;
    }
    case 'test': {
      const results = INFECTIONS.filter((inf) => line[inf] !== null || (line.type === 'combined'))
        .map((inf) => `${INFECTION_LABELS[inf][c.lang]} ${say(c, line[inf] === null ? AWAITING : RESULT_LABELS[line[inf] ?? ''], line[inf] ?? '')}`);
      const person = line.person === 'client' ? '' : ` (${say(c, PERSON_LABELS[line.person], line.person)})`;
      return `${say(c, PART_LABELS.tests_by_type?.[line.type], line.type)}${person}${results.length ? `: ${results.join(', ')}` : ''}`;
    }
    case 'secondary':
      return lt
        ? `Antrinis keitimas: gatvėje ${line.street}, punktuose ${line.points}${line.point ? ` (${line.point})` : ''}`
        : `Secondary exchange: street ${line.street}, points ${line.points}${line.point ? ` (${line.point})` : ''}`;
  }
}

/**
 * Whether a line is anything but a test. A figure that does not count tests (clients, visits, new
 * clients, by sex or age, supplies, services…) never shows a visit's test results in its rows: they
 * are not what the figure counts, and a list of clients is not a list of their HIV, HBV and HCV
 * results. The figures that count tests write their rows from the tests themselves (testText).
 */
const notTest = (line: Line): boolean => line.t !== 'test';

/** The text of a visit: the lines kept by `keep` (every line but its tests by default), or its kind when none is left. */
function visitText(c: Ctx, v: VisitRow, lines: Map<number, Line[]>, keep: (line: Line) => boolean = notTest): string {
  const kept = (lines.get(v.visit_id) ?? []).filter(keep).map((line) => lineText(c, line));
  const kind = say(c, KIND_LABELS[v.kind], v.kind);
  return kept.length ? `${kind}: ${kept.join('; ')}` : kind;
}

const isCategory = (c: Ctx, line: Line, categories: readonly string[]) => line.t === 'supply' && categories.includes(c.items.get(line.itemId)?.category ?? '');
const EXCHANGE = ['syringe', 'needle'] as const;
const isExchange = (c: Ctx) => (line: Line) => isCategory(c, line, EXCHANGE);
const isMedical = (line: Line) => line.t === 'service' && (MEDICAL_SERVICES as readonly string[]).includes(line.type);

/** The SQL condition "the visit has an exchange": a syringe or needle line, either way. */
const HAS_EXCHANGE = `EXISTS (SELECT 1 FROM supply_lines x JOIN items i ON i.id = x.item_id WHERE x.visit_id = v.id AND i.category IN ('syringe', 'needle'))`;
const HAS_MEDICAL = `EXISTS (SELECT 1 FROM service_lines x WHERE x.visit_id = v.id AND x.type IN (${MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ')}))`;

// ---- shapes of the rows ----

interface Body {
  unit: Unit;
  rows: Draft[];
}

/** A row's text: written, or written from the lines of its visit (see Draft). */
type Text = string | ((lines: Map<number, Line[]>) => string);

/**
 * A row before it is shown. Its text is written only if it is shown (the first rows of a screen's
 * list; every row of the workbook), and the lines of the visits it reads are fetched once for the
 * rows shown: a year of a large cabinet is a hundred thousand rows, and their count and order need
 * neither (the total is the sum of every draft's count, whatever is shown).
 */
interface Draft extends Omit<ExplainRow, 'what'> {
  what: Text;
  /** The visit whose lines the text reads; null when it reads none. */
  visitId: number | null;
}

const row = (clientCode: string | null, date: string, site: string | null, what: Text, count: number, part: string | null = null, visitId: number | null = null): Draft =>
  ({ clientCode, date, site, part, what, count, visitId });

/** The drafts as rows: their texts written, reading the lines of their visits at once. */
function written(c: Ctx, drafts: readonly Draft[]): ExplainRow[] {
  const lines = linesOf(c, drafts.flatMap((d) => (d.visitId === null ? [] : [d.visitId])));
  return drafts.map((d) => ({ clientCode: d.clientCode, date: d.date, site: d.site, part: d.part, what: typeof d.what === 'string' ? d.what : d.what(lines), count: d.count }));
}

/**
 * One row per client: its first visit of the given ones (oldest first), its lines kept by `keep`.
 * `partOf` tags the row with its part (a split figure) or leaves the client out (undefined).
 */
function perClient(c: Ctx, visits: readonly VisitRow[], keep?: (line: Line) => boolean, partOf: (v: VisitRow) => string | null | undefined = () => null,
  note: (v: VisitRow) => string = () => ''): Draft[] {
  const first = new Map<number, VisitRow>();
  for (const v of visits) if (v.client_id !== null && !first.has(v.client_id)) first.set(v.client_id, v);
  const out: Draft[] = [];
  for (const v of first.values()) {
    const part = partOf(v);
    if (part === undefined) continue;
    out.push(row(v.code, v.date, v.site, (lines) => `${visitText(c, v, lines, keep)}${note(v)}`, 1, part, v.visit_id));
  }
  return out;
}

/** One row per record without a client code, counting its anonymous people. */
function perAnonymousRecord(c: Ctx, visits: readonly VisitRow[], keep?: (line: Line) => boolean, count: (v: VisitRow) => number = (v) => v.anon): Draft[] {
  const anon = visits.filter((v) => v.client_id === null);
  const people = c.lang === 'lt' ? 'anoniminiai asmenys' : 'anonymous people';
  return anon.map((v) => row(null, v.date, v.site, (lines) => `${visitText(c, v, lines, keep)} (${people}: ${v.anon})`, count(v), null, v.visit_id));
}

// ---- supply and service lines ----

const LINE_VISIT = VISIT.extend({ line_id: z.number() });

const SUPPLY_ROW = LINE_VISIT.extend({ item_id: z.number(), direction: z.string(), quantity: z.number(), for_peers: z.number() });

/** The supply lines of the period's visits meeting `condition` (lines of nothing left out), each by its quantity; `part` an SQL expression. */
function supplyLines(c: Ctx, condition: string, part = 'NULL'): Listing {
  return listing(c, 'pieces', `SELECT ${VISIT_COLS}, sl.id AS line_id, sl.item_id, sl.direction, sl.quantity, sl.for_peers, sl.quantity AS n, ${part} AS part
      FROM visits v JOIN supply_lines sl ON sl.visit_id = v.id JOIN items i ON i.id = sl.item_id ${VISIT_JOINS}
      WHERE ${periodVisits(c)} AND (${condition}) AND sl.quantity != 0`, 'date, visit_id, line_id', SUPPLY_ROW.extend({ part: z.string().nullable() }), (r) => {
    const text = () => withAnon(c, r, lineText(c, { t: 'supply', visitId: r.visit_id, itemId: r.item_id, direction: r.direction, quantity: r.quantity, forPeers: r.for_peers === 1 }));
    return row(r.code, r.date, r.site, text, r.quantity, r.part);
  });
}

/** The statement of the service lines of the period's visits meeting `condition` (lines of no units left out), each by its units; `src` 0. */
const serviceSql = (c: Ctx, condition: string, part = 'NULL') => `SELECT ${VISIT_COLS}, sl.id AS line_id, sl.type, sl.units, sl.referral_to, sl.referral_outcome,
      sl.units AS n, ${part} AS part, 0 AS src
    FROM visits v JOIN service_lines sl ON sl.visit_id = v.id ${VISIT_JOINS}
    WHERE ${periodVisits(c)} AND (${condition}) AND sl.units != 0`;
/** The statement of the period's records of an exchange, count 1 each; `src` 1 (the columns of serviceSql, a line's empty). */
const exchangeSql = (c: Ctx) => `SELECT ${VISIT_COLS}, NULL AS line_id, NULL AS type, NULL AS units, NULL AS referral_to, NULL AS referral_outcome,
      1 AS n, NULL AS part, 1 AS src
    FROM visits v ${VISIT_JOINS} WHERE ${periodVisits(c)} AND ${HAS_EXCHANGE}`;
const SERVICE_OR_EXCHANGE = VISIT.extend({
  line_id: z.number().nullable(), type: z.string().nullable(), units: z.number().nullable(), referral_to: z.string().nullable(), referral_outcome: z.string().nullable(),
  part: z.string().nullable(), src: z.number(),
});

/** A row of serviceSql (a line, by its units) or of exchangeSql (a record of an exchange, its exchange lines). */
function serviceOrExchange(c: Ctx, r: z.output<typeof SERVICE_OR_EXCHANGE>): Draft {
  if (r.src === 1) return row(r.code, r.date, r.site, (lines) => withAnon(c, r, visitText(c, r, lines, isExchange(c))), 1, null, r.visit_id);
  const units = r.units ?? 0;
  const text = () => withAnon(c, r, lineText(c, { t: 'service', visitId: r.visit_id, type: r.type ?? '', units, referralTo: r.referral_to, outcome: r.referral_outcome }));
  return row(r.code, r.date, r.site, text, units, r.part);
}

function serviceLines(c: Ctx, condition: string, part = 'NULL'): Listing {
  return listing(c, 'units', serviceSql(c, condition, part), 'date, visit_id, line_id', SERVICE_OR_EXCHANGE, (r) => serviceOrExchange(c, r));
}

/** A line of a record without a code says how many people the record stands for. */
function withAnon(c: Ctx, v: VisitRow, text: string): string {
  if (v.client_id !== null) return text;
  return `${text} (${c.lang === 'lt' ? 'anoniminiai asmenys' : 'anonymous people'}: ${v.anon})`;
}

const TEST_ROW = LINE_VISIT.extend({
  type: z.string(), tested_person: z.string(), hiv_result: z.string().nullable(), hbv_result: z.string().nullable(), hcv_result: z.string().nullable(),
  injects: z.string().nullable(),
});
type TestRow = z.output<typeof TEST_ROW>;

function periodTests(c: Ctx, condition = '1'): TestRow[] {
  return read(c, `SELECT ${VISIT_COLS}, t.id AS line_id, t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result, c.injects
      FROM visits v JOIN tests t ON t.visit_id = v.id ${VISIT_JOINS}
      WHERE ${periodVisits(c)} AND (${condition}) ORDER BY v.date, v.id, t.id`, TEST_ROW);
}

const testLine = (r: TestRow): Line => ({ t: 'test', visitId: r.visit_id, type: r.type, person: r.tested_person, hiv: r.hiv_result, hbv: r.hbv_result, hcv: r.hcv_result });
const testText = (c: Ctx, r: TestRow) => `${say(c, KIND_LABELS[r.kind], r.kind)}: ${lineText(c, testLine(r))}`;

/** A positive result that counts as one (an HCV RNA test confirms an antibody result: never another positive). */
const positiveSql = (inf: Infection, alias = 't') => `${alias}.${inf}_result = 'positive'${inf === 'hcv' ? ` AND ${alias}.type != 'hcv_rna'` : ''}`;

function testSetting(kind: string, person: string): string {
  if (kind === 'cabinet' || kind === 'medical') return 'cabinet';
  if (kind === 'outreach') return 'outreach';
  if (kind === 'arrest_house' && person === 'officer') return 'arrest_house_officer';
  if (kind === 'arrest_house' && (person === 'arrestee' || person === 'client')) return 'arrest_house_arrestee';
  return 'other';
}

// ---- the explainers, one per figure ----

type Explainer =
  | { kind: 'count'; explain: (c: Ctx) => Body }
  | { kind: 'listing'; explain: (c: Ctx) => Listing }
  | { kind: 'derived'; explain: (c: Ctx, part: string | null) => DerivedParts };

/**
 * A list that one statement gives whole, for the figures whose lists are long (a year of a large
 * cabinet: a hundred thousand visit-days, lines or records). The statement is the figure's one
 * definition: SQLite sums its counts and counts its rows for the total, and a screen reads only
 * the first rows (LIMIT), the workbook all of them, in the same order.
 */
interface Listing {
  unit: Unit;
  /** The rows, each with its count in `n` and its part in `part` (null without parts); no ORDER BY. */
  sql: string;
  /** The list's order, over the statement's column names (ending in a unique key: the order is total). */
  order: string;
  extra?: Record<string, Param>;
  /** The drafts of the rows a statement around `sql` reads (with its parameters besides the period's), and the raw rows' first. */
  drafts: (sql: string, params: Record<string, Param>) => { drafts: Draft[]; first: unknown };
}

function listing<S extends z.ZodType>(c: Ctx, unit: Unit, sql: string, order: string, shape: S, draft: (r: z.output<S>) => Draft, extra: Record<string, Param> = {}): Listing {
  return {
    unit, sql, order, extra,
    drafts: (wrapped, params) => {
      const rows: unknown[] = c.store.stmt(wrapped).all(bind(wrapped, { ...c.params, ...extra, ...params }));
      const first = rows[0];
      if (!firstRowHas(shape, rows)) throw new Error(`An explanation's rows do not have the declared shape: ${sql.slice(0, 80)}`);
      return { drafts: rows.map(draft), first };
    },
  };
}

const TOTALS_ALONG = z.object({ _total: z.number(), _rows: z.number() });

interface DerivedParts {
  formula: Label;
  numerator: { key: IndicatorKey; part?: string };
  denominator?: { key: IndicatorKey; part?: string };
  /** The figure from the components' totals (null where the report gives none), and why it is empty. */
  figure: (num: number, den: number | null) => { value: number | null; emptyBecause: Label | null };
  months?: number;
  estimate?: number | null;
}

const count = (explain: (c: Ctx) => Body): Explainer => ({ kind: 'count', explain });
const listed = (explain: (c: Ctx) => Listing): Explainer => ({ kind: 'listing', explain });
const derived = (explain: (c: Ctx) => DerivedParts): Explainer => ({ kind: 'derived', explain });

/** One row per client: its first visit of the period meeting `condition` (oldest first), its lines kept by `keep`; as perClient, in one statement. */
function firstVisits(c: Ctx, condition: string, keep?: (line: Line) => boolean): Listing {
  return listing(c, 'clients', firstVisitsSql(c, condition), 'date, visit_id', VISIT, (v) => row(v.code, v.date, v.site, (lines) => visitText(c, v, lines, keep), 1, null, v.visit_id));
}

/** The statement of firstVisits, with more columns (of the visit v and the client c) and the part. */
const firstVisitsSql = (c: Ctx, condition: string, columns = 'NULL AS part') => `SELECT ${VISIT_COLS}, 1 AS n, ${columns} FROM (
      SELECT v.id, v.date, v.client_id, v.site_id, v.kind, v.anonymous_count, row_number() OVER (PARTITION BY v.client_id ORDER BY v.date, v.id) AS nth
      FROM visits v WHERE ${periodVisits(c)} AND v.client_id IS NOT NULL AND (${condition})) v ${VISIT_JOINS}
    WHERE v.nth = 1`;

const FIRST = z.object({ client_id: z.number(), visit_id: z.number() });

/**
 * Clients of the period (a visit meeting `inPeriod` at the chosen sites) whose first visit meeting
 * `ever` (any site, ever) falls in the period: one row each, on that first day.
 */
function newClients(c: Ctx, inPeriod: string, ever: string, keep?: (line: Line) => boolean, partOf?: (v: VisitRow & { came_via: string; referred_by_code: string | null }) => string | null): Draft[] {
  const firsts = read(c, `WITH p AS (SELECT DISTINCT v.client_id FROM visits v WHERE ${periodVisits(c)} AND v.client_id IS NOT NULL AND (${inPeriod})),
      f AS (SELECT v.client_id, min(v.date) AS date FROM visits v JOIN p ON p.client_id = v.client_id WHERE v.voided_at IS NULL AND (${ever}) GROUP BY v.client_id)
      SELECT f.client_id, (SELECT v.id FROM visits v WHERE v.client_id = f.client_id AND v.date = f.date AND v.voided_at IS NULL AND (${ever}) ORDER BY v.id LIMIT 1) AS visit_id
      FROM f WHERE f.date >= @from`, FIRST);
  if (firsts.length === 0) return [];
  const shape = VISIT.extend({ came_via: z.string(), referred_by_code: z.string().nullable() });
  const visits = read(c, `SELECT ${VISIT_COLS}, c.came_via, c.referred_by_code FROM visits v ${VISIT_JOINS}
      WHERE v.id IN (SELECT value FROM json_each(@ids)) ORDER BY v.date, v.id`, shape, { ids: JSON.stringify(firsts.map((f) => f.visit_id)) });
  const firstDay = c.lang === 'lt' ? 'pirmą kartą' : 'first time';
  return visits.map((v) => {
    const via = partOf ? ` (${say(c, CAME_VIA_LABELS[v.came_via], v.came_via)}${v.referred_by_code ? `: ${v.referred_by_code}` : ''})` : '';
    return row(v.code, v.date, v.site, (lines) => `${firstDay}: ${visitText(c, v, lines, keep)}${via}`, 1, partOf ? partOf(v) : null, v.visit_id);
  });
}

const newClientsExplain = (c: Ctx): Body => ({ unit: 'clients', rows: newClients(c, '1', '1') });

function regularExplain(c: Ctx): Body {
  const min = c.rules.regularMinVisitDays;
  const days = visitsWhere(c, 'v.client_id IS NOT NULL');
  // Visit-days per client and calendar month (the month cut to the period).
  const byClient = new Map<number, { code: string | null; months: Map<string, Array<{ date: string; site: string | null }>> }>();
  for (const v of days) {
    if (v.client_id === null) continue;
    const client = byClient.get(v.client_id) ?? { code: v.code, months: new Map() };
    byClient.set(v.client_id, client);
    const month = client.months.get(v.date.slice(0, 7)) ?? [];
    if (month.at(-1)?.date !== v.date) month.push({ date: v.date, site: v.site });
    client.months.set(v.date.slice(0, 7), month);
  }
  const rows: Draft[] = [];
  for (const client of byClient.values()) {
    const month = [...client.months.entries()].sort(([a], [b]) => a.localeCompare(b)).find(([, d]) => d.length >= min);
    if (!month) continue;
    const [m, d] = month;
    const what = c.lang === 'lt'
      ? `${m}: apsilankymo dienų ${d.length} (${d.map((x) => x.date.slice(5)).join(', ')})`
      : `${m}: ${d.length} visit-days (${d.map((x) => x.date.slice(5)).join(', ')})`;
    rows.push(row(client.code, d[min - 1].date, d[min - 1].site, what, 1));
  }
  return { unit: 'clients', rows: rows.sort(byDate) };
}

/** Oldest first, then by code (a collator made once: a year's list is sorted in a hundred thousand comparisons). */
const collate = new Intl.Collator().compare;
const byDate = (a: Draft, b: Draft) => (a.date < b.date ? -1 : a.date > b.date ? 1 : collate(a.clientCode ?? '', b.clientCode ?? ''));

function regularAccessExplain(c: Ctx): Body {
  const months = monthsOf(c.from, c.to);
  const visits = visitsWhere(c, `v.client_id IS NOT NULL AND ${HAS_EXCHANGE}`);
  const byClient = new Map<number, { first: VisitRow; months: Map<string, string> }>();
  for (const v of visits) {
    if (v.client_id === null) continue;
    const client = byClient.get(v.client_id) ?? { first: v, months: new Map<string, string>() };
    byClient.set(v.client_id, client);
    if (!client.months.has(v.date.slice(0, 7))) client.months.set(v.date.slice(0, 7), v.date);
  }
  const rows: Draft[] = [];
  for (const { first, months: seen } of byClient.values()) {
    if (!months.every((m) => seen.has(m))) continue;
    const what = `${c.lang === 'lt' ? 'keitė' : 'exchanged'}: ${months.map((m) => seen.get(m)).join(', ')}`;
    rows.push(row(first.code, first.date, first.site, what, 1));
  }
  return { unit: 'clients', rows };
}

/** The age group of a client (spec/indicators.md): the calendar year of `to` minus the birth year. */
const ageGroupSql = (toYear: number) => `CASE WHEN c.birth_year IS NULL THEN 'unknown' WHEN ${toYear} - c.birth_year < 18 THEN 'under_18'
  WHEN ${toYear} - c.birth_year < 25 THEN '18_24' WHEN ${toYear} - c.birth_year < 35 THEN '25_34' WHEN ${toYear} - c.birth_year < 45 THEN '35_44' ELSE '45_plus' END`;

/** Clients by sex or age group: one row per client on its first visit of the period, its part, and what gave it. */
function bySexOrAge(c: Ctx, which: 'sex' | 'age'): Listing {
  const toYear = Number(c.to.slice(0, 4));
  const part = which === 'sex' ? 'c.sex' : ageGroupSql(toYear);
  const note = (v: { sex: string; birth_year: number | null }) => {
    if (which === 'sex') return ` (${say(c, PART_LABELS.clients_by_sex?.[v.sex], v.sex)})`;
    return v.birth_year === null ? ` (${c.lang === 'lt' ? 'gimimo metai nežinomi' : 'birth year unknown'})` : ` (${c.lang === 'lt' ? 'gimė' : 'born'} ${v.birth_year}; ${toYear - v.birth_year})`;
  };
  return listing(c, 'clients', firstVisitsSql(c, '1', `c.sex, c.birth_year, ${part} AS part`), 'date, visit_id',
    VISIT.extend({ sex: z.string(), birth_year: z.number().nullable(), part: z.string() }),
    (v) => row(v.code, v.date, v.site, (lines) => `${visitText(c, v, lines)}${note(v)}`, 1, v.part, v.visit_id));
}

const supplyOut = (category: string) => (c: Ctx): Listing => supplyLines(c, `i.category = '${category}' AND sl.direction = 'out'`);
const supplyIn = (category: string) => (c: Ctx): Listing => supplyLines(c, `i.category = '${category}' AND sl.direction = 'in'`);
const units = (type: string) => (c: Ctx): Listing => serviceLines(c, `sl.type = '${type}'`);

function exchangeRecords(c: Ctx): Listing {
  return listing(c, 'records', exchangeSql(c), 'date, visit_id', SERVICE_OR_EXCHANGE, (r) => serviceOrExchange(c, r));
}

/** Social service units: the units of the four social services and one per record of an exchange, by date and code (lines before records on a tie). */
function socialServices(c: Ctx): Listing {
  return listing(c, 'units', `${serviceSql(c, `sl.type IN ('information', 'consultation', 'health_education', 'referral')`)} UNION ALL ${exchangeSql(c)}`,
    'date, code, src, visit_id, line_id', SERVICE_OR_EXCHANGE, (r) => serviceOrExchange(c, r));
}

function gpClients(c: Ctx): Body {
  const visits = visitsWhere(c, HAS_MEDICAL);
  return { unit: 'persons', rows: [...perClient(c, visits, isMedical), ...perAnonymousRecord(c, visits, isMedical)].sort(byDate) };
}

function testsByType(c: Ctx): Body {
  return { unit: 'tests', rows: periodTests(c).map((r) => row(r.code, r.date, r.site, withAnon(c, r, testText(c, r)), 1, r.type)) };
}

function personsTested(c: Ctx, onlyInjecting: boolean): Body {
  const tests = periodTests(c);
  const seen = new Set<number>();
  const rows: Draft[] = [];
  for (const r of tests) {
    if (r.client_id === null) {
      if (!onlyInjecting) rows.push(row(null, r.date, r.site, testText(c, r), 1));
      continue;
    }
    if (seen.has(r.client_id) || (onlyInjecting && r.injects !== 'yes')) continue;
    seen.add(r.client_id);
    const injecting = onlyInjecting ? ` (${c.lang === 'lt' ? 'švirkščia: taip' : 'injects: yes'})` : '';
    rows.push(row(r.code, r.date, r.site, `${testText(c, r)}${injecting}`, 1));
  }
  return { unit: onlyInjecting ? 'clients' : 'persons', rows };
}

function positives(c: Ctx): Body {
  const rows: Draft[] = [];
  for (const inf of INFECTIONS) {
    for (const r of periodTests(c, positiveSql(inf))) rows.push(row(r.code, r.date, r.site, withAnon(c, r, testText(c, r)), 1, inf));
  }
  return { unit: 'results', rows: rows.sort(byDate) };
}

function newPositives(c: Ctx): Body {
  const rows: Draft[] = [];
  for (const inf of INFECTIONS) {
    // Clients: the first positive ever (any site) falls in the period, and they were positive in it at the chosen sites.
    const firsts = read(c, `WITH p AS (SELECT DISTINCT v.client_id FROM visits v JOIN tests t ON t.visit_id = v.id
          WHERE ${periodVisits(c)} AND v.client_id IS NOT NULL AND ${positiveSql(inf)}),
        f AS (SELECT v.client_id, min(v.date) AS date FROM visits v JOIN tests t ON t.visit_id = v.id JOIN p ON p.client_id = v.client_id
          WHERE v.voided_at IS NULL AND ${positiveSql(inf)} GROUP BY v.client_id)
        SELECT f.client_id, (SELECT t.id FROM visits v JOIN tests t ON t.visit_id = v.id
          WHERE v.client_id = f.client_id AND v.date = f.date AND v.voided_at IS NULL AND ${positiveSql(inf)} ORDER BY v.id, t.id LIMIT 1) AS visit_id
        FROM f WHERE f.date >= @from`, FIRST);
    if (firsts.length > 0) {
      const ids = JSON.stringify(firsts.map((f) => f.visit_id));
      const tests = read(c, `SELECT ${VISIT_COLS}, t.id AS line_id, t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result, c.injects
          FROM tests t JOIN visits v ON v.id = t.visit_id ${VISIT_JOINS} WHERE t.id IN (SELECT value FROM json_each(@ids))`, TEST_ROW, { ids });
      const first = c.lang === 'lt' ? 'pirmas teigiamas' : 'first positive';
      for (const r of tests) rows.push(row(r.code, r.date, r.site, `${first}: ${testText(c, r)}`, 1, inf));
    }
    // A positive without a code counts as new.
    for (const r of periodTests(c, `v.client_id IS NULL AND ${positiveSql(inf)}`)) rows.push(row(null, r.date, r.site, testText(c, r), 1, inf));
  }
  return { unit: 'results', rows: rows.sort(byDate) };
}

function testsBySetting(c: Ctx): Body {
  return { unit: 'tests', rows: periodTests(c).map((r) => row(r.code, r.date, r.site, withAnon(c, r, testText(c, r)), 1, testSetting(r.kind, r.tested_person))) };
}

function peersTakingForOthers(c: Ctx): Body {
  const visits = visitsWhere(c, `v.client_id IS NOT NULL AND EXISTS (SELECT 1 FROM supply_lines x WHERE x.visit_id = v.id AND x.for_peers = 1)`);
  return { unit: 'clients', rows: perClient(c, visits, (line) => line.t === 'supply' && line.forPeers) };
}

function reached(c: Ctx, which: 'street' | 'points' | 'both'): Body {
  const rows = read(c, `SELECT ${VISIT_COLS}, r.id AS line_id, r.peers_street, r.peers_points, p.name AS point
      FROM visits v JOIN secondary_reports r ON r.visit_id = v.id LEFT JOIN sites p ON p.id = r.point_site_id ${VISIT_JOINS}
      WHERE ${periodVisits(c)} ORDER BY v.date, v.id, r.id`, LINE_VISIT.extend({ peers_street: z.number(), peers_points: z.number(), point: z.string().nullable() }));
  const out: Draft[] = [];
  const lt = c.lang === 'lt';
  for (const r of rows) {
    const at = r.point ? ` (${r.point})` : '';
    if (which !== 'points' && r.peers_street !== 0) out.push(row(r.code, r.date, r.site, `${lt ? 'Pasiekta gatvėje' : 'Reached in the streets'}: ${r.peers_street}`, r.peers_street));
    if (which !== 'street' && r.peers_points !== 0) out.push(row(r.code, r.date, r.site, `${lt ? 'Pasiekta punktuose' : 'Reached at points'}${at}: ${r.peers_points}`, r.peers_points));
  }
  return { unit: 'peers', rows: out };
}

function pointsActive(c: Ctx): Body {
  const rows = read(c, `SELECT p.name AS point, min(v.date) AS date, count(*) AS reports FROM visits v JOIN secondary_reports r ON r.visit_id = v.id
      JOIN sites p ON p.id = r.point_site_id WHERE ${periodVisits(c)} GROUP BY r.point_site_id ORDER BY 2, 1`,
  z.object({ point: z.string(), date: z.string(), reports: z.number() }));
  const lt = c.lang === 'lt';
  return { unit: 'points', rows: rows.map((r) => row(null, r.date, r.point, `${lt ? 'Pranešimų apie punktą' : 'Reports on the point'}: ${r.reports}`, 1)) };
}

function trainedForSecondary(c: Ctx): Body {
  const onVisits = visitsWhere(c, 'v.client_id IS NOT NULL AND v.trained_secondary = 1');
  const atTrainings = read(c, `SELECT coalesce(c.merged_into_id, ac.client_id) AS client_id, cc.code, a.date, s.name AS site, coalesce(a.title, '') AS title
      FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
      JOIN clients cc ON cc.id = coalesce(c.merged_into_id, ac.client_id) LEFT JOIN sites s ON s.id = a.site_id
      WHERE a.type = 'training' AND coalesce(a.topic, 'secondary_exchange') = 'secondary_exchange' AND a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${inSites(c, 'a.site_id')} ORDER BY a.date, a.id`,
  z.object({ client_id: z.number(), code: z.string(), date: z.string(), site: z.string().nullable(), title: z.string() }));
  const lt = c.lang === 'lt';
  const first = new Map<number, Draft>();
  const consider = (id: number, r: Draft) => {
    const had = first.get(id);
    if (!had || r.date < had.date) first.set(id, r);
  };
  for (const v of onVisits) if (v.client_id !== null) consider(v.client_id, row(v.code, v.date, v.site, `${say(c, KIND_LABELS[v.kind], v.kind)}: ${lt ? 'pažymėtas kaip išmokytas antriniam keitimui' : 'marked as trained for secondary exchange'}`, 1));
  for (const t of atTrainings) consider(t.client_id, row(t.code, t.date, t.site, `${lt ? 'Mokymai' : 'Training'}${t.title ? `: ${t.title}` : ''}`, 1));
  return { unit: 'clients', rows: [...first.values()].sort(byDate) };
}

const OUTREACH = z.object({ date: z.string(), site_id: z.number(), site: z.string().nullable(), staff_id: z.number().nullable(), staff: z.string().nullable(), session: z.number() });

/** The period's outreach: each worker of each session, and each outreach contact record (its site 0 when it has none). */
function outreachRecords(c: Ctx): Array<z.output<typeof OUTREACH>> {
  return read(c, `SELECT o.date, o.site_id, s.name AS site, w.staff_id, st.display_name AS staff, 1 AS session
      FROM outreach_sessions o LEFT JOIN outreach_workers w ON w.session_id = o.id LEFT JOIN staff st ON st.id = w.staff_id LEFT JOIN sites s ON s.id = o.site_id
      WHERE o.voided_at IS NULL AND o.date BETWEEN @from AND @to ${inSites(c, 'o.site_id')}
    UNION ALL
    SELECT v.date, coalesce(v.site_id, 0), s.name, v.staff_id, st.display_name, 0 FROM visits v LEFT JOIN sites s ON s.id = v.site_id LEFT JOIN staff st ON st.id = v.staff_id
      WHERE ${periodVisits(c)} AND v.kind = 'outreach'
    ORDER BY 1, 2`, OUTREACH);
}

function outreachWorkers(c: Ctx): Body {
  const first = new Map<number, Draft>();
  const lt = c.lang === 'lt';
  for (const r of outreachRecords(c)) {
    if (r.staff_id === null || first.has(r.staff_id)) continue;
    first.set(r.staff_id, row(null, r.date, r.site, `${lt ? 'Darbuotojas' : 'Staff'}: ${r.staff ?? `#${r.staff_id}`}`, 1));
  }
  return { unit: 'staff', rows: [...first.values()] };
}

function outreachPlaces(c: Ctx): Body {
  const first = new Map<number, Draft>();
  const lt = c.lang === 'lt';
  for (const r of outreachRecords(c)) {
    // An outreach contact without a site is a session but not a place.
    if (r.site_id === 0 || first.has(r.site_id)) continue;
    first.set(r.site_id, row(null, r.date, r.site, lt ? 'Pirmas lauko darbas vietoje' : 'First outreach at the place', 1));
  }
  return { unit: 'places', rows: [...first.values()] };
}

function outreachSessions(c: Ctx): Body {
  const sessions = new Map<string, { date: string; site: string | null; staff: Set<string>; contacts: number }>();
  for (const r of outreachRecords(c)) {
    const key = `${r.date}|${r.site_id}`;
    const s = sessions.get(key) ?? { date: r.date, site: r.site, staff: new Set<string>(), contacts: 0 };
    sessions.set(key, s);
    if (r.staff !== null) s.staff.add(r.staff);
    if (r.session === 0) s.contacts++;
  }
  const lt = c.lang === 'lt';
  return {
    unit: 'sessions',
    rows: [...sessions.values()].map((s) => row(null, s.date, s.site, `${lt ? 'Kontaktų įrašų' : 'Contact records'}: ${s.contacts}${s.staff.size ? `; ${lt ? 'darbuotojai' : 'staff'}: ${[...s.staff].join(', ')}` : ''}`, 1)),
  };
}

const ACTIVITY = z.object({ id: z.number(), date: z.string(), site_id: z.number(), site: z.string().nullable(), title: z.string(), participants: z.number(), institution: z.string().nullable() });

function activities(c: Ctx, condition: string): Array<z.output<typeof ACTIVITY>> {
  return read(c, `SELECT a.id, a.date, coalesce(a.site_id, 0) AS site_id, s.name AS site, coalesce(a.title, '') AS title, a.participants, a.institution
      FROM activities a LEFT JOIN sites s ON s.id = a.site_id
      WHERE a.voided_at IS NULL AND a.date BETWEEN @from AND @to ${inSites(c, 'a.site_id')} AND (${condition}) ORDER BY a.date, a.id`, ACTIVITY);
}

function meetings(c: Ctx): Body {
  // The rows of one meeting: same date, title and site, trimmed, any case (Lithuanian letters folded as a person reads them).
  const met = new Map<string, { date: string; site: string | null; title: string; rows: number; participants: number }>();
  for (const a of activities(c, `a.type = 'meeting'`)) {
    const key = `${a.date}\u0000${a.site_id}\u0000${a.title.trim().toLocaleLowerCase('lt')}`;
    const m = met.get(key) ?? { date: a.date, site: a.site, title: a.title.trim(), rows: 0, participants: 0 };
    met.set(key, m);
    m.rows++;
    m.participants += a.participants;
  }
  const lt = c.lang === 'lt';
  return {
    unit: 'meetings',
    rows: [...met.values()].map((m) => row(null, m.date, m.site, `${m.title || (lt ? 'be pavadinimo' : 'untitled')} (${lt ? 'dalyvių' : 'participants'}: ${m.participants}; ${lt ? 'įrašų' : 'rows'}: ${m.rows})`, 1)),
  };
}

function meetingParticipants(c: Ctx): Body {
  const lt = c.lang === 'lt';
  return {
    unit: 'participants',
    rows: activities(c, `a.type = 'meeting'`).filter((a) => a.participants !== 0).map((a) => {
      const inst = a.institution ?? 'other';
      const label = say(c, PART_LABELS.meeting_participants_by_institution?.[inst], inst);
      return row(null, a.date, a.site, `${a.title || (lt ? 'be pavadinimo' : 'untitled')} (${label})`, a.participants, inst);
    }),
  };
}

function mediaItems(c: Ctx): Body {
  const lt = c.lang === 'lt';
  return { unit: 'activities', rows: activities(c, `a.type = 'media'`).map((a) => row(null, a.date, a.site, a.title || (lt ? 'be pavadinimo' : 'untitled'), 1)) };
}

function overdoseTrained(c: Ctx): Body {
  const lt = c.lang === 'lt';
  return {
    unit: 'participants',
    rows: activities(c, `a.type = 'training' AND a.topic = 'overdose_response'`).filter((a) => a.participants !== 0)
      .map((a) => row(null, a.date, a.site, `${lt ? 'Mokymai' : 'Training'}: ${a.title || (lt ? 'be pavadinimo' : 'untitled')}`, a.participants)),
  };
}

const OVERDOSE = z.object({
  date: z.string(), code: z.string().nullable(), site: z.string().nullable(), reported_by: z.string(), place: z.string(), naloxone_given: z.string(),
  naloxone_by: z.string().nullable(), ambulance: z.string(), outcome: z.string(),
});

/** The period's overdose reports (never their notes). */
function overdoses(c: Ctx, partOf: (o: z.output<typeof OVERDOSE>) => string | undefined): Body {
  const rows = read(c, `SELECT o.date, c.code, s.name AS site, o.reported_by, o.place, o.naloxone_given, o.naloxone_by, o.ambulance, o.outcome
      FROM overdoses o LEFT JOIN clients c ON c.id = o.client_id LEFT JOIN sites s ON s.id = o.site_id
      WHERE o.voided_at IS NULL AND o.date BETWEEN @from AND @to ${inSites(c, 'o.site_id')} ORDER BY o.date, o.id`, OVERDOSE);
  const lt = c.lang === 'lt';
  const out: Draft[] = [];
  for (const o of rows) {
    const part = partOf(o);
    if (part === undefined) continue;
    const naloxone = o.naloxone_given === 'yes'
      ? `${lt ? 'naloksonas: taip' : 'naloxone: yes'}${o.naloxone_by ? ` (${say(c, NALOXONE_BY_LABELS[o.naloxone_by], o.naloxone_by)})` : ''}`
      : `${lt ? 'naloksonas' : 'naloxone'}: ${say(c, YES_NO_LABELS[o.naloxone_given], o.naloxone_given)}`;
    const what = [
      `${lt ? 'Perdozavimas' : 'Overdose'} ${say(c, OVERDOSE_PLACE_LABELS[o.place], o.place)}`,
      `${lt ? 'pranešė' : 'reported by'} ${say(c, REPORTER_LABELS[o.reported_by], o.reported_by)}`,
      naloxone,
      `${lt ? 'greitoji' : 'ambulance'}: ${say(c, YES_NO_LABELS[o.ambulance], o.ambulance)}`,
      say(c, OVERDOSE_OUTCOME_LABELS[o.outcome], o.outcome),
    ].join('; ');
    out.push(row(o.code, o.date, o.site, what, 1, part));
  }
  return { unit: 'reports', rows: out };
}

const isNaloxone = (c: Ctx) => (line: Line) => line.t === 'supply' && line.direction === 'out' && c.items.get(line.itemId)?.key === 'naloxone';
const HAS_NALOXONE = `EXISTS (SELECT 1 FROM supply_lines x JOIN items i ON i.id = x.item_id WHERE x.visit_id = v.id AND i.key = 'naloxone' AND x.direction = 'out')`;

function naloxoneRecipients(c: Ctx): Body {
  const visits = visitsWhere(c, HAS_NALOXONE);
  return { unit: 'persons', rows: [...perClient(c, visits, isNaloxone(c)), ...perAnonymousRecord(c, visits, isNaloxone(c))].sort(byDate) };
}

function inPharmacotherapy(c: Ctx): Body {
  const visits = visitsWhere(c, 'v.client_id IS NOT NULL');
  // Each client's latest standing change on or before the last day; a merged code's changes are the surviving client's.
  const status = new Map(read(c, `WITH pc AS (SELECT coalesce(cl.merged_into_id, p.client_id) AS client_id, p.id, p.date, p.status
        FROM pharmacotherapy_changes p JOIN clients cl ON cl.id = p.client_id WHERE p.voided_at IS NULL AND p.date <= @to)
      SELECT client_id, date, status FROM (
        SELECT pc.*, row_number() OVER (PARTITION BY client_id ORDER BY date DESC, id DESC) AS rn FROM pc
        WHERE client_id IN (SELECT value FROM json_each(@ids)))
      WHERE rn = 1`,
  z.object({ client_id: z.number(), date: z.string(), status: z.number() }),
  { ids: JSON.stringify([...new Set(visits.flatMap((v) => (v.client_id === null ? [] : [v.client_id])))]) }).map((r) => [r.client_id, r]));
  const lt = c.lang === 'lt';
  return {
    unit: 'clients',
    rows: perClient(c, visits, () => false, (v) => (v.client_id !== null && status.get(v.client_id)?.status === 1 ? null : undefined),
      (v) => ` (${lt ? 'pakaitinis gydymas nuo' : 'in opioid agonist therapy since'} ${v.client_id === null ? '' : status.get(v.client_id)?.date ?? ''})`),
  };
}

/**
 * A care cascade: among clients with a visit in the period (at the chosen sites), those who reached
 * each step on or before its last day (tests at any site, care steps of the client). One row per
 * client and step, on the day the step was first reached.
 */
function cascade(c: Ctx, infection: 'hcv' | 'hiv'): Body {
  const clients = visitsWhere(c, 'v.client_id IS NOT NULL');
  const first = new Map<number, VisitRow>();
  for (const v of clients) if (v.client_id !== null && !first.has(v.client_id)) first.set(v.client_id, v);
  const ids = JSON.stringify([...first.keys()]);
  const stepTests: Array<{ step: string; condition: string }> = infection === 'hcv'
    ? [
      { step: 'antibody_positive', condition: `t.type != 'hcv_rna' AND t.hcv_result = 'positive'` },
      { step: 'rna_tested', condition: `t.type = 'hcv_rna'` },
      { step: 'rna_positive', condition: `t.type = 'hcv_rna' AND t.hcv_result = 'positive'` },
    ]
    : [{ step: 'positive', condition: `t.hiv_result = 'positive'` }];
  const reached = new Map<string, Draft>();
  const reach = (clientId: number, step: string, r: Draft) => {
    const key = `${clientId}|${step}`;
    const had = reached.get(key);
    if (!had || r.date < had.date) reached.set(key, r);
  };
  for (const { step, condition } of stepTests) {
    const tests = read(c, `SELECT ${VISIT_COLS}, t.id AS line_id, t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result, c.injects
        FROM visits v JOIN tests t ON t.visit_id = v.id ${VISIT_JOINS}
        WHERE v.voided_at IS NULL AND v.date <= @to AND v.client_id IN (SELECT value FROM json_each(@ids)) AND ${condition} ORDER BY v.date, v.id, t.id`, TEST_ROW, { ids });
    for (const t of tests) if (t.client_id !== null) reach(t.client_id, step, row(t.code, t.date, t.site, `${say(c, CARE_STEP_LABELS[step], step)}: ${testText(c, t)}`, 1, step));
  }
  const steps = read(c, `SELECT k.client_id, c.code, k.step, k.date, s.name AS site FROM care_steps k JOIN clients c ON c.id = k.client_id LEFT JOIN sites s ON s.id = k.site_id
      WHERE k.voided_at IS NULL AND k.infection = @infection AND k.date <= @to AND k.client_id IN (SELECT value FROM json_each(@ids)) ORDER BY k.date, k.id`,
  z.object({ client_id: z.number(), code: z.string(), step: z.string(), date: z.string(), site: z.string().nullable() }), { ids, infection });
  const care = c.lang === 'lt' ? 'priežiūros įrašas' : 'care record';
  for (const k of steps) reach(k.client_id, k.step, row(k.code, k.date, k.site, `${say(c, CARE_STEP_LABELS[k.step], k.step)} (${care})`, 1, k.step));
  return { unit: 'clients', rows: [...reached.values()].sort(byDate) };
}

// ---- derived figures ----

const MONTHS_NOTE = l('Laikotarpis trumpesnis nei 28 dienos: mėnesinio rodiklio nėra.', 'The period is shorter than 28 days: no per-month figure.');
const NO_ESTIMATE = l('Įvertintas švirkščiamųjų narkotikų vartotojų skaičius nenustatytas.', 'No estimated PWID population is set.');
const ZERO = (what: Label): Label => l(`Vardiklis lygus nuliui: ${what.lt}.`, `The denominator is zero: ${what.en}.`);

function estimateOf(c: Ctx): number | null {
  const e = c.rules.pwidPopulationEstimate;
  return e !== null && e > 0 ? e : null;
}

const monthsOfPeriod = (c: Ctx) => monthsInPeriod(c.from, c.to);
const perMonthAllowed = (c: Ctx) => monthsOfPeriod(c) > 0 && daysInclusive(c.from, c.to) >= 28;

function ratio(num: IndicatorKey, den: IndicatorKey, formula: Label, scale: number): (c: Ctx) => DerivedParts {
  return () => ({
    formula,
    numerator: { key: num },
    denominator: { key: den },
    figure: (n, d) => (d === null || d === 0 ? { value: null, emptyBecause: ZERO(labelOf(den)) } : { value: round1((n / d) * scale), emptyBecause: null }),
  });
}

function perPwidYear(num: IndicatorKey, formula: Label): (c: Ctx) => DerivedParts {
  return (c) => {
    const estimate = estimateOf(c);
    const months = monthsOfPeriod(c);
    return {
      formula, numerator: { key: num }, months, estimate,
      figure: (n) => (estimate === null ? { value: null, emptyBecause: NO_ESTIMATE }
        : months <= 0 ? { value: null, emptyBecause: MONTHS_NOTE } : { value: round1(((n / estimate) * 12) / months), emptyBecause: null }),
    };
  };
}

// ---- every figure of spec/indicators.md ----

const byPart = (explain: (c: Ctx) => Body) => count(explain);

const EXPLAINERS: Record<IndicatorKey, Explainer> = {
  clients: listed((c) => firstVisits(c, '1')),
  nsp_participants: listed((c) => firstVisits(c, HAS_EXCHANGE, isExchange(c))),
  new_clients: count(newClientsExplain),
  new_nsp_participants: count((c) => ({ unit: 'clients', rows: newClients(c, HAS_EXCHANGE, HAS_EXCHANGE, isExchange(c)) })),
  regular_clients: count(regularExplain),
  regular_nsp_access: count(regularAccessExplain),
  nsp_coverage: derived((c) => {
    const estimate = estimateOf(c);
    return {
      formula: l('Programos dalyviai / įvertintas švirkščiamųjų narkotikų vartotojų skaičius × 100', 'NSP participants / estimated PWID population × 100'),
      numerator: { key: 'nsp_participants' }, estimate,
      figure: (n) => (estimate === null ? { value: null, emptyBecause: NO_ESTIMATE } : { value: round1((n / estimate) * 100), emptyBecause: null }),
    };
  }),
  anonymous_contacts: count((c) => ({ unit: 'persons', rows: perAnonymousRecord(c, visitsWhere(c, `v.kind = 'outreach' AND v.client_id IS NULL`)) })),
  // A visit-day: a client's first record of a day (the one with the lowest id).
  visits: listed((c) => listing(c, 'visit_days', `SELECT ${VISIT_COLS}, 1 AS n, NULL AS part FROM visits v ${VISIT_JOINS}
      WHERE v.id IN (SELECT min(v.id) FROM visits v WHERE ${periodVisits(c)} AND v.client_id IS NOT NULL GROUP BY v.client_id, v.date)`,
  'date, visit_id', VISIT, (v) => row(v.code, v.date, v.site, (lines) => visitText(c, v, lines), 1, null, v.visit_id))),
  clients_by_sex: listed((c) => bySexOrAge(c, 'sex')),
  clients_by_age: listed((c) => bySexOrAge(c, 'age')),
  new_clients_by_route: byPart((c) => ({ unit: 'clients', rows: newClients(c, '1', '1', undefined, (v) => v.came_via) })),
  new_clients_via_secondary: count((c) => ({
    unit: 'clients', rows: newClients(c, '1', '1', undefined, (v) => v.came_via).filter((r) => r.part === 'peer' || r.part === 'point').map((r) => ({ ...r, part: null })),
  })),
  syringes_distributed: listed(supplyOut('syringe')),
  needles_distributed: listed(supplyOut('needle')),
  syringes_collected: listed(supplyIn('syringe')),
  needles_collected: listed(supplyIn('needle')),
  syringe_return_rate: derived(ratio('syringes_collected', 'syringes_distributed', l('Surinkti švirkštai / išdalyti švirkštai × 100', 'Syringes collected / syringes distributed × 100'), 100)),
  needles_syringes_distributed: listed((c) => supplyLines(c, `i.category IN ('syringe', 'needle') AND sl.direction = 'out'`)),
  needles_syringes_per_pwid_year: derived(perPwidYear('needles_syringes_distributed',
    l('Išdalytos adatos ir švirkštai / įvertintas vartotojų skaičius × 12 / laikotarpio mėnesiai', 'Needles and syringes distributed / estimated PWID population × 12 / months in the period'))),
  syringes_per_participant: derived(ratio('syringes_distributed', 'nsp_participants', l('Išdalyti švirkštai / programos dalyviai', 'Syringes distributed / NSP participants'), 1)),
  syringes_per_participant_month: derived((c) => {
    const months = monthsOfPeriod(c);
    return {
      formula: l('Išdalyti švirkštai / programos dalyviai / laikotarpio mėnesiai', 'Syringes distributed / NSP participants / months in the period'),
      numerator: { key: 'syringes_distributed' }, denominator: { key: 'nsp_participants' }, months,
      figure: (n, d) => (d === null || d === 0 ? { value: null, emptyBecause: ZERO(labelOf('nsp_participants')) }
        : !perMonthAllowed(c) ? { value: null, emptyBecause: MONTHS_NOTE } : { value: round1(n / d / months), emptyBecause: null }),
    };
  }),
  syringes_per_pwid_year: derived(perPwidYear('syringes_distributed',
    l('Išdalyti švirkštai / įvertintas vartotojų skaičius × 12 / laikotarpio mėnesiai', 'Syringes distributed / estimated PWID population × 12 / months in the period'))),
  alcohol_pads_distributed: listed(supplyOut('alcohol_pad')),
  disinfectants_distributed: listed(supplyOut('disinfectant')),
  condoms_distributed: listed(supplyOut('condom')),
  other_commodities: listed((c) => supplyLines(c, `i.category = 'other' AND sl.direction = 'out'`, 'i.key')),
  svc_information: listed(units('information')),
  svc_consultation: listed(units('consultation')),
  svc_health_education: listed(units('health_education')),
  svc_referral: listed(units('referral')),
  svc_nsp_exchange: listed(exchangeRecords),
  social_services_total: listed(socialServices),
  referrals_by_destination: listed((c) => serviceLines(c, `sl.type = 'referral'`, `coalesce(sl.referral_to, 'other')`)),
  referrals_by_outcome: listed((c) => serviceLines(c, `sl.type = 'referral'`, `coalesce(sl.referral_outcome, 'unknown')`)),
  referral_arrival_rate: derived(() => ({
    formula: l('Tarpininkavimo vienetai, kai klientas atvyko / tarpininkavimo vienetai × 100', 'Referral units with the outcome arrived / referral units × 100'),
    numerator: { key: 'referrals_by_outcome', part: 'arrived' },
    denominator: { key: 'svc_referral' },
    figure: (n, d) => (d === null || d === 0 ? { value: null, emptyBecause: ZERO(labelOf('svc_referral')) } : { value: round1((n / d) * 100), emptyBecause: null }),
  })),
  clients_in_pharmacotherapy: count(inPharmacotherapy),
  pre_test_counselling: listed(units('pre_test_counselling')),
  post_test_counselling: listed(units('post_test_counselling')),
  gp_services: listed((c) => serviceLines(c, `sl.type IN (${MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ')})`)),
  gp_clients: count(gpClients),
  gp_by_type: listed((c) => serviceLines(c, `sl.type IN (${MEDICAL_SERVICES.map((t) => `'${t}'`).join(', ')})`, 'sl.type')),
  tests_by_type: byPart(testsByType),
  persons_tested: count((c) => personsTested(c, false)),
  pwid_tested: count((c) => personsTested(c, true)),
  positive_results: byPart(positives),
  new_positive_cases: byPart(newPositives),
  tests_by_setting: byPart(testsBySetting),
  naloxone_kits_distributed: listed((c) => supplyLines(c, `i.key = 'naloxone' AND sl.direction = 'out'`)),
  naloxone_recipients: count(naloxoneRecipients),
  overdose_response_trained: count(overdoseTrained),
  overdoses_reported: byPart((c) => overdoses(c, (o) => o.outcome)),
  overdoses_naloxone_given: byPart((c) => overdoses(c, (o) => (o.naloxone_given === 'yes' ? o.naloxone_by ?? 'other' : undefined))),
  hcv_cascade: byPart((c) => cascade(c, 'hcv')),
  hiv_cascade: byPart((c) => cascade(c, 'hiv')),
  secondary_exchange_peers: count(peersTakingForOthers),
  reached_secondary_street: count((c) => reached(c, 'street')),
  reached_secondary_points: count((c) => reached(c, 'points')),
  reached_secondary_total: count((c) => reached(c, 'both')),
  reached_secondary_per_month: derived((c) => {
    const months = monthsOfPeriod(c);
    return {
      formula: l('Iš viso pasiekta antriniu keitimu / laikotarpio mėnesiai, suapvalinta žemyn', 'Reached by secondary exchange in total / months in the period, rounded down'),
      numerator: { key: 'reached_secondary_total' }, months,
      figure: (n) => (!perMonthAllowed(c) ? { value: null, emptyBecause: MONTHS_NOTE } : { value: Math.floor(n / months + 1e-9), emptyBecause: null }),
    };
  }),
  secondary_points_active: count(pointsActive),
  clients_trained_secondary: count(trainedForSecondary),
  outreach_workers: count(outreachWorkers),
  outreach_places: count(outreachPlaces),
  outreach_sessions: count(outreachSessions),
  meetings: count(meetings),
  meeting_participants: count(meetingParticipants),
  meeting_participants_by_institution: byPart(meetingParticipants),
  media_items: count(mediaItems),
};

/** Whether a figure has an explainer (every key of the catalogue must: the test goes through them all). */
export function hasExplainer(key: string): boolean {
  return isIndicatorKey(key) && Object.hasOwn(EXPLAINERS, key);
}

/** The part keys of a split figure (the catalogue's items for other_commodities); null for a figure without parts. */
export function partsOf(key: IndicatorKey, catalogue: readonly CatalogueItem[]): readonly string[] | null {
  const parts = indicatorByKey.get(key)?.parts;
  if (!parts) return null;
  return parts === 'catalogue' ? catalogue.filter((i) => i.category === 'other').map((i) => i.key) : parts;
}

function partLabel(key: IndicatorKey, part: string, catalogue: readonly CatalogueItem[]): Label {
  if (key === 'other_commodities') {
    const item = catalogue.find((i) => i.key === part);
    return item ? { lt: item.labelLt, en: item.labelEn } : { lt: part, en: part };
  }
  return PART_LABELS[key]?.[part] ?? OWN_PART_LABELS[key]?.[part] ?? (key === 'positive_results' || key === 'new_positive_cases' ? INFECTION_LABELS[part as Infection] : undefined) ?? { lt: part, en: part };
}

const SITE_NAME = z.object({ id: z.number(), name: z.string() });

/**
 * The records behind one figure of a report for a period and a set of sites, and the definition
 * applied (see the top of this file). `rules` and `catalogue` are the report's (engine.ts).
 */
export function explainFigure(store: Store, input: ExplainInput, rules: EngineRules, catalogue: readonly CatalogueItem[]): Explanation {
  const { key } = input;
  const explainer: Explainer | undefined = Object.hasOwn(EXPLAINERS, key) ? EXPLAINERS[key] : undefined;
  if (!explainer) throw new Error(`No explainer for the figure ${key}: every figure of shared/indicators.ts needs one in db/reports/explain.ts`);
  const parts = partsOf(key, catalogue);
  const part = input.part ?? null;
  if (part !== null && (parts === null || !parts.includes(part))) throw new Error(`The figure ${key} has no part ${part}`);
  const siteIds = [...new Set(input.siteIds)];
  const lang = input.language ?? 'lt';
  const params: Record<string, Param> = { from: input.from, to: input.to, sites: JSON.stringify(siteIds) };
  const siteRows = siteIds.length === 0 ? [] : store.sqlite.prepare(`SELECT id, name FROM sites WHERE id IN (SELECT value FROM json_each(?))`).all(params.sites);
  const names = new Map(siteRows.map((r) => SITE_NAME.parse(r)).map((r) => [r.id, r.name]));
  const c: Ctx = {
    store, from: input.from, to: input.to, siteIds, filtered: siteIds.length > 0, lang, rules, catalogue,
    items: new Map(catalogue.map((i) => [i.id, i])), params, sites: siteIds.map((id) => names.get(id) ?? `#${id}`),
    limit: input.limit === undefined ? null : Math.max(0, Math.trunc(input.limit)),
  };
  // One snapshot: a visit saved meanwhile does not make the lists disagree with each other.
  return store.sqlite.transaction(() => explainIn(c, key, part)).deferred();
}

/** As explainFigure, with the rules and catalogue in force (the settings), as runReport takes them: what a channel calls. */
export function explainReportFigure(store: Store, input: ExplainInput): Explanation {
  const s = getSettings({ store });
  return explainFigure(store, input, { regularMinVisitDays: s.regularMinVisitDays, pwidPopulationEstimate: s.pwidPopulationEstimate }, loadCatalogue(store));
}

function common(c: Ctx, key: IndicatorKey, part: string | null): Common {
  const def = indicatorByKey.get(key);
  if (!def) throw new Error(`No indicator ${key}`);
  const parts = partsOf(key, c.catalogue);
  return {
    key, part, label: def.label, partLabel: part === null ? null : partLabel(key, part, c.catalogue),
    partLabels: parts === null ? null : Object.fromEntries(parts.map((p) => [p, partLabel(key, p, c.catalogue)])), definition: def.definition,
    rule: key === 'regular_clients' ? { lt: regularRuleText(c.rules.regularMinVisitDays, 'lt'), en: regularRuleText(c.rules.regularMinVisitDays, 'en') } : null,
    from: c.from, to: c.to, sites: c.sites, language: c.lang,
  };
}

function explainIn(c: Ctx, key: IndicatorKey, part: string | null): Explanation {
  const explainer = EXPLAINERS[key];
  if (explainer.kind === 'listing') {
    const list = explainer.explain(c);
    const where = part === null ? '' : 'WHERE part = @part';
    const params: Record<string, Param> = part === null ? {} : { part };
    let shown: Draft[];
    let totals: { total: number; rows: number };
    if (c.limit === null) {
      // The whole list: its rows are all read, and counted here.
      shown = list.drafts(`SELECT * FROM (${list.sql}) ${where} ORDER BY ${list.order}`, params).drafts;
      totals = { total: shown.reduce((a, d) => a + d.count, 0), rows: shown.length };
    } else {
      // The first rows, each carrying the whole list's sum and number of rows (one pass of the statement).
      const read1 = list.drafts(`SELECT *, coalesce(sum(n) OVER (), 0) AS _total, count(*) OVER () AS _rows FROM (${list.sql}) ${where}
          ORDER BY ${list.order} LIMIT ${Math.max(1, c.limit)}`, params);
      shown = read1.drafts.slice(0, c.limit);
      const along = read1.first === undefined ? { _total: 0, _rows: 0 } : TOTALS_ALONG.parse(read1.first);
      totals = { total: along._total, rows: along._rows };
    }
    return { ...common(c, key, part), kind: 'count', figure: totals.total, unit: list.unit, rows: written(c, shown), total: totals.total, rowsLeftOff: totals.rows - shown.length };
  }
  if (explainer.kind === 'count') {
    const body = explainer.explain(c);
    const rows = part === null ? body.rows : body.rows.filter((r) => r.part === part);
    const total = rows.reduce((a, r) => a + r.count, 0);
    const shown = c.limit === null || rows.length <= c.limit ? rows : rows.slice(0, c.limit);
    return { ...common(c, key, part), kind: 'count', figure: total, unit: body.unit, rows: written(c, shown), total, rowsLeftOff: rows.length - shown.length };
  }
  const d = explainer.explain(c, part);
  const num = explainIn(c, d.numerator.key, d.numerator.part ?? null);
  const den = d.denominator ? explainIn(c, d.denominator.key, d.denominator.part ?? null) : null;
  if (num.kind !== 'count' || (den !== null && den.kind !== 'count')) throw new Error(`The components of ${key} must be counts`);
  const { value, emptyBecause } = d.figure(num.total, den === null ? null : den.total);
  return {
    ...common(c, key, part), kind: 'derived', figure: value, formula: d.formula,
    components: [{ role: 'numerator', explanation: num }, ...(den ? [{ role: 'denominator' as const, explanation: den }] : [])],
    months: d.months ?? null, pwidPopulationEstimate: d.estimate ?? null, emptyBecause, rows: [], total: null,
  };
}

// ---------------------------------------------------------------------------------------------
// The list as a workbook

const HEADERS: Record<Language, { code: string; date: string; site: string; part: string; what: string; count: string }> = {
  lt: { code: 'Kliento kodas', date: 'Data', site: 'Vieta', part: 'Dalis', what: 'Kas skaičiuojama', count: 'Skaičius' },
  en: { code: 'Client code', date: 'Date', site: 'Site', part: 'Part', what: 'What counts', count: 'Count' },
};
const WORDS: Record<Language, Record<string, string>> = {
  lt: {
    figure: 'Rodiklis', period: 'Laikotarpis', sites: 'Vietos', allSites: 'Visos vietos', definition: 'Apibrėžimas', rule: 'Taisyklė', value: 'Reikšmė',
    total: 'Iš viso sąraše', unit: 'Skaičiuojama', formula: 'Formulė', months: 'Laikotarpio mėnesiai', estimate: 'Įvertintas ŠNV skaičius',
    empty: 'Reikšmės nėra', numerator: 'Skaitiklis', denominator: 'Vardiklis', list: 'Sąrašas', explanation: 'Paaiškinimas', none: '–', leftOff: 'Eilučių nerodoma', notes: 'Pastabos į sąrašą neįtraukiamos.',
  },
  en: {
    figure: 'Figure', period: 'Period', sites: 'Sites', allSites: 'All sites', definition: 'Definition', rule: 'Rule', value: 'Value',
    total: 'Total of the list', unit: 'Counted in', formula: 'Formula', months: 'Months in the period', estimate: 'Estimated PWID population',
    empty: 'No value', numerator: 'Numerator', denominator: 'Denominator', list: 'List', explanation: 'Explanation', none: '–', leftOff: 'Rows left off', notes: 'Notes are never included.',
  },
};

function labelText(e: Explanation, lang: Language): string {
  return `${e.label[lang]}${e.partLabel ? `: ${e.partLabel[lang]}` : ''}`;
}

/** One style object per kind of cell, shared by every cell of the kind: exceljs finds a shared style's id again at once (see rememberEmptyStyles in db/register/export.ts). */
const PLAIN: Partial<ExcelJS.Style> = {};
const BOLD: Partial<ExcelJS.Style> = { font: { bold: true } };
const HEADER: Partial<ExcelJS.Style> = { font: { bold: true }, border: { bottom: { style: 'thin' } } };
const WRAP: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
const COUNT: Partial<ExcelJS.Style> = { numFmt: '#,##0' };
const TOTAL: Partial<ExcelJS.Style> = { numFmt: '#,##0', font: { bold: true } };

function put(r: ExcelJS.Row, values: ReadonlyArray<string | number>, styles: ReadonlyArray<Partial<ExcelJS.Style>>): void {
  values.forEach((v, i) => {
    const cell = r.getCell(i + 1);
    cell.value = v;
    cell.style = styles[i] ?? PLAIN;
  });
}

/** The lines of the head of a sheet: what the figure is, the period, the sites, the definition. */
function headLines(e: Explanation, lang: Language): Array<[string, string | number]> {
  const w = WORDS[lang];
  const lines: Array<[string, string | number]> = [
    [w.figure, labelText(e, lang)],
    [w.period, `${e.from} – ${e.to}`],
    [w.sites, e.sites.length ? e.sites.join(', ') : w.allSites],
    [w.definition, e.definition[lang]],
  ];
  if (e.rule) lines.push([w.rule, e.rule[lang]]);
  if (e.kind === 'count') {
    lines.push([w.unit, UNIT_LABELS[e.unit][lang]], [w.value, e.figure], [w.total, e.total]);
    if (e.rowsLeftOff > 0) lines.push([w.leftOff, e.rowsLeftOff]);
  } else {
    lines.push([w.formula, e.formula[lang]], [w.value, e.figure ?? w.none]);
    if (e.emptyBecause) lines.push([w.empty, e.emptyBecause[lang]]);
    if (e.months !== null) lines.push([w.months, round1(e.months)]);
    if (e.pwidPopulationEstimate !== null) lines.push([w.estimate, e.pwidPopulationEstimate]);
    for (const comp of e.components) lines.push([w[comp.role], `${labelText(comp.explanation, lang)}: ${comp.explanation.total}`]);
  }
  lines.push(['', w.notes]);
  return lines;
}

/** The head of a sheet, then (a count) its rows under a header row, repeated on every printed page and frozen; each row written and let go. */
function writeSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, name: string, e: Explanation, lang: Language): void {
  const lines = headLines(e, lang);
  const at = lines.length + 2;
  const ws = book.addWorksheet(name.slice(0, 31), {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(e.kind === 'count' ? { printTitlesRow: `${at}:${at}` } : {}),
    },
    headerFooter: { oddFooter: '&P / &N' },
    views: e.kind === 'count' ? [{ state: 'frozen', ySplit: at }] : [],
  });
  ws.columns = [{ width: 16 }, { width: 12 }, { width: 24 }, { width: 18 }, { width: 70 }, { width: 12 }];
  const w = WORDS[lang];
  lines.forEach(([k, v], i) => {
    const r = ws.getRow(i + 1);
    put(r, [k, v], [BOLD, WRAP]);
    ws.mergeCells(i + 1, 2, i + 1, 6);
    if (k === w.definition || k === w.rule || k === w.formula) r.height = 45;
    r.commit();
  });
  if (e.kind === 'count') {
    const h = HEADERS[lang];
    const split = e.partLabels !== null;
    const header = ws.getRow(at);
    put(header, [h.code, h.date, h.site, split ? h.part : '', h.what, h.count], [HEADER, HEADER, HEADER, HEADER, HEADER, HEADER]);
    header.commit();
    e.rows.forEach((r, i) => {
      const x = ws.getRow(at + 1 + i);
      put(x, [r.clientCode ?? '', r.date, r.site ?? '', r.part === null ? '' : e.partLabels?.[r.part]?.[lang] ?? r.part, r.what, r.count], [PLAIN, PLAIN, PLAIN, PLAIN, WRAP, COUNT]);
      x.commit();
    });
    const sum = ws.getRow(at + 1 + e.rows.length);
    sum.getCell(5).value = w.total;
    sum.getCell(5).style = BOLD;
    sum.getCell(6).value = e.total;
    sum.getCell(6).style = TOTAL;
    sum.commit();
  }
  ws.commit();
}

/**
 * The explanation as an .xlsx file (bytes): the definition on top, then the rows, in the language
 * chosen (Lithuanian by default). A derived figure gets its formula and constants on the first
 * sheet and one sheet per component with that component's rows. Written by exceljs' streaming
 * writer, row by row (a year's list is a hundred thousand rows: no cell model of the whole sheet).
 */
export async function explainToXlsx(e: Explanation, language: Language = 'lt'): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { stream } = await loadExcel();
  const book = new stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  book.creator = 'Slenkstis';
  book.created = new Date();
  book.title = `${e.key}${e.part ? `.${e.part}` : ''} ${e.from} – ${e.to}`;
  const w = WORDS[language];
  writeSheet(book, e.kind === 'count' ? w.list : w.explanation, e, language);
  if (e.kind === 'derived') for (const comp of e.components) writeSheet(book, w[comp.role], comp.explanation, language);
  await book.commit();
  return Buffer.concat(chunks);
}
