// Export of the register (spec/register-format.md): the non-voided visits, activities,
// overdose reports and care steps of a period as rows of the register format, written as CSV
// (visits.csv, activities.csv, overdoses.csv, care.csv) or as one .xlsx workbook with the four
// sheets. Every column and sheet is always written, empty or not.
//
// A few things the app records have no column in the register format; export says so in
// its notes instead of dropping them silently (see `ExportNotes`).
//
// What belongs to the client is written on the client's rows of visits (register-format.md):
// - came_via and referred_by_code on the client's first row of the export;
// - in_pharmacotherapy as the dated changes (pharmacotherapy_changes). The register carries a
//   change only on a visit row, so a change on a day without a visit of the client's moves to
//   a visit day, chosen so that the status at the end of every month is kept: the client's
//   first row on or after the change when it is in the change's month; else the client's last
//   row before it when that one is in the change's month; else (no visit in that month) the
//   first row after it; after the client's last row, that last row (so that the status at the
//   end of the export, and today's, is kept). The first row says yes when the client is in
//   pharmacotherapy on its day (the changes before it fold into it). A status is written only
//   where it differs from what the rows before imply, so that import stores the same changes
//   again and a second export writes the same file. What cannot be kept: the status between a
//   change and the visit it moved to. A report of a period ending there can differ (a month
//   of a monthly report only when the change moved across a month end: no visit of the client
//   in the change's month, or a change after the client's last visit in a later month); the
//   notes count the changes that moved across a month end.
import { z } from 'zod';
import { query, type Store } from '../store';
import {
  ACTIVITY_TYPES, CAME_VIA, CARE_INFECTIONS, CARE_STEPS, DIRECTIONS, INJECTS, INSTITUTIONS, NALOXONE_GIVERS, OVERDOSE_OUTCOMES, OVERDOSE_PLACES,
  OVERDOSE_REPORTERS, REFERRAL_DESTINATIONS, REFERRAL_OUTCOMES, SEXES, TEST_RESULTS, TEST_TYPES, TESTED_PERSONS, TRAINING_TOPICS, VISIT_KINDS,
  YES_NO_UNKNOWN, type ReferralDestination, type ReferralOutcome,
} from '../../shared/domain';
import { ACTIVITY_COLUMNS, CARE_COLUMNS, OVERDOSE_COLUMNS, SUPPLY_COLUMNS, VISIT_COLUMNS, type SupplyColumn } from './columns';
import { csvFile } from './cells';
import { hasSecondary, type RegisterActivityRow, type RegisterCareRow, type RegisterOverdoseRow, type RegisterVisitRow } from './rows';
import { PassThrough } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { neutralise } from './cells';
import { say, text as keyed, type Lang, type Text } from '../../shared/core-messages';

export interface ExportRange {
  from?: string | null;
  to?: string | null;
}

/** What the register format cannot carry, counted so that the person exporting is told. */
export interface ExportNotes {
  /** Supply lines of other catalogue items taken back (other_items holds what is handed out). */
  otherItemsInLines: number;
  /** Supply lines marked "for peers" whose mark the register cannot carry (see `peersRow`). */
  forPeersLines: number;
  /** Visits whose equipment taken for peers is written on an extra row of kind secondary. */
  forPeersRows: number;
  /** Visits with a second test, referral destination or report, written as extra rows. */
  splitVisits: number;
  /** Care steps with a note (the care sheet has no note column). */
  careNotes: number;
  /** Pharmacotherapy changes on a day without a visit whose visit row is in another month. */
  pharmacotherapyMoved: number;
}

