// The core's messages in English: the catalogue that defines every key and its parameters
// (lt.ts must give each the same). English is what the command line says; the window hears
// the session's language. A sentence here is one a person can act on, never a record's content.
import type { ActivityType, CareInfection, CareStep, Infection, Role, SiteKind, TestType } from '../domain';
import { mb, num, quoted, type FilePlace } from './format';
import { REGISTER_LIMITS as L } from '../register-limits';
import { REASON_TEXTS, type Reason } from '../messages';
import { indicatorByKey, type IndicatorKey } from '../indicators';

const n = (x: number) => num('en', x);
const MB = (bytes: number) => mb('en', bytes);
const role = (r: Role) => r.replace('_', ' ');
const testType = (t: TestType) => t.replace('_', ' ');
const INFECTION: Record<Infection, string> = { hiv: 'HIV', hbv: 'HBV', hcv: 'HCV' };
const SITE_KIND: Record<SiteKind | 'point', string> = { cabinet: 'cabinet', mobile: 'mobile cabinet', outreach_place: 'outreach place', arrest_house: 'arrest house', point: 'point' };

const place = (p: FilePlace): string => {
  switch (p.at) {
    case 'row':
      return `row ${n(p.row)}`;
    case 'rows_read':
      return `${n(p.rows)} rows read`;
    case 'sheet':
      return p.row === undefined ? `sheet ${p.sheet}` : `row ${n(p.row)} of sheet ${p.sheet}`;
    case 'shared_strings':
      return 'among its shared strings';
  }
};

/** A validation reason (shared/messages.ts), as the field-level text says it. */
export function reasonEn(r: Reason): string {
  const p = r.params ?? {};
  switch (r.key) {
    case 'too_small':
      return p.origin === 'string' ? `at least ${p.min} characters` : p.origin === 'array' ? `choose at least ${p.min}` : `must be at least ${p.min}`;
    case 'too_big':
      return p.origin === 'string' ? `at most ${p.max} characters` : p.origin === 'array' ? `at most ${p.max}` : `must be at most ${p.max}`;
    case 'invalid_type':
      return 'is missing or of the wrong kind';
    case 'invalid_value':
      return 'is not one of the choices';
    case 'unknown_fields':
      return 'has fields the app does not know';
    case 'invalid':
      return 'is not valid';
    case 'medical_services':
      return 'medical services are recorded by medical staff only (a doctor or nurse): your account may not';
    case 'medical_tests':
      return 'tests and their results are recorded by medical staff only (a doctor or nurse): your account may not';
    default:
      return REASON_TEXTS[r.key];
  }
}

/** Things that may be missing. */
export type Thing = 'client' | 'visit' | 'test' | 'activity' | 'site' | 'item' | 'project' | 'staff' | 'outreach_session' | 'care_step' | 'overdose' | 'pharmacotherapy_change';
const THING: Record<Thing, string> = {
  client: 'The client', visit: 'The visit', test: 'The test', activity: 'The activity', site: 'The site', item: 'The item',
  project: 'The project', staff: 'The staff account', outreach_session: 'The outreach session', care_step: 'The care step',
  overdose: 'The overdose report', pharmacotherapy_change: 'The pharmacotherapy change',
};

/** What a non-medical account may not do (requireMedical). */
export type MedicalAct = 'record_services' | 'record_tests' | 'edit_visit' | 'void_visit' | 'void_session';
const MEDICAL_ACT: Record<MedicalAct, string> = {
  record_services: 'record medical services',
  record_tests: 'record tests and their results',
  edit_visit: 'edit a visit with medical lines or tests',
  void_visit: 'void a visit with medical lines or tests',
  void_session: 'void a session with medical lines or tests',
};

export type Dhis2Period = 'Monthly' | 'Quarterly' | 'Yearly';
const PERIOD_UNIT: Record<Dhis2Period, string> = { Monthly: 'a month', Quarterly: 'a quarter', Yearly: 'a year' };

const SAVE_AS_UTF8 = 'In Excel, save it as "CSV UTF-8 (comma delimited)".';
const SAVE_AGAIN = 'open it in Excel and save it again as .xlsx.';

