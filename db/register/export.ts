// Export of the register (spec/register-format.md): non-voided visits and activities of a
// period as rows of the register format, written as CSV (visits.csv, activities.csv) or as
// one .xlsx workbook with the sheets visits and activities.
//
// A few things the app records have no column in the register format; export says so in
// its notes instead of dropping them silently (see `ExportNotes`).
import type { Store } from '../store';
import type {
  ActivityType, Injects, Institution, ReferralDestination, Sex, TestResult, TestType, TestedPerson, VisitKind,
} from '../../shared/domain';
import { ACTIVITY_COLUMNS, SUPPLY_COLUMNS, VISIT_COLUMNS, type SupplyColumn } from './columns';
import { csvFile } from './cells';
import { hasSecondary, type RegisterActivityRow, type RegisterVisitRow } from './rows';
import { writeXlsx, type XlsxOutCell } from './xlsx-write';
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

interface VisitSql {
  id: number; date: string; anonymous_count: number; kind: VisitKind; trained_secondary: number; note: string | null;
  outreach_session_id: number | null; code: string | null; sex: Sex | null; birth_year: number | null; injects: Injects | null;
  site: string | null; staff: string | null;
}

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
  const inRange = 'v.voided_at IS NULL AND v.date BETWEEN ? AND ?';
  const visits = store.stmt(`SELECT v.id, v.date, v.anonymous_count, v.kind, v.trained_secondary, v.note, v.outreach_session_id,
      c.code, c.sex, c.birth_year, c.injects, s.name AS site, st.user_name AS staff
    FROM visits v LEFT JOIN clients c ON c.id = v.client_id LEFT JOIN sites s ON s.id = v.site_id LEFT JOIN staff st ON st.id = v.staff_id
    WHERE ${inRange} ORDER BY v.date, v.id`).all(from, to) as VisitSql[];
  const supplies = groupBy(store.stmt(`SELECT l.visit_id, i.category, l.direction, sum(l.quantity) AS quantity, max(l.for_peers) AS for_peers, count(*) AS lines
    FROM supply_lines l JOIN visits v ON v.id = l.visit_id JOIN items i ON i.id = l.item_id
    WHERE ${inRange} GROUP BY l.visit_id, i.category, l.direction`).all(from, to) as Array<{ visit_id: number; category: string; direction: 'out' | 'in'; quantity: number; for_peers: number; lines: number }>);
  const services = groupBy(store.stmt(`SELECT l.visit_id, l.type, l.units, l.referral_to FROM service_lines l JOIN visits v ON v.id = l.visit_id
    WHERE ${inRange} ORDER BY l.id`).all(from, to) as Array<{ visit_id: number; type: string; units: number; referral_to: ReferralDestination | null }>);
  const tests = groupBy(store.stmt(`SELECT t.visit_id, t.type, t.tested_person, t.hiv_result, t.hbv_result, t.hcv_result FROM tests t JOIN visits v ON v.id = t.visit_id
    WHERE ${inRange} ORDER BY t.id`).all(from, to) as Array<{ visit_id: number; type: TestType; tested_person: TestedPerson; hiv_result: TestResult | null; hbv_result: TestResult | null; hcv_result: TestResult | null }>);
  const reports = groupBy(store.stmt(`SELECT r.visit_id, r.peers_street, r.peers_points, p.name AS point FROM secondary_reports r JOIN visits v ON v.id = r.visit_id
    LEFT JOIN sites p ON p.id = r.point_site_id WHERE ${inRange} ORDER BY r.id`).all(from, to) as Array<{ visit_id: number; peers_street: number; peers_points: number; point: string | null }>);
  const workers = new Map<number, string[]>();
  for (const w of store.stmt(`SELECT w.session_id, st.user_name FROM outreach_workers w JOIN staff st ON st.id = w.staff_id
      JOIN outreach_sessions o ON o.id = w.session_id WHERE o.voided_at IS NULL AND o.date BETWEEN ? AND ? ORDER BY w.session_id, st.user_name`).all(from, to) as Array<{ session_id: number; user_name: string }>) {
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
  notes.trainedClientLinks = (store.stmt(`SELECT count(*) AS n FROM activity_clients ac JOIN activities a ON a.id = ac.activity_id
    WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ?`).get(from, to) as { n: number }).n;
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
  return (store.stmt(`SELECT a.date, a.type, a.title, a.participants, a.institution, s.name AS site FROM activities a
      LEFT JOIN sites s ON s.id = a.site_id WHERE a.voided_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id`).all(from, to) as Array<{
    date: string; type: ActivityType; title: string | null; participants: number; institution: Institution | null; site: string | null;
  }>).map((a) => ({ date: a.date, type: a.type, title: a.title, participants: a.participants, institution: a.institution, site: a.site }));
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

const neutraliseRow = (row: Array<string | number | null>): XlsxOutCell[] => row.map((v) => (typeof v === 'string' ? neutralise(v) : v));

/** Builds the export files in memory (CSV: visits.csv and activities.csv; XLSX: register.xlsx). */
export function exportRegister(store: Store, format: 'csv' | 'xlsx', range: ExportRange = {}): ExportResult {
  const { rows, notes } = storedVisitRows(store, range);
  const activities = storedActivityRows(store, range);
  const visits = (store.stmt(`SELECT count(*) AS n FROM visits WHERE voided_at IS NULL AND date BETWEEN ? AND ?`).get(...bounds(range)) as { n: number }).n;
  let files: ExportedFile[];
  if (format === 'csv') {
    files = [
      { name: 'visits.csv', mimeType: 'text/csv', bytes: csvFile(VISIT_COLUMNS, rows.map(visitCells)) },
      { name: 'activities.csv', mimeType: 'text/csv', bytes: csvFile(ACTIVITY_COLUMNS, activities.map(activityCells)) },
    ];
  } else {
    const bytes = writeXlsx([
      { name: 'visits', header: VISIT_COLUMNS, rows: rows.map((r) => neutraliseRow(visitCells(r))), widths: VISIT_COLUMNS.map((c) => Math.max(10, c.length + 2)) },
      { name: 'activities', header: ACTIVITY_COLUMNS, rows: activities.map((a) => neutraliseRow(activityCells(a))), widths: [12, 12, 40, 14, 18, 24] },
    ]);
    files = [{ name: 'register.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes }];
  }
  return { files, visits, rows: rows.length, activities: activities.length, notes: noteSentences(notes) };
}