/** The notes in words, in the language of whoever asked (the Data screen's, or English for the command line). */
export function noteSentences(n: ExportNotes, lang: Lang = 'en'): string[] {
  const out: Text[] = [];
  if (n.otherItemsInLines) out.push(keyed('export.other_items_in', { lines: n.otherItemsInLines }));
  if (n.forPeersLines) out.push(keyed('export.for_peers', { lines: n.forPeersLines }));
  if (n.forPeersRows) out.push(keyed('export.for_peers_rows', { visits: n.forPeersRows }));
  if (n.splitVisits) out.push(keyed('export.split_visits', { visits: n.splitVisits }));
  if (n.careNotes) out.push(keyed('export.care_notes', { steps: n.careNotes }));
  if (n.pharmacotherapyMoved) out.push(keyed('export.pharmacotherapy_moved', { changes: n.pharmacotherapyMoved }));
  return out.map((t) => say(lang, t));
}

const bounds = (r: ExportRange): [string, string] => [r.from ?? '0000-01-01', r.to ?? '9999-12-31'];

/** A statement over a period: its two parameters are the first and the last day. */
const ranged = <R>(sql: string, row: z.ZodType<R>) => query<R, [string, string]>(sql, row);
const IN_RANGE = 'v.voided_at IS NULL AND v.date BETWEEN ? AND ?';
const text = z.string();
const textOrNull = z.string().nullable();
const int = z.number();

const VISITS = ranged(`SELECT v.id, v.date, v.anonymous_count, v.kind, v.trained_secondary, v.note, v.outreach_session_id,
      v.client_id, c.code, c.sex, c.birth_year, c.injects, c.came_via, c.referred_by_code, s.name AS site, st.user_name AS staff
    FROM visits v LEFT JOIN clients c ON c.id = v.client_id LEFT JOIN sites s ON s.id = v.site_id LEFT JOIN staff st ON st.id = v.staff_id
    WHERE ${IN_RANGE} ORDER BY v.date, v.id`, z.object({
  id: int, date: text, anonymous_count: int, kind: z.enum(VISIT_KINDS), trained_secondary: int, note: textOrNull,
  outreach_session_id: int.nullable(), client_id: int.nullable(), code: textOrNull, sex: z.enum(SEXES).nullable(), birth_year: int.nullable(),
  injects: z.enum(INJECTS).nullable(), came_via: z.enum(CAME_VIA).nullable(), referred_by_code: textOrNull, site: textOrNull, staff: textOrNull,
}));
/** Supply lines by visit, item category (other items by key: other_items names them) and direction. */
const SUPPLIES = ranged(`SELECT l.visit_id, i.category, CASE WHEN i.category = 'other' THEN i.key END AS key, l.direction,
      sum(l.quantity) AS quantity, l.for_peers, count(*) AS lines
    FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id
    WHERE ${IN_RANGE} GROUP BY l.visit_id, i.category, 3, l.direction, l.for_peers ORDER BY l.visit_id, 3, l.for_peers`, z.object({
  visit_id: int, category: text, key: textOrNull, direction: z.enum(DIRECTIONS), quantity: int, for_peers: int, lines: int,
}));
const SERVICES = ranged(`SELECT l.visit_id, l.type, l.units, l.referral_to, l.referral_outcome FROM service_lines l JOIN visits v ON v.id = l.visit_id
    WHERE ${IN_RANGE} ORDER BY l.id`, z.object({
  visit_id: int, type: text, units: int, referral_to: z.enum(REFERRAL_DESTINATIONS).nullable(), referral_outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
}));
/** Every client's pharmacotherapy changes up to the period's end (the first row says the status in force), a merged code's under its survivor. */
const PHARMACOTHERAPY = query<{ client_id: number; date: string; status: number }, [string]>(
  `SELECT coalesce(c.merged_into_id, x.client_id) AS client_id, x.date, x.status FROM pharmacotherapy_changes x JOIN clients c ON c.id = x.client_id
    WHERE x.voided_at IS NULL AND x.date <= ? ORDER BY 1, x.date, x.id`, z.object({ client_id: int, date: text, status: int }));
