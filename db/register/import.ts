// Import of register files (spec/register-format.md): every file and row is checked first;
// then, only when nothing is wrong, everything is written in ONE transaction through the
// same code path as the desk (insertVisit), with one audit entry for the whole import.
// A dry run stops after the checks. Nothing is written when anything is wrong.
import { z } from 'zod';
import { createHash, hash } from 'node:crypto';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { insertVisit, type VisitData } from '../services/visits';
import { nowIso, type Ctx } from '../services/context';
import { DEFAULT_CODE_PATTERN, parseDefaultCode } from '../../shared/codes';
import { INJECTS, SEXES, SITE_KINDS, type Injects, type Sex, type SiteKind } from '../../shared/domain';
import { query } from '../store';
import { SUPPLY_COLUMNS, SERVICE_COLUMNS } from './columns';
import { readRegisterFile, sayProblem, type Problem, type ReadResult, type SaidProblem } from './read';
import { text, type Text } from '../../shared/core-messages';
import { parseActivityRow, parseVisitRow } from './parse';
import { hasSecondary, visitRowKey, type RegisterActivityRow, type RegisterVisitRow } from './rows';
import { storedVisitRows } from './export';
import { REGISTER_LIMITS } from '../../shared/register-limits';
import { phase } from '../phases';

const IMPORTED_BEFORE = query<{ file_name: string; imported_at: string }, [string]>(
  'SELECT file_name, imported_at FROM import_files WHERE sha256 = ?', z.object({ file_name: z.string(), imported_at: z.string() }));
const CLIENT_ROW = z.object({ id: z.number(), sex: z.enum(SEXES), birth_year: z.number().nullable(), injects: z.enum(INJECTS), merged_into_id: z.number().nullable() });
type ClientRow = z.infer<typeof CLIENT_ROW>;
/** The days a known client has a visit recorded in a period; the days with an anonymous contact. */
const STORED_DAYS_OF_CLIENT = query<{ date: string }, [number, string, string]>(
  'SELECT DISTINCT date FROM visits WHERE client_id = ? AND voided_at IS NULL AND date BETWEEN ? AND ?', z.object({ date: z.string() }));
const STORED_ANONYMOUS_DAYS = query<{ date: string }, [string, string]>(
  'SELECT DISTINCT date FROM visits WHERE client_id IS NULL AND voided_at IS NULL AND date BETWEEN ? AND ?', z.object({ date: z.string() }));
const ALL_CODES = query<{ code: string }, []>('SELECT code FROM clients', z.object({ code: z.string() }));
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
  errors: SaidProblem[];
  warnings: SaidProblem[];
}

interface Located<T> {
  file: string;
  row: number;
  value: T;
}

/**
 * What the import knows of each code it meets, one slot per code in typed columns (a million-row
 * register can name a million codes; an object and a Set per code would take hundreds of MB).
 */
class ClientPlans {
  private readonly slots = new Map<string, number>();
  private size = 0;
  /** The surviving client's id when the code is known; 0 for a new client (ids start at 1). */
  private id: Float64Array;
  private sex: Uint8Array;
  /** 0: unknown. */
  private birthYear: Uint16Array;
  private injects: Uint8Array;
  /** For a new client, the rows that gave sex, birth year and injecting (0: none yet), to name them in a contradiction. */
  private fromSex: Uint32Array;
  private fromBirthYear: Uint32Array;
  private fromInjects: Uint32Array;
  /** What was already said once about a known client: bits of WARNED. */
  private warned: Uint8Array;

  /** `expected`: about how many codes may come (at most one a row). */
  constructor(expected: number) {
    const n = Math.max(1024, expected);
    this.id = new Float64Array(n);
    this.sex = new Uint8Array(n);
    this.birthYear = new Uint16Array(n);
    this.injects = new Uint8Array(n);
    this.fromSex = new Uint32Array(n);
    this.fromBirthYear = new Uint32Array(n);
    this.fromInjects = new Uint32Array(n);
    this.warned = new Uint8Array(n);
  }

  slot(code: string): number | undefined {
    return this.slots.get(code);
  }

