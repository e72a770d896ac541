// Giving the raw cells of a register row their meaning, with one problem per bad cell:
// the row number, the column and the reason, in words a person can act on. Messages never
// repeat what the cell holds: with shifted columns that is a client code, and messages can
// reach logs (the row and column point at the cell).
import { isValidDate } from '../../shared/dates';
import { hasHiddenChar, normalizeCode, toNfc } from '../../shared/codes';
import { personalDataInNote, PERSONAL_DATA_IN_FILE } from '../../shared/notes';
import {
  ACTIVITY_TYPES, INJECTS, INSTITUTIONS, REFERRAL_DESTINATIONS, SEXES, TESTED_PERSONS, TEST_RESULTS, TEST_TYPES, resultsTheTestDoesNotGive,
  VISIT_KINDS, type Sex,
} from '../../shared/domain';
import { COUNT_MAX, TEXT_MAX } from './columns';
import { CellError, type Cell, type Problem, type RawRow } from './read';
import { unneutralise } from './cells';
import { COUNT_COLUMNS, type RegisterActivityRow, type RegisterVisitRow } from './rows';
import { visitRuleBreaches } from '../../shared/schemas';

 
const USER_NAME = /^[A-Za-z0-9._-]{2,40}$/;

const SEX_WORDS: Record<string, Sex> = { male: 'male', female: 'female', other: 'other', unknown: 'unknown', vyras: 'male', moteris: 'female' };

/** Reads the cells of one row; every bad cell adds a problem and gives null. */
class RowReader {
  problems = 0;

  constructor(
    private readonly raw: RawRow,
    private readonly file: string,
    private readonly sheet: string,
    private readonly out: Problem[],
  ) {}

  problem(column: string | null, message: string): null {
    this.problems++;
    this.out.push({ file: this.file, sheet: this.sheet, row: this.raw.row, column, message });
    return null;
  }

  /** Whether the cell is empty (nothing recorded). */
  isEmpty(col: string): boolean {
    const c = this.raw.cells.get(col) ?? null;
    return c === null || (typeof c === 'string' && c.trim() === '');
  }

  private cell(col: string): Exclude<Cell, CellError> {
    const c = this.raw.cells.get(col) ?? null;
    if (c instanceof CellError) return this.problem(col, c.message);
    return c;
  }

  /** Text (trimmed; a quote that neutralised a formula on export is taken off again). */
  text(col: string): string | null {
    const c = this.cell(col);
    if (c === null) return null;
    if (c instanceof Date) return this.problem(col, 'is a date, but text is expected here.');
    if (typeof c === 'boolean') return this.problem(col, 'is TRUE/FALSE, but text is expected here.');
    // The app's own rule for text (shared/codes): NFC, only spaces trimmed, and no invisible or
    // control character (a note may hold line breaks and tabs) — a look-alike code is refused, not merged.
    const multiLine = col === 'note';
    const s = typeof c === 'number' ? String(c) : toNfc(unneutralise(c.replace(/^\p{Zs}+|\p{Zs}+$/gu, '')), multiLine);
    if (s === '') return null;
    const max = TEXT_MAX[col];
    if (max && s.length > max) return this.problem(col, `is ${s.length} characters long; at most ${max} are allowed.`);
    if (hasHiddenChar(s, multiLine)) return this.problem(col, 'contains an invisible or control character (such as a zero-width space or a direction mark); type it again rather than pasting it.');
    if (multiLine) {
      const found = personalDataInNote(s);
      if (found) return this.problem(col, PERSONAL_DATA_IN_FILE[found]);
    }
    return s;
  }

  /** A whole number ≥ 0 (empty: null). */
  count(col: string): number | null {
    const c = this.cell(col);
    if (c === null) return null;
    if (c instanceof Date) return this.problem(col, 'is a date, but a count (a whole number) is expected here.');
    if (typeof c === 'boolean') return this.problem(col, 'is TRUE/FALSE, but a count (a whole number) is expected here.');
    let n: number;
    if (typeof c === 'number') n = c;
    else {
      const s = c.trim();
      if (s === '') return null;
      if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return this.problem(col, 'is not a count: write a whole number, 0 or more.');
      n = Number(s);
    }
    if (n < 0) return this.problem(col, 'is negative: counts are whole numbers, 0 or more.');
    if (!Number.isInteger(n)) return this.problem(col, 'is not a whole number: counts are whole numbers, 0 or more.');
    const max = COUNT_MAX[col];
    if (max !== undefined && n > max) return this.problem(col, `is more than the most this column takes (${max}).`);
    return n;
  }

