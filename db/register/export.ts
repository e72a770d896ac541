// Export of the register (spec/register-format.md): non-voided visits and activities of a
// period as rows of the register format, written as CSV (visits.csv, activities.csv) or as
// one .xlsx workbook with the sheets visits and activities.
//
// A few things the app records have no column in the register format; export says so in
// its notes instead of dropping them silently (see `ExportNotes`).
import { z } from 'zod';
import { query, type Store } from '../store';
import {
  ACTIVITY_TYPES, DIRECTIONS, INJECTS, INSTITUTIONS, REFERRAL_DESTINATIONS, SEXES, TEST_RESULTS, TEST_TYPES, TESTED_PERSONS, VISIT_KINDS,
  type ReferralDestination,
} from '../../shared/domain';
import { ACTIVITY_COLUMNS, SUPPLY_COLUMNS, VISIT_COLUMNS, type SupplyColumn } from './columns';
import { csvFile } from './cells';
import { hasSecondary, type RegisterActivityRow, type RegisterVisitRow } from './rows';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutralise } from './cells';

export interface ExportRange {
  from?: string | null;
  to?: string | null;
}

/** What the register format cannot carry, counted so that the person exporting is told. */
export interface ExportNotes {
  /** Supply lines of catalogue items outside the register's columns (water, filters, naloxone…). */
  otherItemLines: number;
  /** Supply lines marked "for peers" on a visit that is not a secondary-exchange pick-up. */
  forPeersLines: number;
  /** Visits with a second test, referral destination or report, written as extra rows. */
  splitVisits: number;
  /** Clients linked to training activities (the activities sheet has no column for them). */
  trainedClientLinks: number;
}

export function noteSentences(n: ExportNotes): string[] {
  const out: string[] = [];
  if (n.otherItemLines) out.push(`${n.otherItemLines} supply line(s) of other catalogue items (such as water, filters or naloxone) have no column in the register format and were not exported.`);
  if (n.forPeersLines) out.push(`${n.forPeersLines} supply line(s) marked "for peers" outside a secondary-exchange visit are exported without that mark.`);
  if (n.splitVisits) out.push(`${n.splitVisits} visit(s) with more than one test, referral destination or peer report are written as several rows.`);
  if (n.trainedClientLinks) out.push(`${n.trainedClientLinks} client(s) linked to training activities are not exported (the activities sheet has no column for them).`);
  return out;
}

const bounds = (r: ExportRange): [string, string] => [r.from ?? '0000-01-01', r.to ?? '9999-12-31'];

/** A statement over a period: its two parameters are the first and the last day. */
const ranged = <R>(sql: string, row: z.ZodType<R>) => query<R, [string, string]>(sql, row);
const IN_RANGE = 'v.voided_at IS NULL AND v.date BETWEEN ? AND ?';
const text = z.string();
const textOrNull = z.string().nullable();
const int = z.number();

const VISITS = ranged(`SELECT v.id, v.date, v.anonymous_count, v.kind, v.trained_secondary, v.note, v.outreach_session_id,
      c.code, c.sex, c.birth_year, c.injects, s.name AS site, st.user_name AS staff
    FROM visits v LEFT JOIN clients c ON c.id = v.client_id LEFT JOIN sites s ON s.id = v.site_id LEFT JOIN staff st ON st.id = v.staff_id
    WHERE ${IN_RANGE} ORDER BY v.date, v.id`, z.object({
  id: int, date: text, anonymous_count: int, kind: z.enum(VISIT_KINDS), trained_secondary: int, note: textOrNull,
  outreach_session_id: int.nullable(), code: textOrNull, sex: z.enum(SEXES).nullable(), birth_year: int.nullable(), injects: z.enum(INJECTS).nullable(),
  site: textOrNull, staff: textOrNull,
}));
const SUPPLIES = ranged(`SELECT l.visit_id, i.category, l.direction, sum(l.quantity) AS quantity, max(l.for_peers) AS for_peers, count(*) AS lines
    FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id
    WHERE ${IN_RANGE} GROUP BY l.visit_id, i.category, l.direction`, z.object({
  visit_id: int, category: text, direction: z.enum(DIRECTIONS), quantity: int, for_peers: int, lines: int,
}));
const SERVICES = ranged(`SELECT l.visit_id, l.type, l.units, l.referral_to FROM service_lines l JOIN visits v ON v.id = l.visit_id
    WHERE ${IN_RANGE} ORDER BY l.id`, z.object({ visit_id: int, type: text, units: int, referral_to: z.enum(REFERRAL_DESTINATIONS).nullable() }));
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
const TRAINED_LINKS = ranged(`SELECT count(*) AS n FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id
    WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ?`, z.object({ n: int }));