  add(code: string, id: number | null, sex: Sex, birthYear: number | null, injects: Injects): number {
    if (this.size === this.id.length) this.grow();
    const i = this.size++;
    this.slots.set(code, i);
    this.id[i] = id ?? 0;
    this.sex[i] = SEXES.indexOf(sex);
    this.birthYear[i] = birthYear ?? 0;
    this.injects[i] = INJECTS.indexOf(injects);
    return i;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.id = grown(this.id, (k) => new Float64Array(k));
    this.sex = grown(this.sex, (k) => new Uint8Array(k));
    this.birthYear = grown(this.birthYear, (k) => new Uint16Array(k));
    this.injects = grown(this.injects, (k) => new Uint8Array(k));
    this.fromSex = grown(this.fromSex, (k) => new Uint32Array(k));
    this.fromBirthYear = grown(this.fromBirthYear, (k) => new Uint32Array(k));
    this.fromInjects = grown(this.fromInjects, (k) => new Uint32Array(k));
    this.warned = grown(this.warned, (k) => new Uint8Array(k));
  }

  idOf(i: number): number | null {
    return this.id[i] === 0 ? null : this.id[i];
  }

  setId(i: number, id: number): void {
    this.id[i] = id;
  }

  sexOf(i: number): Sex {
    return SEXES[this.sex[i]];
  }

  setSex(i: number, sex: Sex, row: number): void {
    this.sex[i] = SEXES.indexOf(sex);
    this.fromSex[i] = row;
  }

  birthYearOf(i: number): number | null {
    return this.birthYear[i] === 0 ? null : this.birthYear[i];
  }

  setBirthYear(i: number, year: number, row: number): void {
    this.birthYear[i] = year;
    this.fromBirthYear[i] = row;
  }

  injectsOf(i: number): Injects {
    return INJECTS[this.injects[i]];
  }

  setInjects(i: number, injects: Injects, row: number): void {
    this.injects[i] = INJECTS.indexOf(injects);
    this.fromInjects[i] = row;
  }

  /** The row that gave this attribute of a new client, or undefined. */
  from(i: number, what: 'sex' | 'birthYear' | 'injects'): number | undefined {
    const a = what === 'sex' ? this.fromSex : what === 'birthYear' ? this.fromBirthYear : this.fromInjects;
    return a[i] === 0 ? undefined : a[i];
  }

  /** Marks that the row gave the attribute, unless an earlier row did. */
  confirm(i: number, what: 'sex' | 'birthYear', row: number): void {
    const a = what === 'sex' ? this.fromSex : this.fromBirthYear;
    if (a[i] === 0) a[i] = row;
  }

  /** True the first time only. */
  warnOnce(i: number, what: keyof typeof WARNED): boolean {
    const bit = WARNED[what];
    if (this.warned[i] & bit) return false;
    this.warned[i] |= bit;
    return true;
  }

  *entries(): IterableIterator<[string, number]> {
    yield* this.slots;
  }

  newCount(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.id[i] === 0) n++;
    return n;
  }
}

const WARNED = { sex: 1, birth_year: 2, injects: 4 } as const;

interface NamePlan {
  id: number | null;
  name: string;
  kind: SiteKind;
}

const ZERO = { visits: 0, activities: 0, clients_created: 0 };

const siteKindOf = (kind: RegisterVisitRow['kind']): SiteKind =>
  kind === 'outreach' ? 'outreach_place' : kind === 'arrest_house' ? 'arrest_house' : 'cabinet';

/**
 * The problems of an import, by the step that found them: the rows' own cells (and the file's
 * reading), the clients, the names, the likely duplicates. The answer lists them file by file and
 * row by row, and within a row in this order — as when each step ran over all rows in turn.
 */
const STAGES = 4;
type Stage = 0 | 1 | 2 | 3;

/** The identity of a row for duplicate detection: 96 bits of a SHA-1 of visitRowKey, as three 32-bit words. */
type RowKey = readonly [number, number, number];