export const en = {
  // The door and the session.
  'door.no_channel': () => 'There is no such operation.',
  'door.log_in': () => 'Log in first.',
  'door.locked': () => 'The screen is locked: enter your password.',
  'door.forbidden': (p: { role: Role }) => `Your account (${role(p.role)}) may not do this.`,
  'door.import_writing': () => 'An import is being written; wait for it to finish, or stop it.',
  'door.long_job': () => 'Another long job (a report, an import, an export or a backup) is still running; wait for it, or stop it.',
  'verify.integrity': (p: { detail: string }) => `Integrity: ${p.detail}`,
  'verify.dangling': (p: { n: number }) => `${n(p.n)} record(s) refer to records that do not exist.`,
  'verify.entry_bad_value': (p: { id: number; field: string }) => `Audit entry ${p.id} was altered after it was written (${p.field} holds a value of the wrong kind).`,
  'verify.entries_missing': (p: { from: number; to: number }) => `Audit entries ${p.from}–${p.to} are missing (removed).`,
  'verify.entry_not_following': (p: { id: number }) => `Audit entry ${p.id} does not follow the entry before it (an entry was removed or changed).`,
  'verify.entry_altered': (p: { id: number }) => `Audit entry ${p.id} was altered after it was written.`,
  'verify.keyring_unreadable': (p: { detail: string }) => `The keyring, which holds the audit anchor, cannot be read: ${p.detail}`,
  'verify.keyring_altered': () => 'The keyring, which holds the audit anchor, was altered outside Slenkstis (its seal does not match).',
  'verify.stray_keys': (p: { n: number; names: string }) => `The keyring holds a key for ${p.n} account(s) that are not active (${p.names}); the next key change removes it.`,
  'verify.anchor_missing': () => 'The audit anchor is missing from the keyring.',
  'verify.tail_cut': (p: { head: number; anchored: number; at: string }) => `The audit log ends at entry ${p.head}, but the anchor kept outside the file recorded entry ${p.anchored} on ${p.at}: the newest entries were cut off.`,
  'verify.anchor_mismatch': (p: { anchored: number; at: string }) => `Audit entry ${p.anchored} is not the one the anchor kept outside the file recorded on ${p.at}.`,
  'door.long_job_session': () => 'A long job (a report, an import, an export or a backup) is still running: log in or out when it has finished, or stop it first.',
  'door.long_job_writes': () => 'An import or a restore is running; nothing else is saved until it has finished. Wait for it, or stop it.',
  'door.cancelled': () => 'Stopped as asked; nothing was written.',
  'door.invalid': (p: { field: string | null; reason: Reason; detail?: string }) => {
    const text = p.reason.key === 'unknown_fields' && p.detail ? `has unknown field(s): ${p.detail}`
      : p.reason.key === 'invalid_type' && p.detail ? `has the wrong type (expected ${p.detail})`
        : p.reason.key === 'invalid' && p.detail ? p.detail : reasonEn(p.reason);
    return p.field ? `${p.field}: ${text}` : `The input ${text}`;
  },
  'session.no_account': () => 'There is no active account with this user name.',
  'session.wrong_password': () => 'Wrong password.',
  'session.rescue_open': () => 'The database is open; restore from the manager screens instead.',
  'session.rescue_opens': () => 'The database opens: log in and restore from the Backups screen.',
  'session.rescue_not_offered': () => 'That file is not one of the backups offered.',

  // Thrown errors, known by SQLite's or the system's code (db/errors.ts).
  'error.busy': () => 'The database is busy with another program; nothing was saved. Try again.',
  'error.disk_full': () => 'The disk is full; nothing was saved. Free some space and try again.',
  'error.denied': (p: { code: string }) => `Slenkstis may not write or read there (${p.code}: permission denied or a read-only disk); nothing was saved.`,
  'error.constraint': () => 'The record breaks a rule of the database (a missing or duplicate reference); nothing was saved.',
  'error.damaged': () => 'The database file is damaged. Restore the latest good backup.',
  'error.closed': () => 'The database was closed; log in again.',
  'error.internal': () => 'Something unexpected went wrong; nothing was saved. If it happens again, tell the manager.',
  'error.no_keyring': () => 'This operation needs the keyring, which is not open.',

  // The services.
  'record.not_found': (p: { thing: Thing }) => `${THING[p.thing]} was not found.`,
  'record.medical_only': (p: { role: Role; act: MedicalAct }) => `Your account (${role(p.role)}) may not ${MEDICAL_ACT[p.act]}.`,
  'settings.coverage_order': () => 'The low coverage limit must be below the high one.',
  'staff.name_taken': () => 'This user name is taken.',
  'staff.disable_self': () => 'You cannot disable your own account.',
  'staff.already_disabled': () => 'This account is already disabled.',
  'staff.disabled': () => 'This account is disabled; add it again to give it a password.',
  'staff.keep_manager': () => 'You cannot take the manager role from yourself.',
  'items.key_taken': () => 'Another item already has this key.',
  'items.key_fixed': () => 'The key of an item in use cannot change (reports and files refer to it); add a new item instead.',
  'items.no_such': () => 'There is no such item in the catalogue.',
  'sites.name_taken': () => 'Another site already has this name.',
  'sites.no_such': () => 'That site does not exist.',
  'tests.visit_voided': () => 'The visit of this test is voided.',
  'tests.no_result': (p: { type: TestType; infection: Infection }) => `A ${testType(p.type)} test gives no ${INFECTION[p.infection]} result.`,
  'tests.result_before': () => 'The result date cannot be before the test.',
  'tests.result_future': () => 'The result date cannot be after today.',
  'care.step_of_other': () => 'Cured is a step of hepatitis C care only, virally suppressed of HIV care only.',
  'care.no_positive': (p: { infection: Infection }) => `A care step follows a positive ${INFECTION[p.infection]} result: this client has none recorded on or before that day.`,
  'care.future': () => 'A care step cannot be dated after today.',
  'care.already_voided': () => 'This care step is already voided.',
  'care.already_recorded': () => 'Step: this care step is already recorded for the client on that day.',
  'record.date_range': () => 'The date must be from 1990-01-01 to today.',
  'overdoses.naloxone_by_without': () => 'Who gave naloxone is recorded only when naloxone was given ("Naloxone given": yes).',
  'overdoses.already_voided': () => 'This overdose report is already voided.',
  'referrals.none': () => 'This visit has no referral to that destination.',
  'referrals.visit_voided': () => 'The visit of this referral is voided.',
  'visits.empty': () => 'A visit with nothing on it cannot be saved: enter what was given or taken back, a service or a test.',
  'visits.test_not_here': () => 'That test does not belong to this visit.',
  'visits.new_keeps_none': () => 'A new visit has no earlier tests to keep.',
  'visits.voided_no_edit': () => 'A voided visit cannot be edited.',
  'visits.already_voided': () => 'This visit is already voided.',
  'clients.pattern': () => "The code does not follow the cabinet's code pattern (Settings → code pattern).",
  'clients.exists': () => 'A client with this code is already registered: pick it from the list.',
  'clients.likely_duplicates': (p: { count: number }) =>
    `There ${p.count === 1 ? 'is a client' : `are ${n(p.count)} clients`} with a code one typo away: check the list with the client, then confirm a new registration.`,
  'clients.merged': () => 'This client was merged into another; edit that one.',
  'clients.merge_self': () => 'A client cannot be merged into itself.',
  'clients.keep_merged': () => 'The client to keep was itself merged into another.',
  'clients.already_merged': () => 'That client was already merged.',
  'clients.pharmacotherapy_already': (p: { status: boolean }) =>
    `Pharmacotherapy: on that day the client is already ${p.status ? 'in' : 'not in'} opioid agonist therapy; record a change only.`,
  'clients.pharmacotherapy_already_voided': () => 'This pharmacotherapy change is already voided.',
  'clients.referred_needs_peer': () => "The peer's code is noted only for a client who came through a peer (How they came: peer).",
  'clients.referred_self': () => "The peer's code is the client's own code: a client cannot bring themself.",
  'activities.trained_needs_training': () => 'Trained clients belong to an activity of type training.',
  'activities.already_voided': () => 'This activity is already voided.',
  'activities.topic_needs_training': () => 'Topic: given to a training only.',
  'activities.institutions_or_one': () => 'Institutions: give them as a list, or one institution with its participants, not both.',
  'activities.institutions_need_meeting': () => 'Institutions: several are recorded for a meeting or a training only.',
  'activities.institution_twice': () => 'Institution: list each once, with all its participants.',
  'activities.institution_recorded': () =>
    'Institution: this meeting (same day, title and site) already has participants from this institution; void that row and record it again with all of them, or give this meeting another title.',
  'activities.unknown_code': (p: { n: number }) => `Trained client's code no. ${p.n}: no client has this code; register the client first, or correct the code.`,
  'secondary.empty': () => 'Enter what the peer took, or the peers reached, or both.',
  'outreach.no_place': () => 'That place does not exist.',
  'outreach.no_worker': () => 'That worker does not exist.',
  'outreach.new_contact_keeps_none': () => 'A new contact has no earlier tests to keep.',
  'outreach.already_voided': () => 'This outreach session is already voided.',
  'reports.no_site': (p: { id: number }) => `The site with id ${p.id} of the report filter does not exist.`,
  'reports.period_from_early': (p: { from: string; first: string }) => `Period start (from): ${p.from} is before ${p.first}; no record is that old, so check the year.`,
  'reports.period_to_late': (p: { to: string; last: string }) => `Period end (to): ${p.to} is after ${p.last}, the end of next year; check the year.`,
  'reports.no_part': (p: { key: IndicatorKey; part: string }) =>
    `The figure "${indicatorByKey.get(p.key)?.label.en ?? p.key}" has no part ${quoted(p.part)}: choose one of its parts, or the whole figure.`,
  'dhis2.period_start': (p: { type: Dhis2Period; example: string }) =>
    `For the ${p.type} period type the start must be the first day of ${PERIOD_UNIT[p.type]} (e.g. ${p.example}).`,
  'dhis2.period_end': (p: { type: Dhis2Period }) => `For the ${p.type} period type the end must be the last day of ${PERIOD_UNIT[p.type]}.`,

  // Register files: the file as a whole (read.ts, xlsx-check.ts, limits.ts).
  'file.no_such': () => 'There is no such file.',
  'file.folder': () => 'This is a folder, not a file.',
  'file.unreadable': () => 'The file cannot be read.',
  'file.undecodable': (p: { file: string }) => `${p.file} could not be read.`,
  'file.read_differently': (p: { file: string }) => `${p.file} read differently the second time; nothing was imported.`,
  'file.utf16': () => `The file is UTF-16 text (Excel's "Unicode Text"), not CSV. ${SAVE_AS_UTF8}`,
  'file.binary': () => 'The file is neither a CSV text file nor an .xlsx workbook (it holds binary data).',
  'file.encoding': () => `The file is neither UTF-8 text nor a Lithuanian Windows-1257 file. ${SAVE_AS_UTF8}`,
  'file.empty': () => 'The file is empty: it has no header row and no rows.',
  'file.xlsx_not_workbook': () => 'The file is named .xlsx but is not a workbook (it is damaged, or it is another kind of file).',
  'file.xls': () => 'The file is an old Excel .xls workbook: save it as .xlsx or as CSV UTF-8.',
  'file.exceljs': (p: { file: string }) => `${p.file} cannot be read exactly (exceljs could not read it); ${SAVE_AGAIN}`,
  'file.imported_before': (p: { date: string; as: string }) =>
    `This file was already imported on ${p.date} (as ${p.as}); importing it twice would count every record twice, so it was not imported again.`,
  'file.same_as': (p: { other: string }) => `This file has the same content as ${p.other}, given in the same import; it was not imported twice.`,
  'limit.file_bytes': (p: { file: string; size: number }) =>
    `${p.file} is ${MB(p.size)}; a register file may be at most ${MB(L.fileBytes)}: split it into several files (for example one per year).`,
  'limit.zip_entries': (p: { file: string }) => `${p.file} holds more than ${n(L.zipEntries)} parts, which no spreadsheet program writes; it was not opened.`,
  'limit.inflated_bytes': (p: { file: string }) =>
    `${p.file} unpacks to more than ${MB(L.inflatedBytes)}, the most a register workbook may hold; it was not opened (split it into several files, or save it as CSV UTF-8).`,
  'limit.inflate_ratio': (p: { file: string }) => `${p.file} is packed more than ${L.inflateRatio} times tighter than any spreadsheet (a "zip bomb"); it was not opened.`,
  'limit.rows': (p: { file: string; where: FilePlace }) => `${p.file} has more than ${n(L.rows)} rows (${place(p.where)}), the most a register may have: split it into several files.`,
  'limit.columns': (p: { file: string; where: FilePlace }) => `${p.file} has more than ${n(L.columns)} columns (${place(p.where)}), the most a register row may have.`,
  'limit.csv_lines': (p: { file: string }) => `${p.file} has more than ${n(L.csvLines)} lines, more than a register may have: split it into several files.`,
  'limit.csv_delimiters': (p: { file: string; line: number }) =>
    `${p.file} has more than ${n(L.csvDelimitersPerLine)} separators on line ${n(p.line)}, which no register row has; it was not read.`,
  'limit.shared_strings': (p: { file: string }) =>
    `${p.file} holds more than ${n(L.sharedStrings)} different texts (or more than ${MB(L.sharedStringChars * 2)} of them), more than a register workbook may: split it into several files, or save it as CSV UTF-8.`,
  'limit.cell_chars': (p: { file: string; where: FilePlace }) =>
    `${p.file} has a cell longer than ${n(L.cellChars)} characters (${place(p.where)}), the most a register cell may hold.`,
  'xlsx.not_zip': (p: { file: string }) => `${p.file} is not a readable .xlsx workbook (it is damaged, or it is another kind of file).`,
  'xlsx.bad_directory': (p: { file: string }) => `${p.file} is not a readable .xlsx workbook (its zip directory is damaged).`,
  'xlsx.encrypted': (p: { file: string }) => `${p.file} is encrypted (password-protected); save it without a password first.`,
  'xlsx.no_workbook_part': (p: { file: string }) => `${p.file} is a zip file but not an .xlsx workbook (it has no workbook part).`,
  'xlsx.damaged': (p: { file: string; why: XlsxDamage }) => `${p.file} cannot be read exactly: ${damageEn(p.why)}; ${SAVE_AGAIN}`,

  // Register files: the sheets and their header (read.ts).
  'sheet.not_register': (p: { sheet: string }) => `The sheet "${p.sheet}" is not part of the register format and was not read.`,
  'sheet.none': () => 'The workbook has no sheet named visits, activities, overdoses or care.',
  'sheet.twice': (p: { sheet: string }) => `The workbook has two sheets named ${p.sheet}.`,
  'header.twice': (p: { name: string; first: string; second: string }) => `The column "${p.name}" appears twice (columns ${p.first} and ${p.second}).`,
  'header.unknown': (p: { name: string | null; letter: string; sheet: string; hint: string | null }) =>
    `${p.name !== null ? `"${p.name}"` : `The name of column ${p.letter}`} is not a column of the ${p.sheet} sheet${p.hint ? ` (did you mean "${p.hint}"?)` : ''}; unknown columns are refused so that no data is silently dropped.`,
  'header.none': (p: { row: number }) =>
    `Row ${p.row} is not a header row: it names none of the columns of the register format. The first row must name the columns (date, client_code, …).`,
  'header.no_date': () => 'The date column is missing: every row needs a date.',
  'header.no_type': () => 'The type column is missing: every activity needs a type.',
  'header.unnamed': (p: { letter: string }) => `Column ${p.letter} has values but no header name.`,
  'row.beyond_header': (p: { letter: string }) => `The row has a value in column ${p.letter}, beyond the last column of the header.`,
  'row.quoting': (p: { unclosed: boolean }) => `The row's quoting is broken (${p.unclosed ? 'a quoted field is not closed' : 'a quote stands where it cannot'}).`,

  // Register files: a cell (parse.ts). The column is named beside the message.
  'cell.formula_unsaved': () => 'The cell is a formula without a saved result; open and save the workbook in a spreadsheet program first.',
  'cell.spreadsheet_error': (p: { error: string }) => `The cell holds a spreadsheet error (${p.error}).`,
  'cell.date_not_text': () => 'is a date, but text is expected here.',
  'cell.bool_not_text': () => 'is TRUE/FALSE, but text is expected here.',
  'cell.too_long': (p: { length: number; max: number }) => `is ${n(p.length)} characters long; at most ${n(p.max)} are allowed.`,
  'cell.hidden_char': () => 'contains an invisible or control character (such as a zero-width space or a direction mark); type it again rather than pasting it.',
  'cell.phone': () => 'holds a phone number; notes must never say who a client is or how to reach them: remove it.',
  'cell.personal_code': () => 'holds a personal code; notes must never say who a client is: remove it.',
  'cell.email': () => 'holds an e-mail address; notes must never say who a client is or how to reach them: remove it.',
  'cell.date_not_count': () => 'is a date, but a count (a whole number) is expected here.',
  'cell.bool_not_count': () => 'is TRUE/FALSE, but a count (a whole number) is expected here.',
  'cell.not_count': () => 'is not a count: write a whole number, 0 or more.',
  'cell.negative': () => 'is negative: counts are whole numbers, 0 or more.',
  'cell.fraction': () => 'is not a whole number: counts are whole numbers, 0 or more.',
  'cell.above_max': (p: { max: number }) => `is more than the most this column takes (${n(p.max)}).`,
  'cell.bad_date_cell': () => 'is not a valid date.',
  'cell.date_out_of_range': (p: { date: string }) => `is a date cell outside 1990–2099 (${p.date}); check the cell.`,
  'cell.text_date_out_of_range': () => 'is a date outside 1990–2099, which no register holds; check the year.',
  'cell.number_not_date': () => 'is a number, not a date: write the date as YYYY-MM-DD (or use a date cell).',
  'cell.not_date': () => 'is not a date written YYYY-MM-DD (or it is a day that does not exist).',
  'cell.not_one_of': (p: { values: readonly string[] }) => `is not one of: ${p.values.join(', ')}.`,
  'cell.sex_letter': () => 'is a single letter, which is refused: M means male in English but moteris (a woman) in Lithuanian; write male, female, other, unknown, vyras or moteris.',
  'cell.year_digits': () => 'must be a year written with four digits, e.g. 1985.',
  'cell.year_before_1900': () => 'is before 1900.',
  'cell.year_after_visit': () => 'is after the year of the visit.',
  'cell.no_date': (p: { sheet: 'visits' | 'activities' | 'overdoses' | 'care' }) =>
    `is empty: every row needs the date of the ${{ visits: 'visit', activities: 'activity', overdoses: 'overdose', care: 'care step' }[p.sheet]}.`,
  'cell.no_type': (p: { values: readonly ActivityType[] }) => `is empty: write one of ${p.values.join(', ')}.`,
  'cell.code_long': () => 'is longer than 32 characters.',
  'cell.staff_name': () => "is not a user name: use 2–40 letters, digits, dots, dashes or underscores (the worker's user name, not a full name).",
  'cell.trained_value': () => 'is not allowed: write yes, or leave the cell empty.',
  'cell.anonymous_zero': () => 'must be at least 1: a row stands for one or more people.',
  'cell.anonymous_with_code': () => 'must be empty (or 1) on a row with a client_code: the row is one known client.',
  'cell.anonymous_test': (p: { count: number }) => `must be 1 on a row that records a test: a test stands for one person (this row is for ${n(p.count)}).`,
  'cell.report_needs_client': () => 'needs a client_code: peers reached are reported by a known client.',
  'cell.training_needs_client': () => 'needs a client_code: only a known client can be trained for secondary exchange.',
  'cell.tested_person_with_code': (p: { person: string }) => `${p.person} is for a row without a client_code; a row with a code records a test of that client.`,
  'cell.client_only': () => 'is not recorded for a row without a client_code (it belongs to a client).',
  'cell.needs_test_type': () => 'needs a test_type on the same row.',
  'cell.test_gives_no': (p: { type: TestType; infection: Infection }) => `a ${p.type} test gives no ${INFECTION[p.infection]} result.`,
  'cell.referral_needs_count': () => 'needs a referral count on the same row.',
  'cell.empty_one_of': (p: { values: readonly string[] }) => `is empty: write one of ${p.values.join(', ')}.`,
  'cell.care_needs_code': () => 'is empty: a care step belongs to a client; write the client_code.',
  'cell.referred_by_needs_peer': () => "is only for a client who came through a peer: write peer in came_via on the same row, or leave the peer's code out.",
  'cell.referred_by_self': () => "is the client's own code: write the code of the peer who brought the client.",
  'cell.other_items_syntax': (p: { entry: number }) => `is not written ITEM:COUNT;ITEM:COUNT (item ${n(p.entry)} of the cell), e.g. naloxone:1;filter:10.`,
  'cell.other_items_count': (p: { entry: number; max: number }) => `gives item ${n(p.entry)} of the cell more than the most a supply line takes (${n(p.max)}).`,
  'cell.other_items_twice': (p: { entry: number }) => `names item ${n(p.entry)} of the cell twice: write each item once, with its whole count.`,
  'cell.list_many': (p: { max: number; what: 'items' | 'codes' }) => `lists more than ${n(p.max)} ${p.what}, the most one cell may list.`,
  'cell.trained_code_long': (p: { entry: number }) => `has a code longer than 32 characters (code ${n(p.entry)} of the cell).`,
  'cell.only_for_training': () => 'is only for a training: write training in type, or leave this cell empty.',
  'cell.naloxone_by_needs_given': () => 'needs yes in naloxone_given on the same row: who gave naloxone is recorded only when it was given.',
  'cell.care_step_of_other': (p: { step: CareStep; infection: CareInfection }) =>
    `${p.step} is not a step of ${INFECTION[p.infection]} care: cured is for HCV (sustained virological response), virally_suppressed for HIV.`,

  // Register files: a row against the database and the other rows (import.ts).
  'import.new_staff': () => 'names no staff account; an inactive staff record (no password, cannot log in) is created with the import.',
  'import.new_site': (p: { kind: SiteKind | 'point' }) =>
    `names a new ${SITE_KIND[p.kind]}, which is created with the import; check it is not a misspelling of an existing one.`,
  'import.code_pattern': () => "The code does not follow the cabinet's code pattern (Settings → code pattern); a new client is created for it. Check it for a typo.",
  'import.known_unknown': (p: { what: 'sex' | 'birth_year'; value: string }) =>
    `${p.value} is not applied: the client is already registered (${p.what === 'sex' ? 'sex' : 'birth year'} unknown), and an import changes no client. Correct it on the client's card.`,
  'import.code_says': (p: { what: 'sex' | 'birth_year'; value: string; code: string }) =>
    `says ${p.value}, but the code's ${p.what === 'sex' ? 'sex digit' : 'year'} says ${p.code}; ${p.value} is recorded. Check the code for a typo.`,
  'import.contradicts_client': (p: { what: 'sex' | 'birth_year'; value: string; stored: string }) =>
    `says ${p.value}, but the client with this code is registered ${p.what === 'sex' ? `as ${p.stored}` : `with birth year ${p.stored}`}: the contradiction is not applied. Check the code, or correct the client's card first.`,
  'import.contradicts_row': (p: { value: string; row: number; other: string }) => `says ${p.value}, but row ${p.row} of this file gives ${p.other} for the same code.`,
  'import.injects_differs_client': (p: { value: string; stored: string }) =>
    `${p.value} differs from the client's record (${p.stored}); an import changes no client, so the record was kept.`,
  'import.injects_differs_row': (p: { value: string; row: number; other: string }) => `${p.value} differs from row ${p.row} of this file (${p.other}) for the same code; the first is kept.`,
  'import.duplicate_stored': (p: { date: string }) =>
    `is identical to a visit already recorded on ${p.date}: a likely duplicate. It is imported all the same; void one of them if it is.`,
  'import.duplicate_row': (p: { row: number; file: string | null }) => `is identical to row ${p.row}${p.file === null ? '' : ` of ${p.file}`}: a likely duplicate.`,
  'import.meeting_institution_twice': (p: { row: number; file: string | null }) =>
    `names the same institution of the same meeting as row ${p.row}${p.file === null ? '' : ` of ${p.file}`}: the participants of both are added; if one was typed twice, correct the file.`,
  // The register export's notes: what the format could not carry as the app holds it (export.ts).
  'export.other_items_in': (p: { lines: number }) =>
    `${n(p.lines)} supply line(s) of other catalogue items taken back have no column in the register format (other_items is what was handed out) and were not exported.`,
  'export.for_peers': (p: { lines: number }) => `${n(p.lines)} supply line(s) marked "for peers" outside a secondary-exchange visit are exported without that mark.`,
  'export.for_peers_rows': (p: { visits: number }) =>
    `${n(p.visits)} visit(s) where a client took equipment for peers outside a secondary-exchange visit are written with an extra row of kind secondary holding what was taken for peers.`,
  'export.split_visits': (p: { visits: number }) =>
    `${n(p.visits)} visit(s) with more than one test, referral destination or outcome, or peer report are written as several rows.`,
  'export.care_notes': (p: { steps: number }) => `${n(p.steps)} care step note(s) are not exported (the care sheet has no note column).`,
  'export.pharmacotherapy_moved': (p: { changes: number }) =>
    `${n(p.changes)} pharmacotherapy change(s) fall on a day without a visit of the client's in that month; the register writes a change on a visit row, so each is written on the nearest visit in another month.`,
  'import.item_unknown': (p: { entry: number; known: readonly string[] }) =>
    `names an item the catalogue does not have (item ${n(p.entry)} of the cell); its other items are: ${p.known.join(', ') || 'none'}. Add the item to the catalogue first, or correct the key.`,
  'import.item_core': (p: { entry: number; column: string }) => `names an item that has a column of its own (item ${n(p.entry)} of the cell): write it in ${p.column}.`,
  'import.pharmacotherapy_same_day': (p: { row: number; file: string | null }) =>
    `says otherwise than row ${p.row}${p.file === null ? '' : ` of ${p.file}`} for the same client on the same day: one status a day.`,
  'import.referred_by_differs': () => "differs from the peer's code an earlier row gives for the same client; the first is kept.",
  'import.trained_code_new': (p: { entry: number }) =>
    `code ${n(p.entry)} of the cell is neither a client in the database nor on a row of the files; a new client is created for it. Check it for a typo.`,

  // The database file, its keyring and the key lock (open.ts, migrator.ts, keyfiles.ts, keyring.ts, vault.ts).
  // A path is the person's own file; never a key, a password or a record.
  'db.no_file': (p: { path: string }) => `There is no database file at ${p.path}.`,
  'db.cannot_open': (p: { detail: string }) => `The database file could not be opened (${p.detail}).`,
  'db.in_use': () => 'The database is in use by another program and did not become free in time. Try again in a moment.',
  'db.unreadable': () => 'The database file cannot be read: it is damaged, or it does not belong to this keyring. Restore the latest good backup.',
  'db.not_alone': () =>
    'Another program (the command line, or Slenkstis open a second time?) has the database open; a key change needs it alone. Close it and try again. Nothing was changed.',
  'db.newer': (p: { version: number; latest: number }) =>
    `This database was written by a newer version of Slenkstis (schema ${p.version}; this version knows up to ${p.latest}). Install the newer version; the file was left untouched.`,
  'db.exists': (p: { path: string }) => `A database already exists at ${p.path}; it was not overwritten.`,
  'lock.held_here': () => 'The key lock is already held by this process.',
  'lock.no_folder': (p: { folder: string }) => `There is no folder ${p.folder} for the database.`,
  'lock.folder_unwritable': (p: { code: string | null }) => `The folder of the database cannot be written (${p.code ?? 'unknown'}); nothing was changed.`,
  'lock.busy': () =>
    'Another Slenkstis program (the app, or the command line) is changing the keys of this database or opening it, and has not finished within a minute. Nothing was changed; try again when it is done.',
  'lock.taken_over': () => 'Another Slenkstis program took over the key lock while this change was being made; it was withdrawn and nothing was changed. Try again.',
  'keys.switch_damaged': (p: { file: string }) =>
    `The file ${p.file} beside the database is damaged; it marks an unfinished key change. Ask for help before deleting anything.`,
  'keys.not_marked': () => 'This operation is not marked as replacing the database file (shared/api.ts replacesFile); nothing was changed.',
  'keys.must_leave_holders': () => 'A key change must leave the recovery key and at least one active account; nothing was changed.',
  'keys.copy_unconfirmed': () => 'The re-encrypted copy could not be confirmed; nothing was changed.',
  'keys.switch_pending': () => 'The change is saved, but the system refused to move its files into place; it is finished at the next login. Log in again.',
  'keys.replace_refused': (p: { code: string | null }) =>
    `The database file could not be replaced (${p.code ?? 'refused'}): is another program holding it? Nothing was changed; close it and try again.`,
  'keyring.kdf_bounds': () => 'The keyring asks for a key derivation outside the allowed bounds; it was refused.',
  'keyring.missing': () => 'The keyring file that belongs beside the database is missing. Restore it from a backup, or restore a whole backup.',
  'keyring.too_large': () => 'The keyring file beside the database is far larger than a keyring can be; it was refused.',
  'keyring.damaged': () => 'The keyring file beside the database is damaged. Restore it from a backup, or restore a whole backup.',
  'keyring.not_keyring': () => 'The keyring file beside the database is not a Slenkstis keyring, or is damaged.',
  'keyring.altered': () =>
    'The keyring beside the database was altered outside Slenkstis (its seal does not match); nothing was changed. Restore a backup (the recovery key will be asked for).',
  'keyring.other_database': () => 'The keyring beside the database belongs to another database.',
  'keyring.other_generation': (p: { keyring: number; database: number }) =>
    `The keyring beside the database is of another key generation (${p.keyring}) than the database (${p.database}): it is an older or newer copy. Put back the keyring that belongs to the database, or restore a backup.`,
  'keyring.replaced': () => 'The keyring beside the database was replaced by the keyring of another database; nothing was changed.',
  'keyring.not_this_generation': () => "The keyring beside the database is not the one of this database's key generation; nothing was changed.",
  'login.wrong': () => 'Wrong user name or password.',
  'login.wrong_recovery': () => 'That recovery key does not open this database.',
  'login.current_password': () => 'The current password is wrong.',

  // Backups and restores (db/backup/, vault.restoreBackupAs).
  'backup.no_keyring': () => 'Backups need the keyring, which is not open.',
  'backup.folder_relative': () => 'The backup folder must be a full path.',
  'backup.folder_unwritable': (p: { folder: string }) => `Slenkstis cannot write to ${p.folder}; choose another folder (is the stick or the network drive connected?).`,
  'backup.over_database': () => 'A backup cannot be written over the database itself.',
  'backup.folder_full': (p: { folder: string }) => `The backup folder ${p.folder} is full; no backup was written.`,
  'backup.write_failed': (p: { folder: string; detail: string }) => `The backup could not be written to ${p.folder} (${p.detail}).`,
  'backup.keyring_changed': () =>
    'The keyring beside the database no longer belongs to the database this session has open (another program changed or replaced it); no backup was written. Log in again.',
  'backup.keyring_copy': () => 'The keyring copy beside the backup could not be read back.',
  'backup.not_opening': (p: { file: string }) => `The backup ${p.file} does not open with its key: it is damaged or belongs to another keyring.`,
  'backup.integrity': (p: { file: string; detail: string | null }) => `The backup ${p.file} failed the integrity check (${p.detail ?? 'no answer'}).`,
  'backup.other_keyring': (p: { file: string }) => `The backup ${p.file} does not belong to the keyring beside it.`,
  'backup.read_back': (p: { file: string; detail: string }) => `The backup ${p.file} could not be read back: ${p.detail}.`,
  'backup.no_file': (p: { file: string }) => `There is no backup file ${p.file}.`,
  'backup.keyring_missing': (p: { file: string }) => `The keyring of the backup (${p.file}) is missing beside it; without it the backup cannot be opened.`,
  'backup.keyring_damaged': (p: { file: string }) => `The keyring of the backup (${p.file}) is damaged.`,
  'restore.wrong_login': () => 'Wrong user name or password for this backup (a backup opens with the passwords as they were when it was taken).',
  'restore.altered': () => 'The keyring of this backup was altered outside Slenkstis (its seal does not match); it is not restored.',
  'restore.manager_only': () => 'Only a manager of the backed-up database may restore it.',
  'restore.other_database': (p: { path: string }) =>
    `The backup is of another database than the one at ${p.path}; nothing was changed. To replace it anyway, restore with --force on the command line (the replaced file is kept beside it).`,
  'restore.valid_now': () => 'Use the user name and password that are valid now (and were when the backup was taken). Nothing was changed.',
  'restore.needs_recovery': () =>
    'Who may open this database today cannot be proven (the database in place is damaged, or the keyring beside it is missing, altered or of another database): enter the recovery key as well. Nothing was changed.',
  'restore.recovery_wrong': () => 'That recovery key does not open this backup. Nothing was changed.',

  // The command line's own (db/cli/, db/demo/, the DHIS2 mapping file).
  'cli.no_staff': (p: { name: string }) => `There is no staff account ${p.name}.`,
  'cli.no_site': (p: { name: string }) => `There is no site named "${p.name}"; the names are listed on the Sites screen.`,
  'demo.exists': (p: { path: string }) => `A file already exists at ${p.path}; the demo never overwrites one.`,
  'dhis2.mapping_unreadable': (p: { path: string }) => `The mapping file ${p.path} cannot be read.`,
  'dhis2.mapping_json': (p: { path: string; detail: string }) => `The mapping file ${p.path} is not valid JSON (${p.detail}).`,
  'dhis2.mapping_invalid': (p: { issues: string }) => `The DHIS2 mapping is not valid: ${p.issues}.`,
} satisfies Record<string, (p: never) => string>;