const TESTS = ranged(`SELECT t.visit_id, t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result FROM tests t JOIN visits v ON v.id = t.visit_id
    WHERE ${IN_RANGE} ORDER BY t.id`, z.object({
  visit_id: int, type: z.enum(TEST_TYPES), tested_person: z.enum(TESTED_PERSONS),
  hiv_result: z.enum(TEST_RESULTS).nullable(), hbv_result: z.enum(TEST_RESULTS).nullable(), hcv_result: z.enum(TEST_RESULTS).nullable(),
}));
const REPORTS = ranged(`SELECT r.visit_id, r.peers_street, r.peers_points, p.name AS point FROM secondary_reports r JOIN visits v ON v.id = r.visit_id
    LEFT JOIN sites p ON p.id = r.point_site_id WHERE ${IN_RANGE} ORDER BY r.id`, z.object({ visit_id: int, peers_street: int, peers_points: int, point: textOrNull }));
const WORKERS = ranged(`SELECT w.session_id, st.user_name FROM outreach_workers w JOIN staff st ON st.id = w.staff_id
      JOIN outreach_sessions o ON o.id = w.session_id WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ORDER BY w.session_id, st.user_name`,
z.object({ session_id: int, user_name: text }));
/** The clients trained at each training, by code (a merged client's trainings moved to the survivor when merged). */
const TRAINED = ranged(`SELECT ac.activity_id, c.code FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id JOIN clients c ON c.id = ac.client_id
    WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY ac.activity_id, c.code`, z.object({ activity_id: int, code: text }));
const ACTIVITIES = ranged(`SELECT a.id, a.date, a.type, a.topic, a.title, a.participants, a.institution, s.name AS site FROM activities a
      LEFT JOIN sites s ON s.id = a.site_id WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id`, z.object({
  id: int, date: text, type: z.enum(ACTIVITY_TYPES), topic: z.enum(TRAINING_TOPICS).nullable(), title: textOrNull, participants: int,
  institution: z.enum(INSTITUTIONS).nullable(), site: textOrNull,
}));
const OVERDOSES = ranged(`SELECT o.date, c.code, o.reported_by, o.place, o.naloxone_given, o.naloxone_by, o.ambulance, o.outcome, s.name AS site,
      st.user_name AS staff, o.note
    FROM overdoses o LEFT JOIN clients c ON c.id = o.client_id LEFT JOIN sites s ON s.id = o.site_id LEFT JOIN staff st ON st.id = o.staff_id
    WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ORDER BY o.date, o.id`, z.object({
  date: text, code: textOrNull, reported_by: z.enum(OVERDOSE_REPORTERS), place: z.enum(OVERDOSE_PLACES), naloxone_given: z.enum(YES_NO_UNKNOWN),
  naloxone_by: z.enum(NALOXONE_GIVERS).nullable(), ambulance: z.enum(YES_NO_UNKNOWN), outcome: z.enum(OVERDOSE_OUTCOMES), site: textOrNull,
  staff: textOrNull, note: textOrNull,
}));
const CARE = ranged(`SELECT k.date, c.code, k.infection, k.step, s.name AS site, st.user_name AS staff, k.note IS NOT NULL AS has_note
    FROM care_steps k JOIN clients c ON c.id = k.client_id LEFT JOIN sites s ON s.id = k.site_id LEFT JOIN staff st ON st.id = k.staff_id
    WHERE k.voided_at IS NULL AND k.date BETWEEN ? AND ? ORDER BY k.date, k.id`, z.object({
  date: text, code: text, infection: z.enum(CARE_INFECTIONS), step: z.enum(CARE_STEPS), site: textOrNull, staff: textOrNull, has_note: int,
}));
const VISIT_COUNT = ranged(`SELECT count(*) AS n FROM visits WHERE voided_at IS NULL AND date BETWEEN ? AND ?`, z.object({ n: int }));

