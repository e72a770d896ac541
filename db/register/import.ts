// Import of register files (spec/register-format.md): every file and row is checked first;
// then, only when nothing is wrong, everything is written in ONE transaction through the
// same code path as the desk (insertVisit), with one audit entry for the whole import.
// A dry run stops after the checks. Nothing is written when anything is wrong.
import { z } from 'zod';
import { createHash, hash } from 'node:crypto';
import { audit } from '../audit';
import { CoreError } from '../errors';
import { insertVisit, ResolvedRefs, type VisitData } from '../services/visits';
import { nowIso, type Ctx } from '../services/context';
import { DEFAULT_CODE_PATTERN, parseDefaultCode } from '../../shared/codes';
import { CAME_VIA, CORE_ITEMS, INJECTS, SEXES, SITE_KINDS, type CameVia, type CoreItem, type Injects, type Sex, type SiteKind } from '../../shared/domain';
import { query } from '../store';
import { cacheMiBFor, setCacheMiB } from '../open';
import { OUT_COLUMN_OF, SUPPLY_COLUMNS, SERVICE_COLUMNS } from './columns';
import { readRegisterFile, sayProblem, type Problem, type ReadResult, type SaidProblem } from './read';
import { text, type Text } from '../../shared/core-messages';
import { parseActivityRow, parseCareRow, parseOverdoseRow, parseVisitRow } from './parse';
import {
  hasSecondary, visitRowKey, type RegisterActivityRow, type RegisterCareRow, type RegisterOverdoseRow, type RegisterVisitRow,
} from './rows';
import { storedVisitRows } from './export';
import { REGISTER_LIMITS } from '../../shared/register-limits';
import { phase } from '../phases';
import { NOTHING_IMPORTED } from '../../shared/data-schemas';

const IMPORTED_BEFORE = query<{ file_name: string; imported_at: string }, [string]>(
  'SELECT file_name, imported_at FROM import_files WHERE sha256 = ?', z.object({ file_name: z.string(), imported_at: z.string() }));
const CLIENT_ROW = z.object({
  id: z.number(), sex: z.enum(SEXES), birth_year: z.number().nullable(), injects: z.enum(INJECTS), merged_into_id: z.number().nullable(),
  came_via: z.enum(CAME_VIA), referred_by_code: z.string().nullable(),
});
type ClientRow = z.infer<typeof CLIENT_ROW>;
/** The days a known client has a visit recorded in a period; the days with an anonymous contact. */
const STORED_DAYS_OF_CLIENT = query<{ date: string }, [number, string, string]>(
  'SELECT DISTINCT date FROM visits WHERE client_id = ? AND voided_at IS NULL AND date BETWEEN ? AND ?', z.object({ date: z.string() }));
const STORED_ANONYMOUS_DAYS = query<{ date: string }, [string, string]>(
  'SELECT DISTINCT date FROM visits WHERE client_id IS NULL AND voided_at IS NULL AND date BETWEEN ? AND ?', z.object({ date: z.string() }));
const ALL_CODES = 'SELECT code FROM clients';
/** About how many clients the database has, without reading them all (ids only grow). */
const CLIENTS_ABOUT = query<{ n: number | null }, []>('SELECT max(id) AS n FROM clients', z.object({ n: z.number().nullable() }));
/**
 * A file of `rows` rows reads every stored code at once when rows × PRELOAD_FACTOR ≥ the clients
 * stored, else looks its new codes up a block at a time (Check.prefetch). Measured at 595,000
 * clients (3M visits, encrypted): reading them all 0.85 s (1.4 µs a client); the look-ups of a
 * 50,000-row file 0.16-0.18 s (one call a code: 0.65-0.76 s). A month's register of a few thousand
 * rows looks its codes up; a register of ten years reads them all.
 */