/** Two different rows share a RowKey with a chance of about 10⁻¹⁷ in a million-row register. */
function rowKey(r: RegisterVisitRow): RowKey {
  const d = hash('sha1', visitRowKey(r), 'buffer');
  return [d.readInt32LE(0), d.readInt32LE(4), d.readInt32LE(8)];
}

const rowKeyText = (k: RowKey): string => `${k[0]}:${k[1]}:${k[2]}`;

/**
 * Row identities → where the first row with each is, in an open-addressing table of typed arrays:
 * 16 bytes a row at most, where a Map of 12-character strings took about 60 and kept the garbage
 * collector busy over a million rows.
 */
export class RowIdentities {
  private words: Int32Array;
  /** 0: an empty slot; else the place of the first row, plus one. */
  private places: Uint32Array;
  private count = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.words = new Int32Array(capacity * 3);
    this.places = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  private slotOf(words: Int32Array, places: Uint32Array, k: RowKey): number {
    const mask = places.length - 1;
    let i = k[0] & mask;
    while (places[i] !== 0 && (words[i * 3] !== k[0] || words[i * 3 + 1] !== k[1] || words[i * 3 + 2] !== k[2])) i = (i + 1) & mask;
    return i;
  }

  /** Where the first row with this identity is; undefined when this row is the first (it is then recorded at `at`). */
  firstOrAdd(k: RowKey, at: number): number | undefined {
    if ((this.count + 1) * 2 > this.places.length) this.grow();
    const i = this.slotOf(this.words, this.places, k);
    if (this.places[i] !== 0) return this.places[i] - 1;
    this.words[i * 3] = k[0];
    this.words[i * 3 + 1] = k[1];
    this.words[i * 3 + 2] = k[2];
    this.places[i] = at + 1;
    this.count++;
    return undefined;
  }

  *entries(): IterableIterator<[RowKey, number]> {
    for (let i = 0; i < this.places.length; i++) {
      if (this.places[i] !== 0) yield [[this.words[i * 3], this.words[i * 3 + 1], this.words[i * 3 + 2]], this.places[i] - 1];
    }
  }

  private grow(): void {
    const words = new Int32Array(this.words.length * 2);
    const places = new Uint32Array(this.places.length * 2);
    for (const [k, at] of this.entries()) {
      const i = this.slotOf(words, places, k);
      words[i * 3] = k[0];
      words[i * 3 + 1] = k[1];
      words[i * 3 + 2] = k[2];
      places[i] = at + 1;
    }
    this.words = words;
    this.places = places;
  }
}

/**
 * What the check keeps while the rows stream past: a plan per distinct code, site and staff name,
 * the days and codes (for the duplicate query), and a 96-bit identity per distinct row with where it
 * was first seen. No row is kept: a million-row register is checked in a few hundred megabytes,
 * and the rows are read again from the file to be written.
 */
class Check {
  readonly clients: ClientPlans;
  /** Every code the database knows (one query): only those are looked up one by one. */
  private readonly knownCodes: Set<string>;
  readonly sites = new Map<string, NamePlan>();
  readonly staff = new Map<string, NamePlan>();
  /**
   * The days and clients of rows a stored visit could be identical to: rows of a client the
   * database knows, and anonymous rows (a new client has no stored visit). One number each: the
   * day, and the code's slot (ANONYMOUS for none).
   */
  readonly storedPairs = new Set<number>();
  from: string | null = null;
  to: string | null = null;
  /** Each distinct row's identity → where the first row with it is (see `at`). */
  readonly seen: RowIdentities;
  /** Rows identical to an earlier one: where, its identity, and where the first is. */
  readonly twins: Array<{ at: number; key: RowKey; first: number }> = [];
  /** Where each file's rows start in the numbering of `at` (a row's place = base + row number). */
  readonly bases: Array<{ file: string; base: number }> = [];
  visits = 0;
  activities = 0;
  readonly errors: Problem[][] = Array.from({ length: STAGES }, () => []);
  readonly warnings: Problem[][] = Array.from({ length: STAGES }, () => []);
  private readonly defaultPattern: boolean;
  private readonly patternRe: RegExp | null;