const CATEGORY_COLUMN: Record<string, Partial<Record<'out' | 'in', SupplyColumn>>> = {};
for (const [col, def] of Object.entries(SUPPLY_COLUMNS) as Array<[SupplyColumn, (typeof SUPPLY_COLUMNS)[SupplyColumn]]>) {
  (CATEGORY_COLUMN[def.category] ??= {})[def.direction] = col;
}

function groupBy<T extends { visit_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.visit_id);
    if (list) list.push(r);
    else m.set(r.visit_id, [r]);
  }
  return m;
}

/**
 * The stored, non-voided visits of a period as register rows (in date order). A visit with
 * more than one test, referral destination or peer report becomes a main row and extra rows
 * with the same date, client, kind, site and staff, each carrying one of the extra lines.
 */
export function storedVisitRows(store: Store, range: ExportRange = {}): { rows: RegisterVisitRow[]; notes: ExportNotes } {
  const [from, to] = bounds(range);
  const visits = store.rows(VISITS, from, to);
  const supplies = groupBy(store.rows(SUPPLIES, from, to));
  const services = groupBy(store.rows(SERVICES, from, to));
  const tests = groupBy(store.rows(TESTS, from, to));
  const reports = groupBy(store.rows(REPORTS, from, to));
  const workers = new Map<number, string[]>();
  for (const w of store.rows(WORKERS, from, to)) {
    const list = workers.get(w.session_id);
    if (list) list.push(w.user_name);
    else workers.set(w.session_id, [w.user_name]);
  }

  const notes: ExportNotes = { otherItemsInLines: 0, forPeersLines: 0, forPeersRows: 0, splitVisits: 0, careNotes: 0, pharmacotherapyMoved: 0 };
  const rows: RegisterVisitRow[] = [];
  const sessionRows = new Map<number, RegisterVisitRow[]>();
  /** Each client's main rows, in date order: what belongs to the client is written on them. */
  const clientRows = new Map<number, RegisterVisitRow[]>();
  for (const v of visits) {
    const base: RegisterVisitRow = {
      date: v.date, code: v.code, anonymousCount: v.code === null ? v.anonymous_count : null,
      sex: v.code === null ? null : v.sex, birthYear: v.code === null ? null : v.birth_year, injects: v.code === null ? null : v.injects,
      inPharmacotherapy: null, cameVia: null, referredByCode: null,
      kind: v.kind, site: v.site, staff: v.staff, testedPerson: null, counts: {}, referralTo: null, referralOutcome: null,
      testType: null, hivResult: null, hbvResult: null, hcvResult: null, peersStreet: null, peersPoints: null, point: null,
      trained: false, otherItems: [], note: null,
    };
    const main: RegisterVisitRow = { ...base, counts: {}, trained: v.trained_secondary === 1, otherItems: [], note: v.note };
    const lines = supplies.get(v.id) ?? [];
    const moved = peersRow(v, lines);
    const peers: RegisterVisitRow | null = moved.size > 0 ? { ...base, kind: 'secondary', counts: {}, otherItems: [] } : null;
    for (const s of lines) {
      const target = peers !== null && moved.has(s) ? peers : main;
      if (s.key !== null) {
        if (s.direction === 'out') {
          const same = target.otherItems.find(([key]) => key === s.key);
          if (same) same[1] += s.quantity;
          else target.otherItems.push([s.key, s.quantity]);
        } else notes.otherItemsInLines += s.lines;
      } else {
        const col = CATEGORY_COLUMN[s.category]?.[s.direction];
        if (col) target.counts[col] = (target.counts[col] ?? 0) + s.quantity;
      }
      // The mark is carried by a secondary row (the import marks what such a row hands out), else lost.
      const carried = target.kind === 'secondary' && s.direction === 'out';
      if (s.for_peers && !carried) notes.forPeersLines += s.lines;
    }
    if (peers) notes.forPeersRows += 1;
    if (v.client_id !== null) {
      const list = clientRows.get(v.client_id);
      if (!list) {
        clientRows.set(v.client_id, [main]);
        // How the client came: on the client's first row (unknown is what an empty cell says).
        if (v.came_via !== null && v.came_via !== 'unknown') {
          main.cameVia = v.came_via;
          main.referredByCode = v.came_via === 'peer' ? v.referred_by_code : null;
        }
      } else if (list[list.length - 1].date !== v.date) list.push(main);
    }
    const extra: RegisterVisitRow[] = [];
    const referrals: Array<{ to: ReferralDestination | null; outcome: ReferralOutcome | null; units: number }> = [];
    for (const s of services.get(v.id) ?? []) {
      if (s.type === 'referral') {
        const same = referrals.find((r) => r.to === s.referral_to && r.outcome === s.referral_outcome);
        if (same) same.units += s.units;
        else referrals.push({ to: s.referral_to, outcome: s.referral_outcome, units: s.units });
      } else {
        const col = s.type as keyof RegisterVisitRow['counts'];
        main.counts[col] = (main.counts[col] ?? 0) + s.units;
      }
    }
    referrals.forEach((r, i) => {
      const target = i === 0 ? main : { ...base, counts: {} };
      target.counts.referral = r.units;
      target.referralTo = r.to;
      target.referralOutcome = r.outcome;
      if (i > 0) extra.push(target);
    });
    (tests.get(v.id) ?? []).forEach((t, i) => {
      const target = i === 0 ? main : { ...base, counts: {}, anonymousCount: base.code === null ? 1 : null };
      target.testType = t.type;
      target.testedPerson = v.code === null ? t.tested_person : null;
      target.hivResult = t.hiv_result;
      target.hbvResult = t.hbv_result;
      target.hcvResult = t.hcv_result;
      if (i > 0) extra.push(target);
    });
    (reports.get(v.id) ?? []).forEach((r, i) => {
      const target = i === 0 ? main : { ...base, counts: {} };
      target.peersStreet = r.peers_street;
      target.peersPoints = r.peers_points;
      target.point = r.point;
      if (i > 0) extra.push(target);
    });
    if (extra.length > 0) notes.splitVisits += 1;
    rows.push(main, ...extra);
    if (peers) rows.push(peers);
    if (v.outreach_session_id !== null) {
      const list = sessionRows.get(v.outreach_session_id);
      if (list) list.push(main);
      else sessionRows.set(v.outreach_session_id, [main]);
    }
  }
  spreadOutreachWorkers(sessionRows, workers);
  notes.pharmacotherapyMoved = writePharmacotherapy(clientRows, store.rows(PHARMACOTHERAPY, to));
  return { rows, notes };
}

