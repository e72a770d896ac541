// Giving the raw cells of a register row their meaning, with one problem per bad cell:
// the row number, the column and the reason, in words a person can act on. Messages never
// repeat what the cell holds: with shifted columns that is a client code, and messages can
// reach logs (the row and column point at the cell).
import { isValidDate } from '../../shared/dates';
import { hasHiddenChar, normalizeCode, toNfc } from '../../shared/codes';
import { personalDataInNote, type PersonalData } from '../../shared/notes';
import { text, type Text } from '../../shared/core-messages';
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

/** A note cell holding personal data (shared/notes.ts personalDataInNote): the message of each kind. */
const PERSONAL_DATA_IN_FILE = { phone: 'cell.phone', personal_code: 'cell.personal_code', email: 'cell.email' } as const satisfies Record<PersonalData, string>;

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

  problem(column: string | null, t: Text): null {
    this.problems++;
    this.out.push({ file: this.file, sheet: this.sheet, row: this.raw.row, column, text: t });
    return null;
  }

  /** Whether the cell is empty (nothing recorded). */
  isEmpty(col: string): boolean {
    const c = this.raw.cells.get(col) ?? null;
    return c === null || (typeof c === 'string' && c.trim() === '');
  }

  private cell(col: string): Exclude<Cell, CellError> {
    const c = this.raw.cells.get(col) ?? null;
    if (c instanceof CellError) return this.problem(col, c.text);
    return c;
  }

  /** Text (trimmed; a quote that neutralised a formula on export is taken off again). */
  text(col: string): string | null {
    const c = this.cell(col);
    if (c === null) return null;
    if (c instanceof Date) return this.problem(col, text('cell.date_not_text'));
    if (typeof c === 'boolean') return this.problem(col, text('cell.bool_not_text'));
    // The app's own rule for text (shared/codes): NFC, only spaces trimmed, and no invisible or
    // control character (a note may hold line breaks and tabs) — a look-alike code is refused, not merged.
    const multiLine = col === 'note';
    const s = typeof c === 'number' ? String(c) : toNfc(unneutralise(c.replace(/^\p{Zs}+|\p{Zs}+$/gu, '')), multiLine);
    if (s === '') return null;
    const max = TEXT_MAX[col];
    if (max && s.length > max) return this.problem(col, text('cell.too_long', { length: s.length, max }));
    if (hasHiddenChar(s, multiLine)) return this.problem(col, text('cell.hidden_char'));
    if (multiLine) {
      const found = personalDataInNote(s);
      if (found) return this.problem(col, text(PERSONAL_DATA_IN_FILE[found]));
    }
    return s;
  }

  /** A whole number ≥ 0 (empty: null). */
  count(col: string): number | null {
    const c = this.cell(col);
    if (c === null) return null;
    if (c instanceof Date) return this.problem(col, text('cell.date_not_count'));
    if (typeof c === 'boolean') return this.problem(col, text('cell.bool_not_count'));
    let n: number;
    if (typeof c === 'number') n = c;
    else {
      const s = c.trim();
      if (s === '') return null;
      if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return this.problem(col, text('cell.not_count'));
      n = Number(s);
    }
    if (n < 0) return this.problem(col, text('cell.negative'));
    if (!Number.isInteger(n)) return this.problem(col, text('cell.fraction'));
    const max = COUNT_MAX[col];
    if (max !== undefined && n > max) return this.problem(col, text('cell.above_max', { max }));
    return n;
  }

  date(col: string): string | null {
    const c = this.cell(col);
    if (c === null || (typeof c === 'string' && c.trim() === '')) return null;
    if (c instanceof Date) {
      if (Number.isNaN(c.getTime())) return this.problem(col, text('cell.bad_date_cell'));
      const d = c.toISOString().slice(0, 10);
      // A date cell far out of any register's time (a serial number typed by mistake) is refused, not stored.
      if (!isValidDate(d) || d < '1990-01-01' || d > '2099-12-31') return this.problem(col, text('cell.date_out_of_range', { date: d.slice(0, 12) }));
      return d;
    }
    if (typeof c === 'number') return this.problem(col, text('cell.number_not_date'));
    const s = String(c).trim();
    if (!isValidDate(s)) return this.problem(col, text('cell.not_date'));
    // The same years as a date cell: a text date the database would refuse (before 1900) must be
    // refused here, at the check, and a year mistyped (2205, 1950) is not stored.
    if (s < '1990-01-01' || s > '2099-12-31') return this.problem(col, text('cell.text_date_out_of_range'));
    return s;
  }

  oneOf<T extends string>(col: string, values: readonly T[]): T | null {
    const s = this.text(col);
    if (s === null) return null;
    const v = s.toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    return this.problem(col, text('cell.not_one_of', { values }));
  }

  sex(): Sex | null {
    const s = this.text('sex');
    if (s === null) return null;
    const v = s.toLowerCase();
    if (SEX_WORDS[v]) return SEX_WORDS[v];
    if (v.length === 1) {
      return this.problem('sex', text('cell.sex_letter'));
    }
    return this.problem('sex', text('cell.not_one_of', { values: [...SEXES, 'vyras', 'moteris'] }));
  }

  birthYear(visitDate: string | null): number | null {
    const c = this.cell('birth_year');
    if (c === null) return null;
    const s = c instanceof Date ? null : String(c).trim();
    if (s === '') return null;
    if (s === null || !/^\d{4}$/.test(s)) return this.problem('birth_year', text('cell.year_digits'));
    const y = Number(s);
    if (y < 1900) return this.problem('birth_year', text('cell.year_before_1900'));
    if (visitDate && y > Number(visitDate.slice(0, 4))) return this.problem('birth_year', text('cell.year_after_visit'));
    return y;
  }
}