export const PRELOAD_FACTOR = 4;
const CODE_OF_CLIENT = query<{ code: string }, [number]>('SELECT code FROM clients WHERE id = ?', z.object({ code: z.string() }));
/** The page cache while the check reads the stored visits of shared days (see Check.duplicates). */
const DUPLICATES_CACHE_MIB = 16;
const CLIENT_COLUMNS = 'id, sex, birth_year, injects, merged_into_id, came_via, referred_by_code';
const CLIENT_BY_CODE = query<ClientRow, [string]>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE code = ?`, CLIENT_ROW);
/**
 * The stored clients of a block of codes, in one statement (Check.prefetch): a look-up a code from
 * JavaScript costs about as much again in the call as in the search.
 */
const CLIENTS_BY_CODES = query<ClientRow & { code: string }, [string]>(
  `SELECT c.code, ${CLIENT_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')} FROM json_each(?) AS j CROSS JOIN clients AS c ON c.code = j.value`,
  CLIENT_ROW.extend({ code: z.string() }),
);
/** Visit rows checked together, their new codes looked up at once (Check.prefetch). */
export const PREFETCH_BLOCK = 500;
const CLIENT_BY_ID = query<ClientRow, [number]>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ?`, CLIENT_ROW);
const ITEMS = query<{ key: string; category: CoreItem | 'other' }, []>('SELECT key, category FROM items ORDER BY id', z.object({
  key: z.string(), category: z.enum([...CORE_ITEMS, 'other']),
}));
/** The stored pharmacotherapy changes, a merged code's under its surviving client (as the report reads them). */
const PHARMACOTHERAPY_CHANGES = query<{ client_id: number; date: string; status: number }, []>(
  `SELECT coalesce(c.merged_into_id, x.client_id) AS client_id, x.date, x.status FROM pharmacotherapy_changes x JOIN clients c ON c.id = x.client_id
    WHERE x.voided_at IS NULL ORDER BY 1, x.date, x.id`, z.object({ client_id: z.number(), date: z.string(), status: z.number() }));
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
  imported: { visits: number; activities: number; overdoses: number; care: number; clients_created: number };
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
  /** How the client came (an index of CAME_VIA), and for a new client the row that said it (0: none yet). */
  private cameVia: Uint8Array;
  private fromCameVia: Uint32Array;
  /** 1 when a row of visits, overdoses or care names the code (not only a training's trained_codes). */
  private onRow: Uint8Array;
  /** The peer's code of a client who came through a peer (few clients: kept by slot). */
  private readonly referredBy = new Map<number, string>();

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
    this.cameVia = new Uint8Array(n);
    this.fromCameVia = new Uint32Array(n);
    this.onRow = new Uint8Array(n);
  }

  slot(code: string): number | undefined {
    return this.slots.get(code);
  }

  add(code: string, id: number | null, sex: Sex, birthYear: number | null, injects: Injects, cameVia: CameVia = 'unknown', referredBy: string | null = null): number {
    if (this.size === this.id.length) this.grow();
    const i = this.size++;
    this.slots.set(code, i);
    this.id[i] = id ?? 0;
    this.sex[i] = SEXES.indexOf(sex);
    this.birthYear[i] = birthYear ?? 0;
    this.injects[i] = INJECTS.indexOf(injects);
    this.cameVia[i] = CAME_VIA.indexOf(cameVia);
    if (referredBy !== null) this.referredBy.set(i, referredBy);
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
    this.cameVia = grown(this.cameVia, (k) => new Uint8Array(k));
    this.fromCameVia = grown(this.fromCameVia, (k) => new Uint32Array(k));
    this.onRow = grown(this.onRow, (k) => new Uint8Array(k));
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

  cameViaOf(i: number): CameVia {
    return CAME_VIA[this.cameVia[i]];
  }

  referredByOf(i: number): string | null {
    return this.referredBy.get(i) ?? null;
  }

  setCameVia(i: number, cameVia: CameVia, referredBy: string | null, row: number): void {
    this.cameVia[i] = CAME_VIA.indexOf(cameVia);
    this.fromCameVia[i] = row;
    this.setReferredBy(i, referredBy);
  }

  setReferredBy(i: number, code: string | null): void {
    if (code === null) this.referredBy.delete(i);
    else this.referredBy.set(i, code);
  }

  /** Marks that a row of visits, overdoses or care names the code. */
  seenOnRow(i: number): void {
    this.onRow[i] = 1;
  }

  isOnRow(i: number): boolean {
    return this.onRow[i] === 1;
  }

  /** The row that gave this attribute of a new client, or undefined. */
  from(i: number, what: 'sex' | 'birthYear' | 'injects' | 'cameVia'): number | undefined {
    const a = what === 'sex' ? this.fromSex : what === 'birthYear' ? this.fromBirthYear : what === 'injects' ? this.fromInjects : this.fromCameVia;
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

const WARNED = { sex: 1, birth_year: 2, injects: 4, came_via: 8, referred_by_code: 16 } as const;

/**
 * A growing list of (client slot, day, status, place) in typed arrays: the pharmacotherapy cells
 * of the visits rows, a few bytes each (a register may give one on every row).
 */
class PharmacotherapyCells {
  slot = new Uint32Array(1024);
  day = new Int32Array(1024);
  status = new Uint8Array(1024);
  at = new Float64Array(1024);
  size = 0;

  push(slot: number, day: number, status: boolean, at: number): void {
    if (this.size === this.slot.length) {
      const grow = <T extends Uint32Array | Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.slot = grow(this.slot, (n) => new Uint32Array(n));
      this.day = grow(this.day, (n) => new Int32Array(n));
      this.status = grow(this.status, (n) => new Uint8Array(n));
      this.at = grow(this.at, (n) => new Float64Array(n));
    }
    const i = this.size++;
    this.slot[i] = slot;
    this.day[i] = day;
    this.status[i] = status ? 1 : 0;
    this.at[i] = at;
  }

  /** The cells' indices by client, then day, then place in the files. */
  order(): Uint32Array {
    const idx = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) idx[i] = i;
    return idx.sort((a, b) => this.slot[a] - this.slot[b] || this.day[a] - this.day[b] || this.at[a] - this.at[b]);
  }
}

/** A pharmacotherapy change the import writes: the client's slot, the day, the status. */
interface PlannedChange {
  slot: number;
  date: string;
  status: boolean;
}

interface NamePlan {
  id: number | null;
  name: string;
  kind: SiteKind;
}

export { NOTHING_IMPORTED };

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
 * was first seen. No row is kept here: a million-row register is checked in a few hundred
 * megabytes, and its rows are read again from the file to be written (an import of at most
 * KEEP_ROWS rows keeps them beside the check, in KeptRows, and writes those).
 */
class Check {
  readonly clients: ClientPlans;
  /**
   * Every code the database knows, read at once for a file that may name a good part of them
   * (PRELOAD_FACTOR): only those are then looked up one by one. Null: each new code is looked up.
   */
  private readonly knownCodes: Set<string> | null;
  /** A block's codes looked up at once (prefetch): the stored client, or null for none; emptied after the block. */
  private readonly prefetched = new Map<string, ClientRow | null>();
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
  overdoses = 0;
  care = 0;
  /** The pharmacotherapy cells of the rows, and the changes they make (set by `clientsDone`). */
  readonly pharmacotherapy = new PharmacotherapyCells();
  changes: PlannedChange[] = [];
  /** Codes first met in a training's trained_codes: where (warned about unless a row names them too). */
  private readonly trainedFirst = new Map<number, { file: string; row: number; entry: number }>();
  /** The catalogue: item key → category (other_items names only items of category other). */
  private readonly items: Map<string, CoreItem | 'other'>;
  readonly errors: Problem[][] = Array.from({ length: STAGES }, () => []);
  readonly warnings: Problem[][] = Array.from({ length: STAGES }, () => []);
  private readonly defaultPattern: boolean;
  private readonly patternRe: RegExp | null;

  /** `expected`: about how many rows the files hold (the tables are sized once, not grown). */
  /**
   * Today: the records the app's forms refuse after today (visits, overdose reports, care steps,
   * activities, pharmacotherapy changes: db/services/record-dates.ts) are refused in a file too,
   * so that a file cannot hold what the cabinet could not have typed.
   */
  today = '9999-12-31';

  constructor(private readonly st: Ctx['store'], expected: number) {
    // An estimate (a workbook's is from its bytes): sized for at most one sheet's rows; beyond, they grow.
    const rows = Math.min(expected, REGISTER_LIMITS.rows);
    this.seen = new RowIdentities(rows);
    this.clients = new ClientPlans(rows);
    const pattern = st.setting('codePattern', z.string(), '');
    this.defaultPattern = pattern === DEFAULT_CODE_PATTERN;
    this.patternRe = pattern ? new RegExp(pattern) : null;
    const clients = st.row(CLIENTS_ABOUT)?.n ?? 0;
    this.knownCodes = rows * PRELOAD_FACTOR >= clients ? new Set(st.texts(ALL_CODES)) : null;
    this.items = new Map(st.rows(ITEMS).map((r) => [r.key, r.category]));
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
    const slot = this.client(v);
    const r = v.value;
    this.notAfterToday(r.date, v, 'visits', 'date');
    if (r.site !== null) this.site(r.site, siteKindOf(r.kind), v, 'visits', 'site');
    if (r.point !== null) this.site(r.point, 'point', v, 'visits', 'point');
    if (r.staff !== null) this.staffName(r.staff, v, 'visits');
    r.otherItems.forEach(([key], i) => {
      const category = this.items.get(key);
      if (category === undefined) {
        const known = [...this.items].filter(([, c]) => c === 'other').map(([k]) => k).slice(0, 40);
        this.problem(2, 'errors', v, 'visits', 'other_items', text('import.item_unknown', { entry: i + 1, known }));
      } else if (category !== 'other') {
        this.problem(2, 'errors', v, 'visits', 'other_items', text('import.item_core', { entry: i + 1, column: OUT_COLUMN_OF[category] }));
      }
    });
    // A peer's code is a client code: the cabinet's pattern keeps a phone number or a name out of it (as on the desk).
    if (r.referredByCode !== null && this.patternRe && !this.patternRe.test(r.referredByCode)) {
      this.problem(2, 'errors', v, 'visits', 'referred_by_code', text('clients.pattern'));
    }
    if (r.code !== null && r.inPharmacotherapy !== null) this.pharmacotherapy.push(slot, dayNumber(r.date), r.inPharmacotherapy, at);
    if (this.from === null || r.date < this.from) this.from = r.date;
    if (this.to === null || r.date > this.to) this.to = r.date;
    if (r.code === null || this.clients.idOf(slot) !== null) this.storedPairs.add(dayPair(r.date, slot));
    const key = rowKey(r);
    const first = this.seen.firstOrAdd(key, at);
    if (first !== undefined) this.twins.push({ at, key, first });
  }

  /** A record dated after today (see `today`): an error on its date column. */
  private notAfterToday(date: string, v: Located<unknown>, sheet: string, column: string): void {
    if (date > this.today) this.problem(2, 'errors', v, sheet, column, text('record.date_range'));
  }

  /** A meeting's institutions as rows name them (date, title and site folded as the report groups meetings): the first row of each. */
  private readonly meetingInstitutions = new Map<string, Located<unknown>>();
  /** Care steps as rows give them (client, infection, step, day): the first row of each. */
  private readonly careRows = new Map<string, Located<unknown>>();

  /** A warning that a row repeats an earlier one (`first`), on one of its columns. */
  private repeats(stage: Stage, at: Located<unknown>, first: Located<unknown>, sheet: string, column: string, t: (p: { row: number; file: string | null }) => Text): void {
    this.problem(stage, 'warnings', at, sheet, column, t({ row: first.row, file: first.file === at.file ? null : first.file }));
  }

  activity(a: Located<RegisterActivityRow>): void {
    this.activities++;
    this.notAfterToday(a.value.date, a, 'activities', 'date');
    // A meeting is one row per institution: the same institution twice is likely a row typed twice
    // (their participants are added, as the report adds them; said so that it can be checked).
    if (a.value.type === 'meeting') {
      const r = a.value;
      const key = `${r.date}\u0000${(r.site ?? '').trim().toLowerCase()}\u0000${(r.title ?? '').trim().toLocaleLowerCase('lt')}\u0000${r.institution ?? 'other'}`;
      const first = this.meetingInstitutions.get(key);
      if (first) this.repeats(3, a, first, 'activities', 'institution', (p) => text('import.meeting_institution_twice', p));
      else this.meetingInstitutions.set(key, a);
    }
    if (a.value.site !== null) this.site(a.value.site, 'cabinet', a, 'activities', 'site');
    // A code a training names creates its client like any code seen for the first time
    // (register-format.md); one no row of the files names either is said, as it may be a typo.
    a.value.trainedCodes.forEach((code, i) => {
      const before = this.clients.slot(code);
      const slot = this.clientSlot(code, a, 'activities', 'trained_codes');
      if (before === undefined && this.clients.idOf(slot) === null) this.trainedFirst.set(slot, { file: a.file, row: a.row, entry: i + 1 });
    });
  }

  /** An overdose report: its client (anonymous when no code), site and staff. */
  overdose(o: Located<RegisterOverdoseRow>): void {
    this.overdoses++;
    const r = o.value;
    this.notAfterToday(r.date, o, 'overdoses', 'date');
    if (r.code !== null) this.clients.seenOnRow(this.clientSlot(r.code, o, 'overdoses', 'client_code'));
    if (r.site !== null) this.site(r.site, 'cabinet', o, 'overdoses', 'site');
    if (r.staff !== null) this.staffName(r.staff, o, 'overdoses');
  }

  /** A care step: its client, site and staff. */
  careStep(c: Located<RegisterCareRow>): void {
    this.care++;
    const r = c.value;
    this.notAfterToday(r.date, c, 'care', 'date');
    const slot = this.clientSlot(r.code, c, 'care', 'client_code');
    this.clients.seenOnRow(slot);
    // The same step of the same client on the same day twice: a likely duplicate (a figure counts it once).
    const key = `${slot}\u0000${r.infection}\u0000${r.step}\u0000${r.date}`;
    const first = this.careRows.get(key);
    if (first) this.repeats(3, c, first, 'care', 'date', (p) => text('import.duplicate_row', p));
    else this.careRows.set(key, c);
    if (r.site !== null) this.site(r.site, 'cabinet', c, 'care', 'site');
    if (r.staff !== null) this.staffName(r.staff, c, 'care');
  }

  /** Staff: found by user name, or created (inactive) with the import. */
  private staffName(name: string, at: Located<unknown>, sheet: string): void {
    const key = name.toLowerCase();
    if (this.staff.has(key)) return;
    const row = this.st.row(STAFF_BY_NAME, key);
    this.staff.set(key, { id: row?.id ?? null, name: key, kind: 'cabinet' });
    if (!row) this.problem(2, 'warnings', at, sheet, 'staff', text('import.new_staff'));
  }

  /** Sites, points: found by name, or created with the import. */
  private site(name: string, kind: SiteKind, at: Located<unknown>, sheet: string, column: string): void {
    const key = name.toLowerCase();
    if (this.sites.has(key)) return;
    const row = this.st.row(SITE_BY_NAME, name);
    this.sites.set(key, row ? { id: row.id, name: row.name, kind: row.kind } : { id: null, name, kind });
    if (!row) this.problem(2, 'warnings', at, sheet, column, text('import.new_site', { kind }));
  }

  /**
   * The slot of a code: a known client (a merged code finds its survivor), or a new client, whose
   * sex and birth year start from the code when it follows the default pattern.
   */
  private clientSlot(code: string, at: Located<unknown>, sheet: string, column: string): number {
    const plans = this.clients;
    const i = plans.slot(code);
    if (i !== undefined) return i;
    const ahead = this.prefetched.get(code);
    let row = ahead !== undefined ? (ahead ?? undefined)
      : this.knownCodes === null || this.knownCodes.has(code) ? this.st.row(CLIENT_BY_CODE, code) : undefined;
    for (let hops = 0; row && row.merged_into_id !== null && hops < 20; hops++) row = this.st.row(CLIENT_BY_ID, row.merged_into_id);
    if (row) return plans.add(code, row.id, row.sex, row.birth_year, row.injects, row.came_via, row.referred_by_code);
    const fromCode = this.defaultPattern ? parseDefaultCode(code) : null;
    if (this.patternRe && !this.patternRe.test(code)) this.problem(1, 'warnings', at, sheet, column, text('import.code_pattern'));
    return plans.add(code, null, fromCode?.sex ?? 'unknown', fromCode?.birthYear ?? null, 'unknown');
  }

  /**
   * Looks up in one statement the codes of the rows about to be checked that no earlier row named
   * (clientSlot then finds them here); prefetchDone forgets them after the block (they are in the plans).
   */
  prefetch(codes: Array<string | null>): void {
    const todo: string[] = [];
    for (const code of codes) {
      if (code === null || this.prefetched.has(code) || this.clients.slot(code) !== undefined) continue;
      if (this.knownCodes !== null && !this.knownCodes.has(code)) continue;
      this.prefetched.set(code, null);
      todo.push(code);
    }
    if (todo.length === 0) return;
    for (const { code, ...row } of this.st.rows(CLIENTS_BY_CODES, JSON.stringify(todo))) this.prefetched.set(code, row);
  }

  prefetchDone(): void {
    this.prefetched.clear();
  }

  /** A new code creates a client from its first rows; a known code must not be contradicted. Its slot (ANONYMOUS: no code). */
  private client(v: Located<RegisterVisitRow>): number {
    const r = v.value;
    if (r.code === null) return ANONYMOUS;
    const plans = this.clients;
    const i = this.clientSlot(r.code, v, 'visits', 'client_code');
    plans.seenOnRow(i);
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
    // How a new client came, as injecting: the first row that says it is kept, a later different
    // one is said once; a known client's record is not changed by an import.
    if (r.cameVia !== null) {
      const cameVia = plans.cameViaOf(i);
      if (!known && plans.from(i, 'cameVia') === undefined) {
        plans.setCameVia(i, r.cameVia, r.referredByCode, v.row);
      } else if (cameVia !== r.cameVia) {
        if (plans.warnOnce(i, 'came_via')) {
          this.problem(1, 'warnings', v, 'visits', 'came_via', known
            ? text('import.injects_differs_client', { value: r.cameVia, stored: cameVia })
            : text('import.injects_differs_row', { value: r.cameVia, row: plans.from(i, 'cameVia') ?? 0, other: cameVia }));
        }
      } else if (r.referredByCode !== null && r.referredByCode !== plans.referredByOf(i)) {
        if (!known && plans.referredByOf(i) === null) plans.setReferredBy(i, r.referredByCode);
        else if (plans.warnOnce(i, 'referred_by_code')) this.problem(1, 'warnings', v, 'visits', 'referred_by_code', text('import.referred_by_differs'));
      }
    }
    return i;
  }

  /**
   * After every row is read: the pharmacotherapy changes to write, and the codes only a training
   * named. A row's in_pharmacotherapy is the client's status from its day on; it is a change only
   * where it differs from the status in force that day (the latest stored change on or before it,
   * or one of the files' earlier days; none: not in pharmacotherapy). Rows of one client and day
   * must agree.
   */
  clientsDone(): void {
    for (const [slot, first] of this.trainedFirst) {
      if (!this.clients.isOnRow(slot)) this.warnings[1].push({ file: first.file, sheet: 'activities', row: first.row, column: 'trained_codes', text: text('import.trained_code_new', { entry: first.entry }) });
    }
    const cells = this.pharmacotherapy;
    if (cells.size === 0) return;
    const stored = new Map<number, Array<{ date: string; status: boolean }>>();
    for (const c of this.st.rows(PHARMACOTHERAPY_CHANGES)) {
      const list = stored.get(c.client_id);
      const change = { date: c.date, status: c.status === 1 };
      if (list) list.push(change);
      else stored.set(c.client_id, [change]);
    }
    const order = cells.order();
    let k = 0;
    while (k < order.length) {
      const slot = cells.slot[order[k]];
      const id = this.clients.idOf(slot);
      const history = id === null ? [] : (stored.get(id) ?? []);
      let h = 0;
      let inForce = false;
      let lastFileDay = -1;
      let fileStatus = false;
      for (; k < order.length && cells.slot[order[k]] === slot; k++) {
        const c = order[k];
        const day = cells.day[c];
        const status = cells.status[c] === 1;
        if (day === lastFileDay) {
          // The same client and day as the cell before: it must say the same.
          if (status !== fileStatus) {
            const first = this.where(cells.at[order[k - 1]]);
            const here = this.where(cells.at[c]);
            this.errors[1].push({
              file: here.file, sheet: 'visits', row: here.row, column: 'in_pharmacotherapy',
              text: text('import.pharmacotherapy_same_day', { row: first.row, file: first.file === here.file ? null : first.file }),
            });
          }
          continue;
        }
        const date = dateOfDay(day);
        // The stored changes up to this day, after the files' last change: the later one is in force.
        let storedDate: string | null = null;
        while (h < history.length && history[h].date <= date) {
          storedDate = history[h].date;
          inForce = history[h].status;
          h++;
        }
        // Stored changes read now are later than the files' last day (earlier ones were read then).
        if (storedDate === null && lastFileDay >= 0) inForce = fileStatus;
        if (status !== inForce) this.changes.push({ slot, date, status });
        lastFileDay = day;
        fileStatus = status;
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
    // The stored visits worth a hash: of a shared day and of the client (by its stored code) the
    // file has on that day; the other visits of those days are read but not kept.
    const sharedPairs = new Set<string>();
    const pairKey = (date: string, code: string | null) => `${date}\u0000${code ?? ''}`;
    if (this.storedPairs.size > 0) {
      for (const [, slot] of this.clients.entries()) {
        const id = this.clients.idOf(slot);
        if (id === null) continue;
        let code: string | undefined;
        for (const r of this.st.rows(STORED_DAYS_OF_CLIENT, id, this.from, this.to)) {
          if (!this.storedPairs.has(dayPair(r.date, slot))) continue;
          shared.add(r.date);
          code ??= this.st.row(CODE_OF_CLIENT, id)?.code ?? '';
          sharedPairs.add(pairKey(r.date, code));
        }
      }
      for (const r of this.st.rows(STORED_ANONYMOUS_DAYS, this.from, this.to)) {
        if (!this.storedPairs.has(dayPair(r.date, ANONYMOUS))) continue;
        shared.add(r.date);
        sharedPairs.add(pairKey(r.date, null));
      }
    }
    const stored = new Map<string, string>();
    if (shared.size > 0) {
      // Reading the shared days goes through pages no report needs soon: a small page cache while
      // it lasts, so that a long register against a long history does not fill memory with them.
      setCacheMiB(this.st.sqlite, DUPLICATES_CACHE_MIB);
      try {
        for (const [from, to] of dayRuns([...shared].sort(), 31)) {
          for (const r of storedVisitRows(this.st, { from, to }).rows) {
            if (sharedPairs.has(pairKey(r.date, r.code))) stored.set(rowKeyText(rowKey(r)), r.date);
          }
        }
      } finally {
        setCacheMiB(this.st.sqlite, cacheMiBFor(this.st.path));
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

/** Days since 1970-01-01, and back. */
const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A day and a client's slot as one number (days since 1970 × 2²⁴ + slot; exact below 2⁵³). */
function dayPair(date: string, slot: number): number {
  return dayNumber(date) * 2 ** 24 + slot;
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

/** A row as the check parsed it, kept to be written without reading its file again. */
type KeptRow =
  | { sheet: 'visits'; value: RegisterVisitRow }
  | { sheet: 'activities'; value: RegisterActivityRow }
  | { sheet: 'overdoses'; value: RegisterOverdoseRow }
  | { sheet: 'care'; value: RegisterCareRow };

/**
 * Rows kept by the check, at most `limit` (about 600 bytes a row parsed: 100,000 rows are about
 * 60 MB). Beyond the limit, or when the files are expected to hold more, none is kept and the
 * accepted files are read again to be written: a million-row register stays a streaming check.
 */
export const KEEP_ROWS = 100_000;

class KeptRows {
  private readonly byFile = new Map<number, KeptRow[]>();
  private count = 0;
  dropped = false;

  constructor(private readonly limit: number) {}

  add(file: number, row: KeptRow): void {
    if (this.dropped) return;
    if (++this.count > this.limit) {
      this.dropped = true;
      this.byFile.clear();
      return;
    }
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    list.push(row);
  }

  /** A file's rows in the order they were read; undefined when they were not kept. */
  of(file: number): KeptRow[] | undefined {
    return this.dropped ? undefined : (this.byFile.get(file) ?? []);
  }
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
  kept: KeptRows | null,
): Promise<{ check: Check; accepted: Accepted[]; refusedNow: Map<number, ReadResult> }> {
  const st = ctx.store;
  const check = new Check(st, expected);
  check.today = ctx.today();
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
    // Visit rows are checked in blocks, in order, each block's new codes looked up at once.
    let block: Array<{ v: Located<RegisterVisitRow>; at: number }> = [];
    const checkBlock = () => {
      if (block.length === 0) return;
      check.prefetch(block.map((b) => b.v.value.code));
      for (const b of block) {
        check.visit(b.v, b.at);
        kept?.add(i, { sheet: 'visits', value: b.v.value });
      }
      check.prefetchDone();
      block = [];
    };
    const read = await readRegisterFile(f.name, f.bytes, (sheet, raw) => {
      progress(1);
      if (raw.row > lastRow) lastRow = raw.row;
      const at = { file: f.name, row: raw.row };
      if (sheet === 'visits') {
        const v = parseVisitRow(raw, f.name, cellErrors, cellWarnings);
        if (v) {
          block.push({ v: { ...at, value: v }, at: fileBase + raw.row });
          if (block.length === PREFETCH_BLOCK) checkBlock();
        }
        return;
      }
      checkBlock();
      if (sheet === 'activities') {
        const a = parseActivityRow(raw, f.name, cellErrors);
        if (a) {
          check.activity({ ...at, value: a });
          kept?.add(i, { sheet, value: a });
        }
      } else if (sheet === 'overdoses') {
        const o = parseOverdoseRow(raw, f.name, cellErrors);
        if (o) {
          check.overdose({ ...at, value: o });
          kept?.add(i, { sheet, value: o });
        }
      } else {
        const c = parseCareRow(raw, f.name, cellErrors);
        if (c) {
          check.careStep({ ...at, value: c });
          kept?.add(i, { sheet: 'care', value: c });
        }
      }
    });
    checkBlock();
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

/**
 * Checks (and unless dryRun, imports) register files as one all-or-nothing batch. `keepRows`: at
 * most this many rows are kept from the check to be written (default KEEP_ROWS; tests take 0, the
 * path of a large register, which reads the files again).
 */
export async function importRegister(ctx: Ctx, files: RegisterFile[], opts: { dryRun: boolean; keepRows?: number }): Promise<ImportReport> {
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
  // An import of files expected to hold few rows keeps them as checked, to write them without a
  // second reading (a check alone keeps none; neither does a large import, see KEEP_ROWS).
  const keepRows = opts.keepRows ?? KEEP_ROWS;
  const keep = () => (opts.dryRun || estimated > keepRows ? null : new KeptRows(keepRows));
  let kept = keep();
  let run = await checkFiles(ctx, files, hashes, new Map(), progress, estimated, kept);
  if (run.refusedNow.size > 0) {
    // Rows of a file refused as a whole were checked before its refusal: once more without them.
    readSoFar = 0;
    kept = keep();
    run = await checkFiles(ctx, files, hashes, run.refusedNow, progress, estimated, kept);
  }
  const { check, accepted } = run;

  // 2. Pharmacotherapy changes and likely duplicates, now that every row is known.
  phase('check');
  check.clientsDone();
  check.duplicates();
  ctx.step('checking', estimated, estimated);
  const newClients = check.clients.newCount();
  const counts = { visits: check.visits, activities: check.activities, overdoses: check.overdoses, care: check.care, clients_created: newClients };
  const { errors, warnings } = check.answer(files, ctx.lang);
  if (errors.length > 0) return { imported: { ...NOTHING_IMPORTED }, errors, warnings };
  if (opts.dryRun || accepted.length === 0) return { imported: counts, errors, warnings };

  // 3. Write everything, in one transaction: the rows kept by the check, or the accepted files
  // read again, row by row.
  phase('write');
  const toWrite = check.visits + check.activities + check.overdoses + check.care;
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
    const insertClient = st.stmt(`INSERT INTO clients (code, sex, birth_year, injects, in_pharmacotherapy, note, merged_into_id, created_at, came_via, referred_by_code)
      VALUES (?, ?, ?, ?, 0, NULL, NULL, ?, ?, ?)`);
    const plans = check.clients;
    for (const [code, i] of plans.entries()) {
      if (plans.idOf(i) === null) {
        const cameVia = plans.cameViaOf(i);
        plans.setId(i, Number(insertClient.run(code, plans.sexOf(i), plans.birthYearOf(i), plans.injectsOf(i), now, cameVia, cameVia === 'peer' ? plans.referredByOf(i) : null).lastInsertRowid));
      }
    }
    // The dated pharmacotherapy changes, and each such client's status today (what the desk shows),
    // by the app's rule (clients.pharmacotherapyOn): the latest change that stands on or before
    // today; none: not in pharmacotherapy (never the column's earlier value).
    const insertChange = st.stmt('INSERT INTO pharmacotherapy_changes (client_id, date, status, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    const statusToday = st.stmt(`UPDATE clients SET in_pharmacotherapy = coalesce((SELECT status FROM pharmacotherapy_changes
        WHERE client_id = clients.id AND voided_at IS NULL AND date <= ? ORDER BY date DESC, id DESC LIMIT 1), 0) WHERE id = ?`);
    const changed = new Set<number>();
    for (const c of check.changes) {
      const id = plans.idOf(c.slot)!;
      insertChange.run(id, c.date, c.status ? 1 : 0, now, ctx.actor.staffId);
      changed.add(id);
    }
    for (const id of changed) statusToday.run(ctx.today(), id);
    const clientId = (code: string) => plans.idOf(plans.slot(code)!)!;
    const siteId = (name: string | null) => (name === null ? null : check.sites.get(name.toLowerCase())!.id);
    const staffId = (name: string | null) => (name === null ? null : check.staff.get(name.toLowerCase())!.id);

    // Outreach contacts of one place and day make one outreach session, as the app records them.
    const sessions = new Map<string, { id: number; workers: Set<number> }>();
    const insertSession = st.stmt('INSERT INTO outreach_sessions (date, site_id, note, created_at, created_by) VALUES (?, ?, NULL, ?, ?)');
    const insertWorker = st.stmt('INSERT OR IGNORE INTO outreach_workers (session_id, staff_id) VALUES (?, ?)');
    const insertActivity = st.stmt('INSERT INTO activities (date, type, topic, title, participants, institution, site_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertTrained = st.stmt('INSERT OR IGNORE INTO activity_clients (activity_id, client_id) VALUES (?, ?)');
    const insertOverdose = st.stmt(`INSERT INTO overdoses (date, site_id, staff_id, client_id, reported_by, place, naloxone_given, naloxone_by, ambulance, outcome, note, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertCare = st.stmt(`INSERT INTO care_steps (client_id, infection, step, date, site_id, staff_id, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`);
    // What became of a referral is recorded on its lines, as the desk records it later; the day it was recorded is the import's.
    const setOutcome = st.stmt(`UPDATE service_lines SET referral_outcome = ?, outcome_date = ? WHERE visit_id = ? AND type = 'referral'`);
    const writeActivity = (a: RegisterActivityRow) => {
      const id = Number(insertActivity.run(a.date, a.type, a.topic, a.title, a.participants, a.institution, siteId(a.site), now, ctx.actor.staffId).lastInsertRowid);
      for (const code of a.trainedCodes) insertTrained.run(id, clientId(code));
    };
    const writeOverdose = (o: RegisterOverdoseRow) => insertOverdose.run(
      o.date, siteId(o.site), staffId(o.staff), o.code === null ? null : clientId(o.code), o.reportedBy, o.place, o.naloxoneGiven, o.naloxoneBy, o.ambulance, o.outcome,
      o.note, now, ctx.actor.staffId,
    );
    const writeCare = (c: RegisterCareRow) => insertCare.run(clientId(c.code), c.infection, c.step, c.date, siteId(c.site), staffId(c.staff), now, ctx.actor.staffId);
    // Clients, sites and points are the survivors and places settled above, in this transaction.
    const resolved = new ResolvedRefs();
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
      const visitId = insertVisit(ctx, toVisitData(r, r.code === null ? null : clientId(r.code), sid, siteId(r.point)), { staffId: staffId(r.staff), outreachSessionId: sessionId, resolved, createdAt: now });
      if (r.referralOutcome !== null) setOutcome.run(r.referralOutcome, ctx.today(), visitId);
    };
    const writeRow = (r: KeptRow) => {
      if (++written % every === 0) ctx.step('writing', Math.min(written, toWrite), toWrite + 1);
      if (r.sheet === 'visits') writeVisit(r.value);
      else if (r.sheet === 'activities') writeActivity(r.value);
      else if (r.sheet === 'overdoses') writeOverdose(r.value);
      else writeCare(r.value);
    };
    for (const file of accepted) {
      const f = files[file.index];
      const rows = kept?.of(file.index);
      if (rows) {
        for (const r of rows) writeRow(r);
        continue;
      }
      // The same bytes, read the same way, give the same rows: a row that now has a problem means
      // the reading is not what was checked, and nothing is written.
      const unexpected: Problem[] = [];
      const again = await readRegisterFile(f.name, f.bytes, (sheet, raw) => {
        if (++written % every === 0) ctx.step('writing', Math.min(written, toWrite), toWrite + 1);
        if (sheet === 'visits') {
          const v = parseVisitRow(raw, f.name, unexpected, []);
          if (v) writeVisit(v);
        } else if (sheet === 'activities') {
          const a = parseActivityRow(raw, f.name, unexpected);
          if (a) writeActivity(a);
        } else if (sheet === 'overdoses') {
          const o = parseOverdoseRow(raw, f.name, unexpected);
          if (o) writeOverdose(o);
        } else {
          const c = parseCareRow(raw, f.name, unexpected);
          if (c) writeCare(c);
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
      pharmacotherapy_changes: check.changes.length,
    });
    // The last place a Stop is heard, whatever the number of rows: just before the commit.
    ctx.step('writing', toWrite, toWrite + 1);
    phase('commit');
  });
  phase('done');
  // The file has grown: the page cache follows it (the rule of a live connection, db/open.ts).
  if (st.sqlite.open && !st.sqlite.readonly) setCacheMiB(st.sqlite, cacheMiBFor(st.path));
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

/** The supply columns and what each records, listed once (not for every row). */
const SUPPLY_ENTRIES = Object.entries(SUPPLY_COLUMNS) as Array<[keyof typeof SUPPLY_COLUMNS, (typeof SUPPLY_COLUMNS)[keyof typeof SUPPLY_COLUMNS]]>;

function toVisitData(r: RegisterVisitRow, clientId: number | null, siteId: number | null, pointId: number | null): VisitData {
  const supplies: VisitData['supplies'] = [];
  for (const [col, def] of SUPPLY_ENTRIES) {
    const q = r.counts[col];
    if (q) supplies.push({ itemKey: def.itemKey, direction: def.direction, quantity: q, forPeers: false });
  }
  for (const [itemKey, quantity] of r.otherItems) supplies.push({ itemKey, direction: 'out', quantity, forPeers: false });
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