type SupplyGroup = z.infer<typeof SUPPLIES.row>;

/**
 * The supply lines of a visit that go on an extra row of kind `secondary` (register-format.md: a
 * peer picking up equipment for others), so that what a client took for peers at the desk, in
 * outreach or at the doctor's (the history's "taken for peers") is taken for peers again on
 * import: the lines handed out for peers, of a client's visit that is not a secondary pick-up.
 * The extra row is a second visit record of the same client, day, site and worker, which changes
 * no figure (visit-days, clients and the day's firsts are the same) except an exchange record
 * (`svc_nsp_exchange` counts records): syringes and needles for peers move only when nothing of
 * the exchange stays behind; otherwise they stay, and only the other items for peers move. When
 * nothing moves, the mark is lost and the notes count the lines.
 */
function peersRow(v: { client_id: number | null; kind: string }, lines: SupplyGroup[]): Set<SupplyGroup> {
  const moved = new Set<SupplyGroup>();
  if (v.client_id === null || v.kind === 'secondary') return moved;
  const forPeers = lines.filter((s) => s.for_peers === 1 && s.direction === 'out');
  if (forPeers.length === 0) return moved;
  const isExchange = (s: SupplyGroup) => s.category === 'syringe' || s.category === 'needle';
  const exchangeStays = lines.some((s) => isExchange(s) && !forPeers.includes(s));
  for (const s of forPeers) if (!exchangeStays || !isExchange(s)) moved.add(s);
  return moved;
}