/** Reads a visits row; null when any cell of it is bad (the problems are in `errors`). */
export function parseVisitRow(raw: RawRow, file: string, errors: Problem[], warnings: Problem[]): RegisterVisitRow | null {
  const r = new RowReader(raw, file, 'visits', errors);
  const date = r.date('date');
  if (date === null && r.isEmpty('date')) r.problem('date', text('cell.no_date', { sheet: 'visits' }));
  const rawCode = r.text('client_code');
  let code: string | null = null;
  if (rawCode !== null) {
    code = normalizeCode(rawCode);
    if (code.length > 32) code = r.problem('client_code', text('cell.code_long'));
  }
  let anonymousCount = r.count('anonymous_count');
  const sex = r.sex();
  const birthYear = r.birthYear(date);
  const injects = r.oneOf('injects', INJECTS);
  const kind = r.oneOf('kind', VISIT_KINDS) ?? 'cabinet';
  const site = r.text('site');
  const staff = r.text('staff');
  if (staff !== null && !USER_NAME.test(staff)) r.problem('staff', text('cell.staff_name'));
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
    else r.problem('trained_secondary', text('cell.trained_value'));
  }
  const note = r.text('note');

  // Rules across the cells of the row: the app's own (shared/schemas.ts visitRuleBreaches), said
  // here in the words of a file's columns.
  if (code === null && anonymousCount === 0) r.problem('anonymous_count', text('cell.anonymous_zero'));
  const breaches = visitRuleBreaches({
    hasClient: code !== null, anonymousCount: anonymousCount ?? 1, hasTest: testType !== null, trainedSecondary: trained,
    reportsPeers: peersStreet !== null || peersPoints !== null || point !== null,
  });
  // In the order of the row's columns (peers come before trained_secondary).
  for (const rule of (['one_for_client', 'one_for_test', 'report_needs_client', 'training_needs_client'] as const).filter((x) => breaches.includes(x))) {
    if (rule === 'one_for_client') r.problem('anonymous_count', text('cell.anonymous_with_code'));
    if (rule === 'one_for_test') r.problem('anonymous_count', text('cell.anonymous_test', { count: anonymousCount ?? 1 }));
    if (rule === 'report_needs_client') r.problem(point !== null ? 'point' : 'peers_reached_street', text('cell.report_needs_client'));
    if (rule === 'training_needs_client') r.problem('trained_secondary', text('cell.training_needs_client'));
  }
  if (code !== null) {
    anonymousCount = null;
    if (testedPerson !== null && testedPerson !== 'client') r.problem('tested_person', text('cell.tested_person_with_code', { person: testedPerson }));
  } else {
    anonymousCount ??= 1;
    for (const [col, v] of [['sex', sex], ['birth_year', birthYear], ['injects', injects]] as const) {
      if (v !== null) warnings.push({ file, sheet: 'visits', row: raw.row, column: col, text: text('cell.client_only') });
    }
  }
  if (testType === null) {
    if (testedPerson !== null) r.problem('tested_person', text('cell.needs_test_type'));
    for (const [col, v] of [['hiv_result', hivResult], ['hbv_result', hbvResult], ['hcv_result', hcvResult]] as const) {
      if (v !== null) r.problem(col, text('cell.needs_test_type'));
    }
  } else {
    for (const inf of resultsTheTestDoesNotGive(testType, { hiv: hivResult, hbv: hbvResult, hcv: hcvResult })) {
      r.problem(`${inf}_result`, text('cell.test_gives_no', { type: testType, infection: inf }));
    }
  }
  if (referralTo !== null && !counts.referral) r.problem('referral_to', text('cell.referral_needs_count'));

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
  if (date === null && r.isEmpty('date')) r.problem('date', text('cell.no_date', { sheet: 'activities' }));
  const type = r.oneOf('type', ACTIVITY_TYPES);
  if (type === null && r.isEmpty('type')) r.problem('type', text('cell.no_type', { values: ACTIVITY_TYPES }));
  const title = r.text('title');
  const participants = r.count('participants') ?? 0;
  const institution = r.oneOf('institution', INSTITUTIONS);
  const site = r.text('site');
  if (r.problems > 0 || date === null || type === null) return null;
  return { date, type, title, participants, institution, site };
}