  /** `expected`: about how many rows the files hold (the tables are sized once, not grown). */
  constructor(private readonly st: Ctx['store'], expected: number) {
    // An estimate (a workbook's is from its bytes): sized for at most one sheet's rows; beyond, they grow.
    const rows = Math.min(expected, REGISTER_LIMITS.rows);
    this.seen = new RowIdentities(rows);
    this.clients = new ClientPlans(rows);
    const pattern = st.setting('codePattern', z.string(), '');
    this.defaultPattern = pattern === DEFAULT_CODE_PATTERN;
    this.patternRe = pattern ? new RegExp(pattern) : null;
    this.knownCodes = new Set(st.rows(ALL_CODES).map((r) => r.code));
  }

  /** The file and row of a place (a file's base plus the row number, see `bases`). */
  where(at: number): { file: string; row: number } {
    let lo = 0;
    let hi = this.bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bases[mid].base <= at) lo = mid;
      else hi = mid - 1;
    }
    const b = this.bases[lo];
    return { file: b.file, row: at - b.base };
  }

  private problem(stage: Stage, list: 'errors' | 'warnings', v: Located<unknown>, sheet: string, column: string, t: Text): void {
    this[list][stage].push({ file: v.file, sheet, row: v.row, column, text: t });
  }

  /** A visit row, checked against the clients, names and rows seen so far. */
  visit(v: Located<RegisterVisitRow>, at: number): void {
    this.visits++;
    this.client(v);
    const r = v.value;
    if (r.site !== null) this.site(r.site, siteKindOf(r.kind), v, 'visits', 'site');
    if (r.point !== null) this.site(r.point, 'point', v, 'visits', 'point');
    if (r.staff !== null) {
      const key = r.staff.toLowerCase();
      if (!this.staff.has(key)) {
        const row = this.st.row(STAFF_BY_NAME, key);
        this.staff.set(key, { id: row?.id ?? null, name: key, kind: 'cabinet' });
        if (!row) this.problem(2, 'warnings', v, 'visits', 'staff', text('import.new_staff'));
      }
    }
    if (this.from === null || r.date < this.from) this.from = r.date;
    if (this.to === null || r.date > this.to) this.to = r.date;
    const slot = r.code === null ? ANONYMOUS : this.clients.slot(r.code)!;
    if (r.code === null || this.clients.idOf(slot) !== null) this.storedPairs.add(dayPair(r.date, slot));
    const key = rowKey(r);
    const first = this.seen.firstOrAdd(key, at);
    if (first !== undefined) this.twins.push({ at, key, first });
  }

  activity(a: Located<RegisterActivityRow>): void {
    this.activities++;
    if (a.value.site !== null) this.site(a.value.site, 'cabinet', a, 'activities', 'site');
  }

  /** Sites, points: found by name, or created with the import. */
  private site(name: string, kind: SiteKind, at: Located<unknown>, sheet: string, column: string): void {
    const key = name.toLowerCase();
    if (this.sites.has(key)) return;
    const row = this.st.row(SITE_BY_NAME, name);
    this.sites.set(key, row ? { id: row.id, name: row.name, kind: row.kind } : { id: null, name, kind });
    if (!row) this.problem(2, 'warnings', at, sheet, column, text('import.new_site', { kind }));
  }

  /** A new code creates a client from its first rows; a known code must not be contradicted. */
  private client(v: Located<RegisterVisitRow>): void {
    const r = v.value;
    if (r.code === null) return;
    const plans = this.clients;
    let i = plans.slot(r.code);
    if (i === undefined) {
      let row = this.knownCodes.has(r.code) ? this.st.row(CLIENT_BY_CODE, r.code) : undefined;
      for (let hops = 0; row && row.merged_into_id !== null && hops < 20; hops++) row = this.st.row(CLIENT_BY_ID, row.merged_into_id);
      if (row) {
        i = plans.add(r.code, row.id, row.sex, row.birth_year, row.injects);
      } else {
        const fromCode = this.defaultPattern ? parseDefaultCode(r.code) : null;
        i = plans.add(r.code, null, fromCode?.sex ?? 'unknown', fromCode?.birthYear ?? null, 'unknown');
        if (this.patternRe && !this.patternRe.test(r.code)) {
          this.problem(1, 'warnings', v, 'visits', 'client_code', text('import.code_pattern'));
        }
      }
    }
    const known = plans.idOf(i) !== null;
    if (r.sex !== null && r.sex !== 'unknown') {
      const sex = plans.sexOf(i);
      const from = plans.from(i, 'sex');
      if (sex === 'unknown') {
        if (!known) plans.setSex(i, r.sex, v.row);
        else if (plans.warnOnce(i, 'sex')) this.problem(1, 'warnings', v, 'visits', 'sex', text('import.known_unknown', { what: 'sex', value: r.sex }));
      } else if (sex === r.sex) {
        if (!known) plans.confirm(i, 'sex', v.row);
      } else if (!known && from === undefined) {
        // Only the code's sex digit said otherwise: the column is taken, with a word about it.
        this.problem(1, 'warnings', v, 'visits', 'sex', text('import.code_says', { what: 'sex', value: r.sex, code: sex }));
        plans.setSex(i, r.sex, v.row);
      } else {
        this.problem(1, 'errors', v, 'visits', 'sex', known
          ? text('import.contradicts_client', { what: 'sex', value: r.sex, stored: sex })
          : text('import.contradicts_row', { value: r.sex, row: from ?? 0, other: sex }));
      }
    }
    if (r.birthYear !== null) {
      const year = plans.birthYearOf(i);
      const from = plans.from(i, 'birthYear');
      if (year === null) {
        if (!known) plans.setBirthYear(i, r.birthYear, v.row);
        else if (plans.warnOnce(i, 'birth_year')) this.problem(1, 'warnings', v, 'visits', 'birth_year', text('import.known_unknown', { what: 'birth_year', value: String(r.birthYear) }));
      } else if (year === r.birthYear) {
        if (!known) plans.confirm(i, 'birthYear', v.row);
      } else if (!known && from === undefined) {
        this.problem(1, 'warnings', v, 'visits', 'birth_year', text('import.code_says', { what: 'birth_year', value: String(r.birthYear), code: String(year) }));
        plans.setBirthYear(i, r.birthYear, v.row);
      } else {
        this.problem(1, 'errors', v, 'visits', 'birth_year', known
          ? text('import.contradicts_client', { what: 'birth_year', value: String(r.birthYear), stored: String(year) })
          : text('import.contradicts_row', { value: String(r.birthYear), row: from ?? 0, other: String(year) }));
      }
    }
    if (r.injects !== null && r.injects !== 'unknown') {
      const injects = plans.injectsOf(i);
      if (!known && injects === 'unknown') {
        plans.setInjects(i, r.injects, v.row);
      } else if (injects !== r.injects && plans.warnOnce(i, 'injects')) {
        this.problem(1, 'warnings', v, 'visits', 'injects', known
          ? text('import.injects_differs_client', { value: r.injects, stored: injects })
          : text('import.injects_differs_row', { value: r.injects, row: plans.from(i, 'injects') ?? 0, other: injects }));
      }
    }
  }

  /**
   * Likely duplicates: rows identical to a stored visit, or to an earlier row. Only a stored visit
   * of the same day and client can be identical: the days a known client of the files (or an
   * anonymous contact) has in the database are looked up by client, and only the days shared with
   * a row are read whole, a month at a time, keeping a hash per stored row.
   */
  duplicates(): void {
    if (this.from === null || this.to === null) return;
    const shared = new Set<string>();
    if (this.storedPairs.size > 0) {
      for (const [, slot] of this.clients.entries()) {
        const id = this.clients.idOf(slot);
        if (id === null) continue;
        for (const r of this.st.rows(STORED_DAYS_OF_CLIENT, id, this.from, this.to)) if (this.storedPairs.has(dayPair(r.date, slot))) shared.add(r.date);
      }
      for (const r of this.st.rows(STORED_ANONYMOUS_DAYS, this.from, this.to)) if (this.storedPairs.has(dayPair(r.date, ANONYMOUS))) shared.add(r.date);
    }
    const stored = new Map<string, string>();
    for (const [from, to] of dayRuns([...shared].sort(), 31)) {
      for (const r of storedVisitRows(this.st, { from, to }).rows) {
        if (shared.has(r.date)) stored.set(rowKeyText(rowKey(r)), r.date);
      }
    }
    const warnAt = (at: number, t: Text) => {
      const { file, row } = this.where(at);
      this.warnings[3].push({ file, sheet: 'visits', row, column: 'date', text: t });
    };
    if (stored.size > 0) {
      const storedMessage = (key: string) => text('import.duplicate_stored', { date: stored.get(key) ?? '' });
      for (const [key, at] of this.seen.entries()) if (stored.has(rowKeyText(key))) warnAt(at, storedMessage(rowKeyText(key)));
      for (const t of this.twins) if (stored.has(rowKeyText(t.key))) warnAt(t.at, storedMessage(rowKeyText(t.key)));
    }
    for (const t of this.twins) {
      const first = this.where(t.first);
      const here = this.where(t.at);
      warnAt(t.at, text('import.duplicate_row', { row: first.row, file: first.file === here.file ? null : first.file }));
    }
  }

  /** Every problem, in file, sheet and row order (and step order within a row), said in a language. */
  answer(files: RegisterFile[], lang: Ctx['lang']): { errors: SaidProblem[]; warnings: SaidProblem[] } {
    const said = (list: Problem[]) => sortProblems(list, files).map((p) => sayProblem(lang, p));
    return { errors: said(this.errors.flat()), warnings: said(this.warnings.flat()) };
  }
}

