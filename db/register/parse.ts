// Giving the raw cells of a register row their meaning, with one problem per bad cell:
// the row number, the column and the reason, in words a person can act on. Messages never
// repeat what the cell holds: with shifted columns that is a client code, and messages can
// reach logs (the row and column point at the cell).
import { isValidDate } from '../../shared/dates';
import { hasHiddenChar, normalizeCode, toNfc } from '../../shared/codes';
import { personalDataInNote, type PersonalData } from '../../shared/notes';
import { text, type Text } from '../../shared/core-messages';
import {
  ACTIVITY_TYPES, CARE_STEPS_OF, INJECTS, INSTITUTIONS, LIMITS, REFERRAL_DESTINATIONS, SEXES, TESTED_PERSONS, TEST_RESULTS, TEST_TYPES,
  resultsTheTestDoesNotGive, VISIT_KINDS, type Sex,
} from '../../shared/domain';
import { COUNT_MAX, ENUMS, LIST_MAX, TEXT_MAX, type SheetName } from './columns';
import { CellError, type Cell, type Problem, type RawRow } from './read';
import { unneutralise } from './cells';
import { COUNT_COLUMNS, type RegisterActivityRow, type RegisterCareRow, type RegisterOverdoseRow, type RegisterVisitRow } from './rows';
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

  /** A client code, folded (shared/codes normalizeCode); empty: null. */
  code(col: string): string | null {
    const raw = this.text(col);
    if (raw === null) return null;
    const code = normalizeCode(raw);
    if (code.length > LIMITS.clientCode) return this.problem(col, text('cell.code_long'));
    return code;
  }

  /**
   * other_items: `ITEM:COUNT;ITEM:COUNT` (spaces around either part allowed, a last `;` too). The
   * keys are checked against the catalogue by the import (import.ts), which knows it. A zero count
   * is nothing recorded; the same key twice is refused (it is one supply line).
   */
  otherItems(): Array<[string, number]> | null {
    const s = this.text('other_items');
    if (s === null) return [];
    const entries = s.split(';');
    if (entries.at(-1)?.trim() === '') entries.pop();
    if (entries.length > LIST_MAX.otherItems) return this.problem('other_items', text('cell.list_many', { max: LIST_MAX.otherItems, what: 'items' }));
    const out: Array<[string, number]> = [];
    const seen = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
      const m = /^\s*([A-Za-z0-9_]{1,40})\s*:\s*(\d{1,9})\s*$/.exec(entries[i]);
      if (!m) return this.problem('other_items', text('cell.other_items_syntax', { entry: i + 1 }));
      const key = m[1].toLowerCase();
      const quantity = Number(m[2]);
      if (quantity > LIMITS.supplyQuantity) return this.problem('other_items', text('cell.other_items_count', { entry: i + 1, max: LIMITS.supplyQuantity }));
      if (seen.has(key)) return this.problem('other_items', text('cell.other_items_twice', { entry: i + 1 }));
      seen.add(key);
      if (quantity > 0) out.push([key, quantity]);
    }
    return out;
  }

  /** trained_codes: `CODE;CODE`, each folded as a client code; each code once. */
  trainedCodes(): string[] | null {
    const s = this.text('trained_codes');
    if (s === null) return [];
    const parts = s.split(';').map((c) => c.trim()).filter((c) => c !== '');
    if (parts.length > LIST_MAX.trainedCodes) return this.problem('trained_codes', text('cell.list_many', { max: LIST_MAX.trainedCodes, what: 'codes' }));
    const codes = new Set<string>();
    for (let i = 0; i < parts.length; i++) {
      const code = normalizeCode(parts[i]);
      if (code.length > LIMITS.clientCode) return this.problem('trained_codes', text('cell.trained_code_long', { entry: i + 1 }));
      codes.add(code);
    }
    return [...codes];
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

/** The staff column of a row: a user name (as on visits). */
function staffOf(r: RowReader): string | null {
  const staff = r.text('staff');
  if (staff !== null && !USER_NAME.test(staff)) r.problem('staff', text('cell.staff_name'));
  return staff;
}

/** A required closed-list cell: empty is refused with the values it takes. */
function required<T extends string>(r: RowReader, col: string, values: readonly T[]): T | null {
  const v = r.oneOf(col, values);
  if (v === null && r.isEmpty(col)) r.problem(col, text('cell.empty_one_of', { values }));
  return v;
}

const dateOf = (r: RowReader, sheet: SheetName): string | null => {
  const date = r.date('date');
  if (date === null && r.isEmpty('date')) r.problem('date', text('cell.no_date', { sheet }));
  return date;
};

/** Reads a visits row; null when any cell of it is bad (the problems are in `errors`). */
export function parseVisitRow(raw: RawRow, file: string, errors: Problem[], warnings: Problem[]): RegisterVisitRow | null {
  const r = new RowReader(raw, file, 'visits', errors);
  const date = dateOf(r, 'visits');
  const code = r.code('client_code');
  let anonymousCount = r.count('anonymous_count');
  const sex = r.sex();
  const birthYear = r.birthYear(date);
  const injects = r.oneOf('injects', INJECTS);
  const pharmacotherapy = r.oneOf('in_pharmacotherapy', ENUMS.in_pharmacotherapy);
  const cameVia = r.oneOf('came_via', ENUMS.came_via);
  const referredByCode = r.code('referred_by_code');
  if (referredByCode !== null && cameVia !== 'peer') r.problem('referred_by_code', text('cell.referred_by_needs_peer'));
  else if (referredByCode !== null && referredByCode === code) r.problem('referred_by_code', text('cell.referred_by_self'));
  const kind = r.oneOf('kind', VISIT_KINDS) ?? 'cabinet';
  const site = r.text('site');
  const staff = staffOf(r);
  const testedPerson = r.oneOf('tested_person', TESTED_PERSONS);
  const counts: RegisterVisitRow['counts'] = {};
  for (const col of COUNT_COLUMNS) {
    const n = r.count(col);
    if (n) counts[col] = n;
  }
  const referralTo = r.oneOf('referral_to', REFERRAL_DESTINATIONS);
  const referralOutcome = r.oneOf('referral_outcome', ENUMS.referral_outcome);
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
  const otherItems = r.otherItems();
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
    for (const [col, v] of [
      ['sex', sex], ['birth_year', birthYear], ['injects', injects], ['in_pharmacotherapy', pharmacotherapy], ['came_via', cameVia], ['referred_by_code', referredByCode],
    ] as const) {
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
  if (referralOutcome !== null && !counts.referral) r.problem('referral_outcome', text('cell.referral_needs_count'));

  if (r.problems > 0 || date === null || otherItems === null) return null;
  const client = code !== null;
  return {
    date, code, anonymousCount, sex: client ? sex : null, birthYear: client ? birthYear : null, injects: client ? injects : null,
    inPharmacotherapy: client && pharmacotherapy !== null ? pharmacotherapy === 'yes' : null,
    cameVia: client ? cameVia : null, referredByCode: client ? referredByCode : null,
    kind, site, staff, testedPerson: testType === null ? null : testedPerson, counts, referralTo,
    referralOutcome: referralOutcome === 'unknown' ? null : referralOutcome, testType, hivResult, hbvResult, hcvResult,
    peersStreet, peersPoints, point, trained, otherItems, note,
  };
}

export function parseActivityRow(raw: RawRow, file: string, errors: Problem[]): RegisterActivityRow | null {
  const r = new RowReader(raw, file, 'activities', errors);
  const date = dateOf(r, 'activities');
  const type = r.oneOf('type', ACTIVITY_TYPES);
  if (type === null && r.isEmpty('type')) r.problem('type', text('cell.no_type', { values: ACTIVITY_TYPES }));
  const topic = r.oneOf('topic', ENUMS.topic);
  if (topic !== null && type !== null && type !== 'training') r.problem('topic', text('cell.only_for_training'));
  const title = r.text('title');
  const participants = r.count('participants') ?? 0;
  const institution = r.oneOf('institution', INSTITUTIONS);
  const trainedCodes = r.trainedCodes();
  if (trainedCodes !== null && trainedCodes.length > 0 && type !== null && type !== 'training') r.problem('trained_codes', text('cell.only_for_training'));
  const site = r.text('site');
  if (r.problems > 0 || date === null || type === null || trainedCodes === null) return null;
  return { date, type, topic, title, participants, institution, trainedCodes, site };
}

/**
 * An overdose report. Empty closed-list cells are what the app records when nothing is known:
 * reported by `other`, place `other`, naloxone, ambulance and outcome `unknown`. Who gave naloxone
 * is said only when it was given (the database's own rule).
 */
export function parseOverdoseRow(raw: RawRow, file: string, errors: Problem[]): RegisterOverdoseRow | null {
  const r = new RowReader(raw, file, 'overdoses', errors);
  const date = dateOf(r, 'overdoses');
  const code = r.code('client_code');
  const reportedBy = r.oneOf('reported_by', ENUMS.reported_by) ?? 'other';
  const place = r.oneOf('place', ENUMS.place) ?? 'other';
  const given = r.oneOf('naloxone_given', ENUMS.naloxone_given);
  const naloxoneGiven = given ?? 'unknown';
  const naloxoneBy = r.oneOf('naloxone_by', ENUMS.naloxone_by);
  // Said once: a bad naloxone_given cell is its own problem.
  if (naloxoneBy !== null && given !== 'yes' && (given !== null || r.isEmpty('naloxone_given'))) r.problem('naloxone_by', text('cell.naloxone_by_needs_given'));
  const ambulance = r.oneOf('ambulance', ENUMS.ambulance) ?? 'unknown';
  const outcome = r.oneOf('outcome', ENUMS.outcome) ?? 'unknown';
  const site = r.text('site');
  const staff = staffOf(r);
  const note = r.text('note');
  if (r.problems > 0 || date === null) return null;
  return { date, code, reportedBy, place, naloxoneGiven, naloxoneBy, ambulance, outcome, site, staff, note };
}

/** A care step: a client's, of one infection; cured is HCV's step, virally suppressed HIV's. */
export function parseCareRow(raw: RawRow, file: string, errors: Problem[]): RegisterCareRow | null {
  const r = new RowReader(raw, file, 'care', errors);
  const date = dateOf(r, 'care');
  const code = r.code('client_code');
  if (code === null && r.isEmpty('client_code')) r.problem('client_code', text('cell.care_needs_code'));
  const infection = required(r, 'infection', ENUMS.infection);
  const step = required(r, 'step', ENUMS.step);
  if (infection !== null && step !== null && !CARE_STEPS_OF[infection].includes(step)) r.problem('step', text('cell.care_step_of_other', { step, infection }));
  const site = r.text('site');
  const staff = staffOf(r);
  if (r.problems > 0 || date === null || code === null || infection === null || step === null) return null;
  return { date, code, infection, step, site, staff };
}