  date(col: string): string | null {
    const c = this.cell(col);
    if (c === null || (typeof c === 'string' && c.trim() === '')) return null;
    if (c instanceof Date) {
      if (Number.isNaN(c.getTime())) return this.problem(col, 'is not a valid date.');
      const d = c.toISOString().slice(0, 10);
      // A date cell far out of any register's time (a serial number typed by mistake) is refused, not stored.
      if (!isValidDate(d) || d < '1990-01-01' || d > '2099-12-31') return this.problem(col, `is a date cell outside 1990–2099 (${d.slice(0, 12)}); check the cell.`);
      return d;
    }
    if (typeof c === 'number') return this.problem(col, 'is a number, not a date: write the date as YYYY-MM-DD (or use a date cell).');
    const s = String(c).trim();
    if (!isValidDate(s)) return this.problem(col, 'is not a date written YYYY-MM-DD (or it is a day that does not exist).');
    return s;
  }

  oneOf<T extends string>(col: string, values: readonly T[]): T | null {
    const s = this.text(col);
    if (s === null) return null;
    const v = s.toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    return this.problem(col, `is not one of: ${values.join(', ')}.`);
  }

  sex(): Sex | null {
    const s = this.text('sex');
    if (s === null) return null;
    const v = s.toLowerCase();
    if (SEX_WORDS[v]) return SEX_WORDS[v];
    if (v.length === 1) {
      return this.problem('sex', 'is a single letter, which is refused: M means male in English but moteris (a woman) in Lithuanian; write male, female, other, unknown, vyras or moteris.');
    }
    return this.problem('sex', `is not one of: ${[...SEXES, 'vyras', 'moteris'].join(', ')}.`);
  }

  birthYear(visitDate: string | null): number | null {
    const c = this.cell('birth_year');
    if (c === null) return null;
    const s = c instanceof Date ? null : String(c).trim();
    if (s === '') return null;
    if (s === null || !/^\d{4}$/.test(s)) return this.problem('birth_year', 'must be a year written with four digits, e.g. 1985.');
    const y = Number(s);
    if (y < 1900) return this.problem('birth_year', 'is before 1900.');
    if (visitDate && y > Number(visitDate.slice(0, 4))) return this.problem('birth_year', 'is after the year of the visit.');
    return y;
  }
}