/** The slot of "no code" in a day pair (client slots are below it). */
const ANONYMOUS = 2 ** 24 - 1;
const DAY_MS = 86_400_000;

/** A day and a client's slot as one number (days since 1970 × 2²⁴ + slot; exact below 2⁵³). */
function dayPair(date: string, slot: number): number {
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  return day * 2 ** 24 + slot;
}

/** Sorted days grouped into runs of consecutive days, none longer than `max` days: [first, last] each. */
function dayRuns(days: string[], max: number): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  const dayOf = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY_MS;
  let start = 0;
  for (let i = 1; i <= days.length; i++) {
    if (i === days.length || dayOf(days[i]) !== dayOf(days[i - 1]) + 1 || i - start >= max) {
      if (days.length > 0) runs.push([days[start], days[i - 1]]);
      start = i;
    }
  }
  return runs;
}

/** A file the check accepted: written by the import, and remembered by its hash. */
interface Accepted {
  index: number;
  name: string;
  sha256: string;
  rows: number;
}

/**
 * Reads every file once, checking each row as it streams past (nothing of a row is kept but what
 * Check keeps). A file refused as a whole (a limit, a damaged workbook) must give no rows at all;
 * such a refusal can come after some of its rows were checked, so the check then runs once more
 * without it (`refused`: those files, with what their reading said).
 */