/** A cell of a worksheet by its place. */
export interface CellAt {
  sheet: number;
  row: number;
  col: number;
}

/** Why a workbook cannot be read exactly (xlsx-check.ts): a part of the file, said without its contents but for a short quote. */
export type XlsxDamage =
  | { why: 'part_twice'; part: string }
  | { why: 'sheet_twice'; sheet: string }
  | { why: 'packing'; part: string }
  | { why: 'xml_broken'; detail: string }
  | { why: 'dtd' }
  | { why: 'cdata' }
  | { why: 'xml_prefix'; tag: string; expected: string }
  | { why: 'nested_string' }
  | { why: 'phonetic' }
  | { why: 'row_outside'; sheet: number }
  | { why: 'row_number'; sheet: number; value: string }
  | { why: 'cell_outside'; sheet: number }
  | { why: 'cell_not_of_row'; sheet: number; row: number; ref: string }
  | { why: 'cell_order'; sheet: number; ref: string }
  | { why: 'iso_date'; sheet: number; ref: string }
  | { why: 'cell_type'; sheet: number; ref: string; type: string }
  | { why: 'value_outside'; sheet: number }
  | { why: 'unexpected_tag'; sheet: number; tag: string }
  | { why: 'shared_index'; at: CellAt; value: string }
  | { why: 'not_number'; at: CellAt; value: string }
  | { why: 'bool_formula'; at: CellAt }
  | { why: 'not_bool'; at: CellAt; value: string }
  | { why: 'rich_text'; at: CellAt }
  | { why: 'entity'; at: CellAt }
  | { why: 'unpack'; part: string }
  | { why: 'not_utf8'; part: string }
  | { why: 'part_damaged'; part: string }
  | { why: 'shared_missing'; sheet: number; index: number; count: number }
  | { why: 'sheet_elsewhere'; name: string };