const ACTIVITIES = ranged(`SELECT a.date, a.type, a.title, a.participants, a.institution, s.name AS site FROM activities a
      LEFT JOIN sites s ON s.id = a.site_id WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id`, z.object({
  date: text, type: z.enum(ACTIVITY_TYPES), title: textOrNull, participants: int, institution: z.enum(INSTITUTIONS).nullable(), site: textOrNull,
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

  const notes: ExportNotes = { otherItemLines: 0, forPeersLines: 0, splitVisits: 0, trainedClientLinks: 0 };
  const rows: RegisterVisitRow[] = [];
  const sessionRows = new Map<number, RegisterVisitRow[]>();
  for (const v of visits) {
    const base: RegisterVisitRow = {
      date: v.date, code: v.code, anonymousCount: v.code === null ? v.anonymous_count : null,
      sex: v.code === null ? null : v.sex, birthYear: v.code === null ? null : v.birth_year, injects: v.code === null ? null : v.injects,
      kind: v.kind, site: v.site, staff: v.staff, testedPerson: null, counts: {}, referralTo: null,
      testType: null, hivResult: null, hbvResult: null, hcvResult: null, peersStreet: null, peersPoints: null, point: null,
      trained: false, note: null,
    };
    const main: RegisterVisitRow = { ...base, counts: {}, trained: v.trained_secondary === 1, note: v.note };
    for (const s of supplies.get(v.id) ?? []) {
      const col = CATEGORY_COLUMN[s.category]?.[s.direction];
      if (!col) {
        notes.otherItemLines += s.lines;
        continue;
      }
      main.counts[col] = (main.counts[col] ?? 0) + s.quantity;
      if (s.for_peers && v.kind !== 'secondary') notes.forPeersLines += 1;
    }
    const extra: RegisterVisitRow[] = [];
    const referrals: Array<{ to: ReferralDestination | null; units: number }> = [];
    for (const s of services.get(v.id) ?? []) {
      if (s.type === 'referral') {
        const same = referrals.find((r) => r.to === s.referral_to);
        if (same) same.units += s.units;
        else referrals.push({ to: s.referral_to, units: s.units });
      } else {
        const col = s.type as keyof RegisterVisitRow['counts'];
        main.counts[col] = (main.counts[col] ?? 0) + s.units;
      }
    }
    referrals.forEach((r, i) => {
      const target = i === 0 ? main : { ...base, counts: {} };
      target.counts.referral = r.units;
      target.referralTo = r.to;
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
    if (v.outreach_session_id !== null) {
      const list = sessionRows.get(v.outreach_session_id);
      if (list) list.push(main);
      else sessionRows.set(v.outreach_session_id, [main]);
    }
  }
  spreadOutreachWorkers(sessionRows, workers);
  notes.trainedClientLinks = store.row(TRAINED_LINKS, from, to)?.n ?? 0;
  return { rows, notes };
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
  return store.rows(ACTIVITIES, from, to).map((a) => ({ date: a.date, type: a.type, title: a.title, participants: a.participants, institution: a.institution, site: a.site }));
}

const count = (n: number | undefined | null): number | null => (n ? n : null);

/** The cells of a visit row in the order of VISIT_COLUMNS. Text is neutralised by the writers. */
export function visitCells(r: RegisterVisitRow): Array<string | number | null> {
  const c = r.counts;
  const sec = hasSecondary(r);
  return [
    r.date, r.code, r.code === null ? (r.anonymousCount ?? 1) : null, r.sex, r.birthYear, r.injects, r.kind, r.site, r.staff,
    r.testType !== null && r.code === null ? r.testedPerson : null,
    count(c.syringes_out), count(c.needles_out), count(c.syringes_in), count(c.needles_in),
    count(c.alcohol_pads), count(c.disinfectants), count(c.condoms),
    count(c.information), count(c.consultation), count(c.health_education), count(c.referral),
    c.referral ? r.referralTo : null,
    count(c.pre_test_counselling), count(c.post_test_counselling),
    r.testType, r.hivResult, r.hbvResult, r.hcvResult,
    count(c.blood_sampling), count(c.wound_care), count(c.dressing), count(c.gp_other),
    sec ? (r.peersStreet ?? 0) : null, sec ? (r.peersPoints ?? 0) : null, r.point,
    r.trained ? 'yes' : null, r.note,
  ];
}

export function activityCells(a: RegisterActivityRow): Array<string | number | null> {
  return [a.date, a.type, a.title, count(a.participants), a.institution, a.site];
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
  notes: string[];
}

type OutCell = string | number | null;

const neutraliseRow = (row: Array<string | number | null>): OutCell[] => row.map((v) => (typeof v === 'string' ? neutralise(v) : v));

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
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.header.map((h, i) => ({ header: h, key: h, width: s.widths[i] ?? 10 }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const row of s.rows) ws.addRow(row.map((v) => (v === '' ? null : v))).commit();
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(chunks);
}

/** Builds the export files in memory (CSV: visits.csv and activities.csv; XLSX: register.xlsx). */
export async function exportRegister(
  store: Store, format: 'csv' | 'xlsx', range: ExportRange = {}, step: (phase: string, done: number, total: number) => void = () => undefined,
): Promise<ExportResult> {
  // Phases: the rows read from the database, then the file written (a stop before the end leaves no file and no audit entry).
  step('reading', 0, 3);
  const { rows, notes } = storedVisitRows(store, range);
  const activities = storedActivityRows(store, range);
  step('exporting', 1, 3);
  const visits = store.row(VISIT_COUNT, ...bounds(range))?.n ?? 0;
  let files: ExportedFile[];
  if (format === 'csv') {
    files = [
      { name: 'visits.csv', mimeType: 'text/csv', bytes: csvFile(VISIT_COLUMNS, rows.map(visitCells)) },
      { name: 'activities.csv', mimeType: 'text/csv', bytes: csvFile(ACTIVITY_COLUMNS, activities.map(activityCells)) },
    ];
  } else {
    const bytes = await writeWorkbook([
      { name: 'visits', header: VISIT_COLUMNS, rows: rows.map((r) => neutraliseRow(visitCells(r))), widths: VISIT_COLUMNS.map((c) => Math.max(10, c.length + 2)) },
      { name: 'activities', header: ACTIVITY_COLUMNS, rows: activities.map((a) => neutraliseRow(activityCells(a))), widths: [12, 12, 40, 14, 18, 24] },
    ]);
    files = [{ name: 'register.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes }];
  }
  step('exporting', 2, 3);
  return { files, visits, rows: rows.length, activities: activities.length, notes: noteSentences(notes) };
}