async function checkFiles(
  ctx: Ctx, files: RegisterFile[], hashes: string[], refused: Map<number, ReadResult>, progress: (n: number) => void, expected: number,
): Promise<{ check: Check; accepted: Accepted[]; refusedNow: Map<number, ReadResult> }> {
  const st = ctx.store;
  const check = new Check(st, expected);
  const accepted: Accepted[] = [];
  const refusedNow = new Map<number, ReadResult>();
  const fileLevel = (file: string, t: Text) => check.errors[0].push({ file, sheet: null, row: null, column: null, text: t });
  let base = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const sha256 = hashes[i];
    // A file without rows is never remembered, so a file imported before has rows: refused unread.
    const before = st.row(IMPORTED_BEFORE, sha256);
    if (before) {
      fileLevel(f.name, text('file.imported_before', { date: before.imported_at.slice(0, 10), as: before.file_name }));
      continue;
    }
    const twin = accepted.find((h) => h.sha256 === sha256);
    if (twin) {
      fileLevel(f.name, text('file.same_as', { other: twin.name }));
      continue;
    }
    const known = refused.get(i);
    if (known) {
      check.errors[0].push(...known.errors);
      check.warnings[0].push(...known.warnings);
      continue;
    }
    const fileBase = base;
    check.bases.push({ file: f.name, base: fileBase });
    let lastRow = 0;
    // The rows' own problems, said after what the file's reading says (as they were found).
    const cellErrors: Problem[] = [];
    const cellWarnings: Problem[] = [];
    const read = await readRegisterFile(f.name, f.bytes, (sheet, raw) => {
      progress(1);
      if (raw.row > lastRow) lastRow = raw.row;
      if (sheet === 'visits') {
        const v = parseVisitRow(raw, f.name, cellErrors, cellWarnings);
        if (v) check.visit({ file: f.name, row: raw.row, value: v }, fileBase + raw.row);
      } else {
        const a = parseActivityRow(raw, f.name, cellErrors);
        if (a) check.activity({ file: f.name, row: raw.row, value: a });
      }
    });
    base += lastRow + 1;
    const rows = read.sheets.reduce((n, sheet) => n + sheet.rows, 0);
    const refusedWhole = read.errors.some((e) => e.row === null && e.sheet === null);
    if (refusedWhole) refusedNow.set(i, read);
    check.errors[0].push(...read.errors, ...cellErrors);
    check.warnings[0].push(...read.warnings, ...cellWarnings);
    if (rows > 0 && !refusedWhole) accepted.push({ index: i, name: f.name, sha256, rows });
  }
  return { check, accepted, refusedNow };
}