/**
 * Each client's pharmacotherapy changes onto the client's rows (date order, one row a day), as
 * the comment at the top of this file says. Answers how many changes moved to a row of another month.
 */
function writePharmacotherapy(clientRows: Map<number, RegisterVisitRow[]>, changes: Array<{ client_id: number; date: string; status: number }>): number {
  const byClient = new Map<number, Array<{ date: string; status: boolean }>>();
  for (const c of changes) {
    const list = byClient.get(c.client_id);
    const change = { date: c.date, status: c.status === 1 };
    if (list) list.push(change);
    else byClient.set(c.client_id, [change]);
  }
  let moved = 0;
  const month = (date: string) => date.slice(0, 7);
  for (const [client, history] of byClient) {
    const rows = clientRows.get(client);
    if (!rows) continue;
    // The day up to which each row speaks: its own, or the latest change it takes.
    const upTo = rows.map((r) => r.date);
    const takes = rows.map((_, i) => i === 0);
    let next = 0;
    for (const c of history) {
      if (c.date <= rows[0].date) continue;
      while (next < rows.length && rows[next].date < c.date) next++;
      const before = next - 1;
      let target: number;
      if (next < rows.length && month(rows[next].date) === month(c.date)) target = next;
      else if (month(rows[before].date) === month(c.date)) target = before;
      else {
        target = next < rows.length ? next : before;
        moved++;
      }
      takes[target] = true;
      if (c.date > upTo[target]) upTo[target] = c.date;
    }
    /** The status in force on a day: the latest change on or before it (none: not in pharmacotherapy). */
    const statusOn = (date: string): boolean => {
      let status = false;
      for (const c of history) {
        if (c.date > date) break;
        status = c.status;
      }
      return status;
    };
    let implied = false;
    rows.forEach((row, i) => {
      if (!takes[i]) return;
      const status = statusOn(upTo[i]);
      if (status !== implied) {
        row.inPharmacotherapy = status;
        implied = status;
      }
    });
  }
  return moved;
}

/**
 * An outreach session has workers; each contact row has one staff column. The app records
 * contacts under the session's first worker, so the other workers would vanish from the
 * export (and from "outreach workers" after an import). Where a session has more workers
 * than its contacts name, those workers take the staff column of contacts whose worker
 * appears on more than one row, so that every worker of the session is on some row.
 */
function spreadOutreachWorkers(sessionRows: Map<number, RegisterVisitRow[]>, workers: Map<number, string[]>): void {
  for (const [session, rows] of sessionRows) {
    const names = workers.get(session) ?? [];
    const uses = new Map<string | null, number>();
    for (const r of rows) uses.set(r.staff, (uses.get(r.staff) ?? 0) + 1);
    for (const name of names) {
      if (uses.has(name)) continue;
      const row = rows.find((r) => r.staff === null || (uses.get(r.staff) ?? 0) > 1);
      if (!row) break;
      uses.set(row.staff, (uses.get(row.staff) ?? 0) - 1);
      row.staff = name;
      uses.set(name, 1);
    }
  }
}

export function storedActivityRows(store: Store, range: ExportRange = {}): RegisterActivityRow[] {
  const [from, to] = bounds(range);
  const trained = new Map<number, string[]>();
  for (const t of store.rows(TRAINED, from, to)) {
    const list = trained.get(t.activity_id);
    if (list) list.push(t.code);
    else trained.set(t.activity_id, [t.code]);
  }
  return store.rows(ACTIVITIES, from, to).map((a) => ({
    date: a.date, type: a.type, topic: a.topic, title: a.title, participants: a.participants, institution: a.institution,
    trainedCodes: trained.get(a.id) ?? [], site: a.site,
  }));
}

