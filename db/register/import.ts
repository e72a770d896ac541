// Import of register files (spec/register-format.md): every file and row is checked first;
// then, only when nothing is wrong, everything is written in ONE transaction through the
// same code path as the desk (insertVisit), with one audit entry for the whole import.
// A dry run stops after the checks. Nothing is written when anything is wrong.
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { insertVisit, type VisitData } from '../services/visits';
import { nowIso, type Ctx } from '../services/context';
import { DEFAULT_CODE_PATTERN, parseDefaultCode } from '../../shared/codes';
import { INJECTS, SEXES, SITE_KINDS, type Injects, type Sex, type SiteKind } from '../../shared/domain';
import { query } from '../store';
import { SUPPLY_COLUMNS, SERVICE_COLUMNS } from './columns';
import { readRegisterFile, type Problem } from './read';
import { parseActivityRow, parseVisitRow } from './parse';
import { hasSecondary, visitRowKey, type RegisterActivityRow, type RegisterVisitRow } from './rows';
import { storedVisitRows } from './export';
import { phase } from '../phases';

const IMPORTED_BEFORE = query<{ file_name: string; imported_at: string }, [string]>(
  'SELECT file_name, imported_at FROM import_files WHERE sha256 = ?', z.object({ file_name: z.string(), imported_at: z.string() }));
const CLIENT_ROW = z.object({ id: z.number(), sex: z.enum(SEXES), birth_year: z.number().nullable(), injects: z.enum(INJECTS), merged_into_id: z.number().nullable() });
type ClientRow = z.infer<typeof CLIENT_ROW>;
/** The day and code of every stored visit of a period: cheap, so that only days a file shares are compared whole. */
const STORED_DAY_CODES = query<{ date: string; code: string | null }, [string, string]>(
  'SELECT v.date, c.code FROM visits v LEFT JOIN clients c ON c.id = v.client_id WHERE v.voided_at IS NULL AND v.date BETWEEN ? AND ?',
  z.object({ date: z.string(), code: z.string().nullable() }),
);
const CLIENT_BY_CODE = query<ClientRow, [string]>('SELECT id, sex, birth_year, injects, merged_into_id FROM clients WHERE code = ?', CLIENT_ROW);
const CLIENT_BY_ID = query<ClientRow, [number]>('SELECT id, sex, birth_year, injects, merged_into_id FROM clients WHERE id = ?', CLIENT_ROW);
const SITE_BY_NAME = query<{ id: number; name: string; kind: SiteKind }, [string]>(
  'SELECT id, name, kind FROM sites WHERE name = ? COLLATE NOCASE', z.object({ id: z.number(), name: z.string(), kind: z.enum(SITE_KINDS) }));
const STAFF_BY_NAME = query<{ id: number; user_name: string }, [string]>(
  'SELECT id, user_name FROM staff WHERE user_name = ?', z.object({ id: z.number(), user_name: z.string() }));

export interface RegisterFile {
  name: string;
  bytes: Buffer;
}

/** The answer of `slenkstis import` and of the app's import (spec/cli.md). */
export interface ImportReport {
  imported: { visits: number; activities: number; clients_created: number };
  errors: Problem[];
  warnings: Problem[];
}

interface Located<T> {
  file: string;
  row: number;
  value: T;
}

interface ClientPlan {
  /** The surviving client's id when the code is known; null for a new client. */
  id: number | null;
  sex: Sex;
  birthYear: number | null;
  injects: Injects;
  /** For a new client: the rows that gave each attribute (to name them in a contradiction). */
  from: { sex?: number; birthYear?: number; injects?: number };
  warned: Set<string>;
}

interface NamePlan {
  id: number | null;
  name: string;
  kind: SiteKind;
}

const ZERO = { visits: 0, activities: 0, clients_created: 0 };

const siteKindOf = (kind: RegisterVisitRow['kind']): SiteKind =>
  kind === 'outreach' ? 'outreach_place' : kind === 'arrest_house' ? 'arrest_house' : 'cabinet';