/** Checks (and unless dryRun, imports) register files as one all-or-nothing batch. */
export async function importRegister(ctx: Ctx, files: RegisterFile[], opts: { dryRun: boolean }): Promise<ImportReport> {
  const st = ctx.store;

  // Progress (Ctx.step, which also stops the import when the person asks): the rows checked of
  // an estimate from the bytes (lines of a CSV; about 40 bytes a row of a workbook), then the rows
  // written. A stop before the end writes nothing (the writing is one transaction).
  const estimated = Math.max(1, files.reduce((n, f) => n + estimateRows(f.bytes), 0));
  const every = 2000;
  let readSoFar = 0;
  const progress = () => {
    if (++readSoFar % every === 0) ctx.step('checking', Math.min(readSoFar, estimated - 1), estimated);
  };

  // 1. Every file read once, every row checked as it is read (the same file twice is refused).
  phase('read');
  ctx.step('checking', 0, estimated);
  const hashes = files.map((f) => createHash('sha256').update(f.bytes).digest('hex'));
  let run = await checkFiles(ctx, files, hashes, new Map(), progress, estimated);
  if (run.refusedNow.size > 0) {
    // Rows of a file refused as a whole were checked before its refusal: once more without them.
    readSoFar = 0;
    run = await checkFiles(ctx, files, hashes, run.refusedNow, progress, estimated);
  }
  const { check, accepted } = run;

  // 2. Likely duplicates, now that every row's key is known.
  phase('check');
  check.duplicates();
  ctx.step('checking', estimated, estimated);
  const newClients = check.clients.newCount();
  const counts = { visits: check.visits, activities: check.activities, clients_created: newClients };
  const { errors, warnings } = check.answer(files, ctx.lang);
  if (errors.length > 0) return { imported: { ...ZERO }, errors, warnings };
  if (opts.dryRun || accepted.length === 0) return { imported: counts, errors, warnings };

  // 3. Write everything, in one transaction: the accepted files are read again, row by row.
  phase('write');
  const toWrite = check.visits + check.activities;
  ctx.step('writing', 0, toWrite + 1);
  await st.txAsync(async () => {
    const now = nowIso();
    const createdSites: string[] = [];
    const insertSite = st.stmt('INSERT INTO sites (name, kind, active, created_at) VALUES (?, ?, 1, ?)');
    for (const s of check.sites.values()) {
      if (s.id === null) {
        s.id = Number(insertSite.run(s.name, s.kind, now).lastInsertRowid);
        createdSites.push(s.name);
      }
    }
    const createdStaff: string[] = [];
    const insertStaff = st.stmt(`INSERT INTO staff (user_name, display_name, role, active, created_at) VALUES (?, ?, 'social_worker', 0, ?)`);
    for (const s of check.staff.values()) {
      if (s.id === null) {
        s.id = Number(insertStaff.run(s.name, s.name, now).lastInsertRowid);
        createdStaff.push(s.name);
      }
    }
    const insertClient = st.stmt(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, note, merged_into_id, created_at) VALUES (?, ?, ?, ?, 0, NULL, NULL, ?)`);
    const plans = check.clients;
    for (const [code, i] of plans.entries()) {
      if (plans.idOf(i) === null) plans.setId(i, Number(insertClient.run(code, plans.sexOf(i), plans.birthYearOf(i), plans.injectsOf(i), now).lastInsertRowid));
    }
    const siteId = (name: string | null) => (name === null ? null : check.sites.get(name.toLowerCase())!.id);
    const staffId = (name: string | null) => (name === null ? null : check.staff.get(name.toLowerCase())!.id);

    // Outreach contacts of one place and day make one outreach session, as the app records them.
    const sessions = new Map<string, { id: number; workers: Set<number> }>();
    const insertSession = st.stmt('INSERT INTO outreach_sessions (date, site_id, note, created_at, created_by) VALUES (?, ?, NULL, ?, ?)');
    const insertWorker = st.stmt('INSERT OR IGNORE INTO outreach_workers (session_id, staff_id) VALUES (?, ?)');
    const insertActivity = st.stmt('INSERT INTO activities (date, type, title, participants, institution, site_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    let sessionCount = 0;
    let written = 0;
    const writeVisit = (r: RegisterVisitRow) => {
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
      insertVisit(ctx, toVisitData(r, r.code === null ? null : plans.idOf(plans.slot(r.code)!), sid, siteId(r.point)), { staffId: staffId(r.staff), outreachSessionId: sessionId });
    };
    for (const file of accepted) {
      const f = files[file.index];
      // The same bytes, read the same way, give the same rows: a row that now has a problem means
      // the reading is not what was checked, and nothing is written.
      const unexpected: Problem[] = [];
      const again = await readRegisterFile(f.name, f.bytes, (sheet, raw) => {
        if (++written % every === 0) ctx.step('writing', Math.min(written, toWrite), toWrite + 1);
        if (sheet === 'visits') {
          const v = parseVisitRow(raw, f.name, unexpected, []);
          if (v) writeVisit(v);
        } else {
          const a = parseActivityRow(raw, f.name, unexpected);
          if (a) insertActivity.run(a.date, a.type, a.title, a.participants, a.institution, siteId(a.site), now, ctx.actor.staffId);
        }
        if (unexpected.length > 0) throw new CoreError('internal', text('file.read_differently', { file: f.name }));
      });
      if (again.errors.length > 0) throw new CoreError('internal', text('file.read_differently', { file: f.name }));
    }
    const insertFile = st.stmt('INSERT INTO import_files (sha256, file_name, imported_at, staff_id, rows) VALUES (?, ?, ?, ?, ?)');
    const filesWritten = accepted.map(({ name, sha256, rows }) => ({ name, sha256, rows }));
    for (const h of filesWritten) insertFile.run(h.sha256, h.name, now, ctx.actor.staffId, h.rows);
    audit(st, ctx.actor, 'import', 'register', null, null, {
      files: filesWritten, ...counts, outreach_sessions: sessionCount, sites_created: createdSites, staff_created: createdStaff,
    });
    // The last place a Stop is heard, whatever the number of rows: just before the commit.
    ctx.step('writing', toWrite, toWrite + 1);
    phase('commit');
  });
  phase('done');
  ctx.step('writing', toWrite + 1, toWrite + 1);
  return { imported: counts, errors, warnings };
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
    if (bytes.length === 0 && f.dataBase64.length > 0) throw new CoreError('validation', text('file.undecodable', { file: f.name }));
    return { name: f.name, bytes };
  });
}