export function storedOverdoseRows(store: Store, range: ExportRange = {}): RegisterOverdoseRow[] {
  const [from, to] = bounds(range);
  return store.rows(OVERDOSES, from, to).map((o) => ({
    date: o.date, code: o.code, reportedBy: o.reported_by, place: o.place, naloxoneGiven: o.naloxone_given, naloxoneBy: o.naloxone_by,
    ambulance: o.ambulance, outcome: o.outcome, site: o.site, staff: o.staff, note: o.note,
  }));
}

/** The care steps of a period, and how many had a note (which the care sheet has no column for). */
export function storedCareRows(store: Store, range: ExportRange = {}): { rows: RegisterCareRow[]; notes: number } {
  const [from, to] = bounds(range);
  let notes = 0;
  const rows = store.rows(CARE, from, to).map((k) => {
    notes += k.has_note;
    return { date: k.date, code: k.code, infection: k.infection, step: k.step, site: k.site, staff: k.staff };
  });
  return { rows, notes };
}

const count = (n: number | undefined | null): number | null => (n ? n : null);

/** The cells of a visit row in the order of VISIT_COLUMNS. Text is neutralised by the writers. */
export function visitCells(r: RegisterVisitRow): Array<string | number | null> {
  const c = r.counts;
  const sec = hasSecondary(r);
  return [
    r.date, r.code, r.code === null ? (r.anonymousCount ?? 1) : null, r.sex, r.birthYear, r.injects,
    r.inPharmacotherapy === null ? null : r.inPharmacotherapy ? 'yes' : 'no', r.cameVia, r.cameVia === 'peer' ? r.referredByCode : null,
    r.kind, r.site, r.staff,
    r.testType !== null && r.code === null ? r.testedPerson : null,
    count(c.syringes_out), count(c.needles_out), count(c.syringes_in), count(c.needles_in),
    count(c.alcohol_pads), count(c.disinfectants), count(c.condoms),
    count(c.information), count(c.consultation), count(c.health_education), count(c.referral),
    c.referral ? r.referralTo : null, c.referral ? r.referralOutcome : null,
    count(c.pre_test_counselling), count(c.post_test_counselling),
    r.testType, r.hivResult, r.hbvResult, r.hcvResult,
    count(c.blood_sampling), count(c.wound_care), count(c.dressing), count(c.gp_other),
    sec ? (r.peersStreet ?? 0) : null, sec ? (r.peersPoints ?? 0) : null, r.point,
    r.trained ? 'yes' : null, r.otherItems.length === 0 ? null : r.otherItems.map(([key, n]) => `${key}:${n}`).join(';'), r.note,
  ];
}

export function activityCells(a: RegisterActivityRow): Array<string | number | null> {
  return [a.date, a.type, a.topic, a.title, count(a.participants), a.institution, a.trainedCodes.length === 0 ? null : a.trainedCodes.join(';'), a.site];
}

export function overdoseCells(o: RegisterOverdoseRow): Array<string | number | null> {
  return [o.date, o.code, o.reportedBy, o.place, o.naloxoneGiven, o.naloxoneBy, o.ambulance, o.outcome, o.site, o.staff, o.note];
}

export function careCells(k: RegisterCareRow): Array<string | number | null> {
  return [k.date, k.code, k.infection, k.step, k.site, k.staff];
}

export interface ExportedFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

export interface ExportResult {
  files: ExportedFile[];
  visits: number;
  rows: number;
  activities: number;
  overdoses: number;
  care: number;
  notes: string[];
}

type OutCell = string | number | null;

/** A row's cells as written: text neutralised, an empty text left out (one pass, one array). */
const outRow = (row: Array<string | number | null>): OutCell[] => {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'string') row[i] = v === '' ? null : neutralise(v);
  }
  return row;
};