/** Reads a visits row; null when any cell of it is bad (the problems are in `errors`). */
export function parseVisitRow(raw: RawRow, file: string, errors: Problem[], warnings: Problem[]): RegisterVisitRow | null {
  const r = new RowReader(raw, file, 'visits', errors);
  const date = r.date('date');
  if (date === null && r.isEmpty('date')) r.problem('date', 'is empty: every row needs the date of the visit.');
  const rawCode = r.text('client_code');
  let code: string | null = null;
  if (rawCode !== null) {
    code = normalizeCode(rawCode);
    if (code.length > 32) code = r.problem('client_code', 'is longer than 32 characters.');
  }
  let anonymousCount = r.count('anonymous_count');
  const sex = r.sex();
  const birthYear = r.birthYear(date);
  const injects = r.oneOf('injects', INJECTS);
  const kind = r.oneOf('kind', VISIT_KINDS) ?? 'cabinet';
  const site = r.text('site');
  const staff = r.text('staff');
  if (staff !== null && !USER_NAME.test(staff)) r.problem('staff', "is not a user name: use 2–40 letters, digits, dots, dashes or underscores (the worker's user name, not a full name).");
  const testedPerson = r.oneOf('tested_person', TESTED_PERSONS);
  const counts: RegisterVisitRow['counts'] = {};
  for (const col of COUNT_COLUMNS) {
    const n = r.count(col);
    if (n) counts[col] = n;
  }
  const referralTo = r.oneOf('referral_to', REFERRAL_DESTINATIONS);
  const testType = r.oneOf('test_type', TEST_TYPES);
  const hivResult = r.oneOf('hiv_result', TEST_RESULTS);
  const hbvResult = r.oneOf('hbv_result', TEST_RESULTS);
  const hcvResult = r.oneOf('hcv_result', TEST_RESULTS);
  const peersStreet = r.count('peers_reached_street');
  const peersPoints = r.count('peers_reached_points');
  const point = r.text('point');
  const trainedText = r.text('trained_secondary');
  let trained = false;
  if (trainedText !== null) {
    if (trainedText.toLowerCase() === 'yes') trained = true;
    else r.problem('trained_secondary', 'is not allowed: write yes, or leave the cell empty.');
  }
  const note = r.text('note');

  // Rules across the cells of the row: the app's own (shared/schemas.ts visitRuleBreaches), said
  // here in the words of a file's columns.
  if (code === null && anonymousCount === 0) r.problem('anonymous_count', 'must be at least 1: a row stands for one or more people.');
  const breaches = visitRuleBreaches({
    hasClient: code !== null, anonymousCount: anonymousCount ?? 1, hasTest: testType !== null, trainedSecondary: trained,
    reportsPeers: peersStreet !== null || peersPoints !== null || point !== null,
  });
  // In the order of the row's columns (peers come before trained_secondary).
  for (const rule of (['one_for_client', 'one_for_test', 'report_needs_client', 'training_needs_client'] as const).filter((x) => breaches.includes(x))) {
    if (rule === 'one_for_client') r.problem('anonymous_count', 'must be empty (or 1) on a row with a client_code: the row is one known client.');
    if (rule === 'one_for_test') r.problem('anonymous_count', `must be 1 on a row that records a test: a test stands for one person (this row is for ${anonymousCount}).`);
    if (rule === 'report_needs_client') r.problem(point !== null ? 'point' : 'peers_reached_street', 'needs a client_code: peers reached are reported by a known client.');
    if (rule === 'training_needs_client') r.problem('trained_secondary', 'needs a client_code: only a known client can be trained for secondary exchange.');
  }
  if (code !== null) {
    anonymousCount = null;
    if (testedPerson !== null && testedPerson !== 'client') r.problem('tested_person', `${testedPerson} is for a row without a client_code; a row with a code records a test of that client.`);
  } else {
    anonymousCount ??= 1;
    for (const [col, v] of [['sex', sex], ['birth_year', birthYear], ['injects', injects]] as const) {
      if (v !== null) warnings.push({ file, sheet: 'visits', row: raw.row, column: col, message: 'is not recorded for a row without a client_code (it belongs to a client).' });
    }
  }
  if (testType === null) {
    if (testedPerson !== null) r.problem('tested_person', 'needs a test_type on the same row.');
    for (const [col, v] of [['hiv_result', hivResult], ['hbv_result', hbvResult], ['hcv_result', hcvResult]] as const) {
      if (v !== null) r.problem(col, 'needs a test_type on the same row.');
    }
  } else {
    for (const inf of resultsTheTestDoesNotGive(testType, { hiv: hivResult, hbv: hbvResult, hcv: hcvResult })) {
      r.problem(`${inf}_result`, `a ${testType} test gives no ${inf.toUpperCase()} result.`);
    }
  }
  if (referralTo !== null && !counts.referral) r.problem('referral_to', 'needs a referral count on the same row.');

  if (r.problems > 0 || date === null) return null;
  return {
    date, code, anonymousCount, sex: code === null ? null : sex, birthYear: code === null ? null : birthYear, injects: code === null ? null : injects,
    kind, site, staff, testedPerson: testType === null ? null : testedPerson, counts, referralTo, testType, hivResult, hbvResult, hcvResult,
    peersStreet, peersPoints, point, trained, note,
  };
}

export function parseActivityRow(raw: RawRow, file: string, errors: Problem[]): RegisterActivityRow | null {
  const r = new RowReader(raw, file, 'activities', errors);
  const date = r.date('date');
  if (date === null && r.isEmpty('date')) r.problem('date', 'is empty: every row needs the date of the activity.');
  const type = r.oneOf('type', ACTIVITY_TYPES);
  if (type === null && r.isEmpty('type')) r.problem('type', `is empty: write one of ${ACTIVITY_TYPES.join(', ')}.`);
  const title = r.text('title');
  const participants = r.count('participants') ?? 0;
  const institution = r.oneOf('institution', INSTITUTIONS);
  const site = r.text('site');
  if (r.problems > 0 || date === null || type === null) return null;
  return { date, type, title, participants, institution, site };
}