/** Checks (and unless dryRun, imports) register files as one all-or-nothing batch. */
export async function importRegister(ctx: Ctx, files: RegisterFile[], opts: { dryRun: boolean }): Promise<ImportReport> {
  const st = ctx.store;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const visits: Array<Located<RegisterVisitRow>> = [];
  const activities: Array<Located<RegisterActivityRow>> = [];
  const hashes: Array<{ name: string; sha256: string; rows: number }> = [];

  // Progress (Ctx.step, which also stops the import when the person asks): the rows read of
  // an estimate from the bytes (lines of a CSV; about 40 bytes a row of a workbook), then the
  // rows checked and written. A stop before the end writes nothing (the writing is one transaction).
  const estimated = Math.max(1, files.reduce((n, f) => n + estimateRows(f.bytes), 0));
  let readSoFar = 0;
  const every = 2000;

  // 1. Files: hash (the same file twice is refused), read, and give every row its meaning.
  phase('read');
  ctx.step('reading', 0, estimated);
  const fileLevel = (file: string, message: string) => errors.push({ file, sheet: null, row: null, column: null, message });
  for (const f of files) {
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    // Rows are given their meaning as they are read; kept apart until the file is known new.
    const fileErrors: Problem[] = [];
    const fileWarnings: Problem[] = [];
    const fileVisits: Array<Located<RegisterVisitRow>> = [];
    const fileActivities: Array<Located<RegisterActivityRow>> = [];
    const read = await readRegisterFile(f.name, f.bytes, (sheet, raw) => {
      if (++readSoFar % every === 0) ctx.step('reading', Math.min(readSoFar, estimated - 1), estimated);
      if (sheet === 'visits') {
        const v = parseVisitRow(raw, f.name, fileErrors, fileWarnings);
        if (v) fileVisits.push({ file: f.name, row: raw.row, value: v });
      } else {
        const a = parseActivityRow(raw, f.name, fileErrors);
        if (a) fileActivities.push({ file: f.name, row: raw.row, value: a });
      }
    });
    const rows = read.sheets.reduce((n, sheet) => n + sheet.rows, 0);
    // A file without rows imports nothing, so it is neither refused nor remembered (two
    // exports with an empty activities sheet are the same bytes).
    if (rows > 0) {
      const before = st.row(IMPORTED_BEFORE, sha256);
      if (before) {
        fileLevel(f.name, `This file was already imported on ${before.imported_at.slice(0, 10)} (as ${before.file_name}); importing it twice would count every record twice, so it was not imported again.`);
        continue;
      }
      const twin = hashes.find((h) => h.sha256 === sha256);
      if (twin) {
        fileLevel(f.name, `This file has the same content as ${twin.name}, given in the same import; it was not imported twice.`);
        continue;
      }
    }
    // A file refused as a whole (a limit, a damaged workbook) gives no rows at all.
    const refusedWhole = read.errors.some((e) => e.row === null && e.sheet === null);
    errors.push(...read.errors);
    warnings.push(...read.warnings);
    if (!refusedWhole) {
      errors.push(...fileErrors);
      warnings.push(...fileWarnings);
      for (const v of fileVisits) visits.push(v);
      for (const a of fileActivities) activities.push(a);
    }
    if (rows > 0 && !refusedWhole) hashes.push({ name: f.name, sha256, rows });
  }

  phase('check');
  ctx.step('checking', 0, visits.length + 1);
  // 2. Clients: a new code creates a client from its first rows; a known code must not be contradicted.
  const clients = new Map<string, ClientPlan>();
  const defaultPattern = st.setting('codePattern', z.string(), '') === DEFAULT_CODE_PATTERN;
  const pattern = st.setting('codePattern', z.string(), '');
  const patternRe = pattern ? new RegExp(pattern) : null;
  const problem = (list: Problem[], v: Located<unknown>, column: string, message: string) =>
    list.push({ file: v.file, sheet: 'visits', row: v.row, column, message });
  let checked = 0;
  for (const v of visits) {
    if (++checked % every === 0) ctx.step('checking', checked, visits.length + 1);
    const r = v.value;
    if (r.code === null) continue;
    let plan = clients.get(r.code);
    if (!plan) {
      let row = st.row(CLIENT_BY_CODE, r.code);
      for (let hops = 0; row && row.merged_into_id !== null && hops < 20; hops++) row = st.row(CLIENT_BY_ID, row.merged_into_id);
      if (row) {
        plan = { id: row.id, sex: row.sex, birthYear: row.birth_year, injects: row.injects, from: {}, warned: new Set() };
      } else {
        const fromCode = defaultPattern ? parseDefaultCode(r.code) : null;
        plan = { id: null, sex: fromCode?.sex ?? 'unknown', birthYear: fromCode?.birthYear ?? null, injects: 'unknown', from: {}, warned: new Set() };
        if (patternRe && !patternRe.test(r.code)) {
          warnings.push({ file: v.file, sheet: 'visits', row: v.row, column: 'client_code', message: "The code does not follow the cabinet's code pattern (Settings → code pattern); a new client is created for it. Check it for a typo." });
        }
      }
      clients.set(r.code, plan);
    }
    const known = plan.id !== null;
    const where = (rowNo: number | undefined) => `row ${rowNo} of this file`;
    if (r.sex !== null && r.sex !== 'unknown') {
      if (plan.sex === 'unknown') {
        if (known) {
          if (!plan.warned.has('sex')) problem(warnings, v, 'sex', `${r.sex} is not applied: the client is already registered (sex unknown), and an import changes no client. Correct it on the client's card.`);
          plan.warned.add('sex');
        } else {
          plan.sex = r.sex;
          plan.from.sex = v.row;
        }
      } else if (plan.sex === r.sex) {
        if (!known) plan.from.sex ??= v.row;
      } else if (!known && plan.from.sex === undefined) {
        // Only the code's sex digit said otherwise: the column is taken, with a word about it.
        problem(warnings, v, 'sex', `says ${r.sex}, but the code's sex digit says ${plan.sex}; ${r.sex} is recorded. Check the code for a typo.`);
        plan.sex = r.sex;
        plan.from.sex = v.row;
      } else {
        problem(errors, v, 'sex', known
          ? `says ${r.sex}, but the client with this code is registered as ${plan.sex}: the contradiction is not applied. Check the code, or correct the client's card first.`
          : `says ${r.sex}, but ${where(plan.from.sex)} gives ${plan.sex} for the same code.`);
      }
    }
    if (r.birthYear !== null) {
      if (plan.birthYear === null) {
        if (known) {
          if (!plan.warned.has('birth_year')) problem(warnings, v, 'birth_year', `${r.birthYear} is not applied: the client is already registered (birth year unknown), and an import changes no client. Correct it on the client's card.`);
          plan.warned.add('birth_year');
        } else {
          plan.birthYear = r.birthYear;
          plan.from.birthYear = v.row;
        }
      } else if (plan.birthYear === r.birthYear) {
        if (!known) plan.from.birthYear ??= v.row;
      } else if (!known && plan.from.birthYear === undefined) {
        problem(warnings, v, 'birth_year', `says ${r.birthYear}, but the code's year says ${plan.birthYear}; ${r.birthYear} is recorded. Check the code for a typo.`);
        plan.birthYear = r.birthYear;
        plan.from.birthYear = v.row;
      } else {
        problem(errors, v, 'birth_year', known
          ? `says ${r.birthYear}, but the client with this code is registered with birth year ${plan.birthYear}: the contradiction is not applied. Check the code, or correct the client's card first.`
          : `says ${r.birthYear}, but ${where(plan.from.birthYear)} gives ${plan.birthYear} for the same code.`);
      }
    }
    if (r.injects !== null && r.injects !== 'unknown') {
      if (!known && plan.injects === 'unknown') {
        plan.injects = r.injects;
        plan.from.injects = v.row;
      } else if (plan.injects !== r.injects && !plan.warned.has('injects')) {
        plan.warned.add('injects');
        problem(warnings, v, 'injects', known
          ? `${r.injects} differs from the client's record (${plan.injects}); an import changes no client, so the record was kept.`
          : `${r.injects} differs from ${where(plan.from.injects)} (${plan.injects}) for the same code; the first is kept.`);
      }
    }
  }

  // 3. Sites, points and staff: found by name, or created with the import.
  const sites = new Map<string, NamePlan>();
  const site = (name: string, kind: SiteKind, at: Located<unknown>, sheet: string, column: string) => {
    const key = name.toLowerCase();
    if (sites.has(key)) return;
    const row = st.row(SITE_BY_NAME, name);
    sites.set(key, row ? { id: row.id, name: row.name, kind: row.kind } : { id: null, name, kind });
    if (!row) warnings.push({ file: at.file, sheet, row: at.row, column, message: `names a new ${kind.replace('_', ' ')}, which is created with the import; check it is not a misspelling of an existing one.` });
  };
  const staff = new Map<string, NamePlan>();
  for (const v of visits) {
    const r = v.value;
    if (r.site !== null) site(r.site, siteKindOf(r.kind), v, 'visits', 'site');
    if (r.point !== null) site(r.point, 'point', v, 'visits', 'point');
    if (r.staff !== null) {
      const key = r.staff.toLowerCase();
      if (!staff.has(key)) {
        const row = st.row(STAFF_BY_NAME, key);
        staff.set(key, { id: row?.id ?? null, name: key, kind: 'cabinet' });
        if (!row) problem(warnings, v, 'staff', 'names no staff account; an inactive staff record (no password, cannot log in) is created with the import.');
      }
    }
  }
  for (const a of activities) if (a.value.site !== null) site(a.value.site, 'cabinet', a, 'activities', 'site');

  // 4. Likely duplicates: identical to a stored visit, or to another row of the files.
  if (visits.length > 0) {
    let from = visits[0].value.date;
    let to = from;
    for (const v of visits) {
      if (v.value.date < from) from = v.value.date;
      if (v.value.date > to) to = v.value.date;
    }
    // Only a stored visit of the same day and code can be identical: the days the files share
    // with the database are found first (one light query), and only those are read whole.
    const fileDayCodes = new Set(visits.map((v) => `${v.value.date}|${v.value.code ?? ''}`));
    let firstShared: string | null = null;
    let lastShared: string | null = null;
    for (const r of st.rows(STORED_DAY_CODES, from, to)) {
      if (!fileDayCodes.has(`${r.date}|${r.code ?? ''}`)) continue;
      if (firstShared === null || r.date < firstShared) firstShared = r.date;
      if (lastShared === null || r.date > lastShared) lastShared = r.date;
    }
    const stored = new Set(firstShared === null || lastShared === null ? [] : storedVisitRows(st, { from: firstShared, to: lastShared }).rows.map(visitRowKey));
    const seen = new Map<string, Located<unknown>>();
    for (const v of visits) {
      const key = visitRowKey(v.value);
      if (stored.has(key)) problem(warnings, v, 'date', `is identical to a visit already recorded on ${v.value.date}: a likely duplicate. It is imported all the same; void one of them if it is.`);
      const twin = seen.get(key);
      if (twin) problem(warnings, v, 'date', `is identical to row ${twin.row}${twin.file === v.file ? '' : ` of ${twin.file}`}: a likely duplicate.`);
      else seen.set(key, v);
    }
  }

  ctx.step('checking', visits.length + 1, visits.length + 1);
  const newClients = [...clients.values()].filter((c) => c.id === null).length;
  const counts = { visits: visits.length, activities: activities.length, clients_created: newClients };
  if (errors.length > 0) return { imported: { ...ZERO }, errors: sortProblems(errors, files), warnings: sortProblems(warnings, files) };
  if (opts.dryRun || hashes.length === 0) {
    return { imported: counts, errors, warnings: sortProblems(warnings, files) };
  }

  // 5. Write everything, in one transaction.
  phase('write');
  const toWrite = visits.length + activities.length;
  ctx.step('writing', 0, toWrite + 1);
  st.tx(() => {
    const now = nowIso();
    const createdSites: string[] = [];
    const insertSite = st.stmt('INSERT INTO sites (name, kind, active, created_at) VALUES (?, ?, 1, ?)');
    for (const s of sites.values()) {
      if (s.id === null) {
        s.id = Number(insertSite.run(s.name, s.kind, now).lastInsertRowid);
        createdSites.push(s.name);
      }
    }
    const createdStaff: string[] = [];
    const insertStaff = st.stmt(`INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, 'social_worker', 0, ?)`);
    for (const s of staff.values()) {
      if (s.id === null) {
        s.id = Number(insertStaff.run(s.name, s.name, now).lastInsertRowid);
        createdStaff.push(s.name);
      }
    }
    const insertClient = st.stmt(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, note, merged_into_id, created_at) VALUES (?, ?, ?, ?, 0, NULL, NULL, ?)`);
    for (const [code, c] of clients) {
      if (c.id === null) c.id = Number(insertClient.run(code, c.sex, c.birthYear, c.injects, now).lastInsertRowid);
    }
    const siteId = (name: string | null) => (name === null ? null : sites.get(name.toLowerCase())!.id);
    const staffId = (name: string | null) => (name === null ? null : staff.get(name.toLowerCase())!.id);

    // Outreach contacts of one place and day make one outreach session, as the app records them.
    const sessions = new Map<string, { id: number; workers: Set<number> }>();
    const insertSession = st.stmt('INSERT INTO outreach_sessions (date, site_id, note, created_at, created_by) VALUES (?, ?, NULL, ?, ?)');
    const insertWorker = st.stmt('INSERT OR IGNORE INTO outreach_workers (session_id, staff_id) VALUES (?, ?)');
    let sessionCount = 0;
    let written = 0;
    for (const v of visits) {
      if (++written % every === 0) ctx.step('writing', written, toWrite + 1);
      const r = v.value;
      const sid = siteId(r.site);
      let sessionId: number | null = null;
      if (r.kind === 'outreach' && sid !== null) {
        const key = `${r.date}|${sid}`;
        let s = sessions.get(key);
        if (!s) {
          s = { id: Number(insertSession.run(r.date, sid, now, ctx.actor.staffId).lastInsertRowid), workers: new Set() };
          sessions.set(key, s);
          sessionCount++;
        }
        const w = staffId(r.staff);
        if (w !== null && !s.workers.has(w)) {
          s.workers.add(w);
          insertWorker.run(s.id, w);
        }
        sessionId = s.id;
      }
      insertVisit(ctx, toVisitData(r, r.code === null ? null : clients.get(r.code)!.id, sid, siteId(r.point)), { staffId: staffId(r.staff), outreachSessionId: sessionId });
    }
    const insertActivity = st.stmt('INSERT INTO activities (date, type, title, participants, institution, site_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const a of activities) {
      const r = a.value;
      insertActivity.run(r.date, r.type, r.title, r.participants, r.institution, siteId(r.site), now, ctx.actor.staffId);
    }
    const insertFile = st.stmt('INSERT INTO import_files (sha256, file_name, imported_at, staff_id, rows) VALUES (?, ?, ?, ?, ?)');
    for (const h of hashes) insertFile.run(h.sha256, h.name, now, ctx.actor.staffId, h.rows);
    audit(st, ctx.actor, 'import', 'register', null, null, {
      files: hashes, ...counts, outreach_sessions: sessionCount, sites_created: createdSites, staff_created: createdStaff,
    });
    phase('commit');
  });
  phase('done');
  ctx.step('writing', toWrite + 1, toWrite + 1);
  return { imported: counts, errors, warnings: sortProblems(warnings, files) };
}

/** Rows a file may hold, for the progress bar only: the lines of a CSV, about 40 bytes a row of a workbook. */
function estimateRows(bytes: Buffer): number {
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) return Math.ceil(bytes.length / 40);
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}

function toVisitData(r: RegisterVisitRow, clientId: number | null, siteId: number | null, pointId: number | null): VisitData {
  const supplies: VisitData['supplies'] = [];
  for (const [col, def] of Object.entries(SUPPLY_COLUMNS) as Array<[keyof typeof SUPPLY_COLUMNS, (typeof SUPPLY_COLUMNS)[keyof typeof SUPPLY_COLUMNS]]>) {
    const q = r.counts[col];
    if (q) supplies.push({ itemKey: def.itemKey, direction: def.direction, quantity: q, forPeers: false });
  }
  const services: VisitData['services'] = [];
  for (const type of SERVICE_COLUMNS) {
    const units = r.counts[type];
    if (units) services.push({ type, units, referralTo: type === 'referral' ? r.referralTo : null });
  }
  return {
    date: r.date, time: null, clientId, anonymousCount: clientId === null ? (r.anonymousCount ?? 1) : 1, kind: r.kind, siteId,
    supplies, services,
    tests: r.testType === null ? [] : [{
      type: r.testType, testedPerson: clientId === null ? (r.testedPerson ?? 'client') : 'client',
      results: { hiv: r.hivResult, hbv: r.hbvResult, hcv: r.hcvResult },
    }],
    secondary: hasSecondary(r) ? { pointId, peersStreet: r.peersStreet ?? 0, peersPoints: r.peersPoints ?? 0 } : null,
    trainedSecondary: r.trained, note: r.note,
  };
}

/** Problems in file, sheet and row order, so the answer reads top to bottom. */
function sortProblems(list: Problem[], files: RegisterFile[]): Problem[] {
  const order = new Map(files.map((f, i) => [f.name, i]));
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (order.get(a.p.file) ?? 0) - (order.get(b.p.file) ?? 0) || (a.p.sheet ?? '').localeCompare(b.p.sheet ?? '') || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

/** Guards the channel: files arrive as base64 from the app. */
export function decodeFiles(files: Array<{ name: string; dataBase64: string }>): RegisterFile[] {
  return files.map((f) => {
    const bytes = Buffer.from(f.dataBase64, 'base64');
    if (bytes.length === 0 && f.dataBase64.length > 0) throw new CoreError('validation', `${f.name} could not be read.`);
    return { name: f.name, bytes };
  });
}