function damageEn(d: XlsxDamage): string {
  const cell = (sheet: number, ref: string) => `the cell ${ref} of sheet ${sheet}`;
  const at = (c: CellAt) => `the cell in row ${c.row}, column ${c.col} of sheet ${c.sheet}`;
  switch (d.why) {
    case 'part_twice': return `it holds the part ${quoted(d.part)} twice`;
    case 'sheet_twice': return `it holds two parts for sheet ${d.sheet}`;
    case 'packing': return `the part ${quoted(d.part)} is packed in a way spreadsheets do not use`;
    case 'xml_broken': return `its XML is broken (${d.detail.slice(0, 60)})`;
    case 'dtd': return 'its XML declares a DTD, which spreadsheets never write';
    case 'cdata': return 'it holds CDATA sections, which spreadsheets never write';
    case 'xml_prefix': return `its part starts with <${d.tag.slice(0, 30)}>, not <${d.expected}> (an XML prefix this reader does not read)`;
    case 'nested_string': return 'a shared string is nested in another element';
    case 'phonetic': return 'its text has phonetic guides, which this reader cannot separate from the text';
    case 'row_outside': return `a row is outside the sheet's data (sheet ${d.sheet})`;
    case 'row_number': return `row number ${quoted(d.value)} of sheet ${d.sheet} is missing, out of order or beyond a sheet's last row`;
    case 'cell_outside': return `a cell is outside a row (sheet ${d.sheet})`;
    case 'cell_not_of_row': return `the cell reference ${quoted(d.ref)} in row ${d.row} of sheet ${d.sheet} is not a cell of that row`;
    case 'cell_order': return `the cell ${quoted(d.ref)} of sheet ${d.sheet} comes twice or out of order`;
    case 'iso_date': return `${cell(d.sheet, d.ref)} is an ISO date cell, which this reader does not read`;
    case 'cell_type': return `${cell(d.sheet, d.ref)} has the unknown type ${quoted(d.type)}`;
    case 'value_outside': return `a value is outside a cell (sheet ${d.sheet})`;
    case 'unexpected_tag': return `a cell of sheet ${d.sheet} holds an unexpected <${d.tag.slice(0, 30)}>`;
    case 'shared_index': return `${at(d.at)} refers to shared string ${quoted(d.value)}, which is not a number`;
    case 'not_number': return `${at(d.at)} holds ${quoted(d.value)} where a number is expected`;
    case 'bool_formula': return `${at(d.at)} is a TRUE/FALSE formula, which this reader would read as a number`;
    case 'not_bool': return `${at(d.at)} holds ${quoted(d.value)} where TRUE or FALSE is expected`;
    case 'rich_text': return `${at(d.at)} is formatted text, which this reader would read only in part`;
    case 'entity': return `${at(d.at)} holds text such as "&amp;" that this reader would decode twice`;
    case 'unpack': return `its part ${quoted(d.part)} cannot be unpacked`;
    case 'not_utf8': return `its part ${quoted(d.part)} is not UTF-8 text`;
    case 'part_damaged': return `its part ${quoted(d.part)} is damaged`;
    case 'shared_missing': return `a cell of sheet ${d.sheet} refers to shared string ${d.index}, but the workbook has only ${d.count}`;
    case 'sheet_elsewhere': return `the sheet ${quoted(d.name)} is stored where this reader does not look for it`;
  }
}

export type Catalogue = typeof en;