/** The part of exceljs' styles manager that the streaming writer asks for each cell's style id. */
interface StyleIds {
  addStyleModel(model: object | undefined, cellType?: number): number;
}
const hasStyleIds = (x: unknown): x is StyleIds =>
  typeof x === 'object' && x !== null && typeof (x as { addStyleModel?: unknown }).addStyleModel === 'function';

/**
 * exceljs gives every cell a new, empty style object and, with useStyles, renders it to XML to
 * find its style id again (a WeakMap keyed by the object never hits): 80% of the export's time.
 * The id of an empty style depends only on the cell's type, so it is asked once per type and
 * remembered; every other style (the bold header) goes the library's way. Same ids, same file.
 */
function rememberEmptyStyles(book: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles: unknown = (book as unknown as { styles?: unknown }).styles;
  if (!hasStyleIds(styles)) return;
  const ask = styles.addStyleModel.bind(styles);
  const byType = new Map<number | undefined, number>();
  styles.addStyleModel = (model, cellType) => {
    if (model === undefined || Object.keys(model).length > 0) return ask(model, cellType);
    let id = byType.get(cellType);
    if (id === undefined) {
      id = ask(model, cellType);
      byType.set(cellType, id);
    }
    return id;
  };
}

interface OutSheet {
  name: string;
  header: readonly string[];
  rows: Iterable<OutCell[]>;
  widths: readonly number[];
}

/**
 * A workbook by exceljs' streaming writer: one sheet per register sheet, a bold frozen
 * header, text (neutralised) as shared strings, counts as numbers, empty cells left out.
 */
async function writeWorkbook(sheets: OutSheet[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const { stream } = await loadExcel();
  const book = new stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  rememberEmptyStyles(book);
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.header.map((h, i) => ({ header: h, key: h, width: s.widths[i] ?? 10 }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const row of s.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(chunks);
}

/** Builds the export files in memory (CSV: visits.csv, activities.csv, overdoses.csv, care.csv; XLSX: register.xlsx with the four sheets). */
export async function exportRegister(
  store: Store, format: 'csv' | 'xlsx', range: ExportRange = {}, step: (phase: string, done: number, total: number) => void = () => undefined,
  lang: Lang = 'en',
): Promise<ExportResult> {
  // Phases: the rows read from the database, then the file written (a stop before the end leaves no file and no audit entry).
  step('reading', 0, 3);
  const { rows, notes } = storedVisitRows(store, range);
  const activities = storedActivityRows(store, range);
  const overdoses = storedOverdoseRows(store, range);
  const care = storedCareRows(store, range);
  notes.careNotes = care.notes;
  step('exporting', 1, 3);
  const visits = store.row(VISIT_COUNT, ...bounds(range))?.n ?? 0;
  const sheets = [
    { name: 'visits', header: VISIT_COLUMNS, cells: rows.map(visitCells) },
    { name: 'activities', header: ACTIVITY_COLUMNS, cells: activities.map(activityCells) },
    { name: 'overdoses', header: OVERDOSE_COLUMNS, cells: overdoses.map(overdoseCells) },
    { name: 'care', header: CARE_COLUMNS, cells: care.rows.map(careCells) },
  ];
  let files: ExportedFile[];
  if (format === 'csv') {
    files = sheets.map((s) => ({ name: `${s.name}.csv`, mimeType: 'text/csv', bytes: csvFile(s.header, s.cells) }));
  } else {
    const widths: Record<string, number> = { title: 40, note: 40, site: 24, trained_codes: 30, other_items: 24 };
    const bytes = await writeWorkbook(sheets.map((s) => ({
      name: s.name, header: s.header, rows: s.cells.map(outRow), widths: s.header.map((c) => widths[c] ?? Math.max(10, c.length + 2)),
    })));
    files = [{ name: 'register.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes }];
  }
  step('exporting', 2, 3);
  return {
    files, visits, rows: rows.length, activities: activities.length, overdoses: overdoses.length, care: care.rows.length, notes: noteSentences(notes, lang),
  };
}
