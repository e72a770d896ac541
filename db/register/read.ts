// Reading register files (CSV or .xlsx) into sheets of raw cells with the row numbers a
// spreadsheet shows (header = row 1). No meaning is given to the cells here: see check.ts.
import Papa from 'papaparse';
import { readXlsxSync, type XlsxCell } from './xlsx-read';
import { ACTIVITY_ONLY, COLUMNS, type SheetName } from './columns';
import { isOneTypoApart } from '../../shared/codes';

/** A problem in a file: the shape of the import answer's errors and warnings (spec/cli.md). */
export interface Problem {
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

/** A cell that a spreadsheet could not give a value for (#N/A, a formula never calculated). */
export class CellError {
  constructor(readonly message: string) {}
}

export type Cell = string | number | boolean | Date | CellError | null;

export interface RawRow {
  /** The row number as a spreadsheet shows it. */
  row: number;
  /** Cells by column name (only the named columns of the header). */
  cells: Map<string, Cell>;
}

export interface RawSheet {
  file: string;
  sheet: SheetName;
  columns: string[];
  rows: RawRow[];
}

export interface ReadResult {
  sheets: RawSheet[];
  errors: Problem[];
  warnings: Problem[];
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const isEmptyCell = (c: Cell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

function closest(name: string, known: readonly string[]): string | null {
  const hit = known.find((k) => isOneTypoApart(name, k) || k.replace(/_/g, '') === name.replace(/[_\s-]/g, ''));
  return hit ?? null;
}

/** Picks the sheet of a CSV file from its header (and, when the header fits both, its name). */
function sheetOfHeader(names: string[], fileName: string): SheetName {
  const visits = names.filter((n) => COLUMNS.visits.includes(n)).length;
  const activities = names.filter((n) => COLUMNS.activities.includes(n)).length;
  if (names.some((n) => (ACTIVITY_ONLY as readonly string[]).includes(n)) && activities >= visits) return 'activities';
  if (visits === activities && /activit/i.test(fileName)) return 'activities';
  return 'visits';
}

/**
 * Turns a header row and its data rows into a sheet, checking the header: unknown, repeated
 * and unnamed columns are errors (typos must not silently drop data).
 */
function buildSheet(
  file: string, sheet: SheetName, headerRow: number, header: Cell[], rows: Array<{ row: number; cells: Cell[] }>, errors: Problem[],
): RawSheet {
  const known = COLUMNS[sheet];
  const errorsBefore = errors.length;
  const names: Array<string | null> = [];
  const seen = new Map<string, number>();
  header.forEach((cell, i) => {
    const name = cell === null || cell instanceof CellError ? '' : String(cell instanceof Date ? '' : cell).trim().toLowerCase();
    const where = columnLetter(i);
    if (name === '') {
      if (rows.some((r) => !isEmptyCell(r.cells[i] ?? null))) {
        errors.push({ file, sheet, row: headerRow, column: where, message: `Column ${where} has values but no header name.` });
      }
      names.push(null);
      return;
    }
    if (seen.has(name)) {
      errors.push({ file, sheet, row: headerRow, column: name, message: `The column "${name}" appears twice (columns ${columnLetter(seen.get(name)!)} and ${where}).` });
      names.push(null);
      return;
    }
    seen.set(name, i);
    if (!known.includes(name)) {
      const hint = closest(name, known);
      // A header name is repeated only when it looks like one (letters and underscores): a
      // file without a header row would otherwise put its first record, codes and all, here.
      const nameLike = /^[a-z_ ]{1,40}$/.test(name);
      errors.push({
        file, sheet, row: headerRow, column: nameLike ? name : where,
        message: `${nameLike ? `"${name}"` : `The name of column ${where}`} is not a column of the ${sheet} sheet${hint ? ` (did you mean "${hint}"?)` : ''}; unknown columns are refused so that no data is silently dropped.`,
      });
      names.push(null);
      return;
    }
    names.push(name);
  });
  if (![...seen.keys()].some((n) => known.includes(n))) {
    errors.splice(errorsBefore);
    errors.push({ file, sheet, row: headerRow, column: null, message: `Row ${headerRow} is not a header row: it names none of the columns of the register format. The first row must name the columns (date, client_code, …).` });
    return { file, sheet, columns: [], rows: [] };
  }
  if (!seen.has('date')) errors.push({ file, sheet, row: headerRow, column: 'date', message: 'The date column is missing: every row needs a date.' });
  if (sheet === 'activities' && !seen.has('type')) errors.push({ file, sheet, row: headerRow, column: 'type', message: 'The type column is missing: every activity needs a type.' });
  const out: RawRow[] = [];
  for (const r of rows) {
    if (r.cells.every(isEmptyCell)) continue;
    const cells = new Map<string, Cell>();
    names.forEach((n, i) => {
      if (n !== null) cells.set(n, r.cells[i] ?? null);
    });
    for (let i = names.length; i < r.cells.length; i++) {
      if (!isEmptyCell(r.cells[i])) {
        errors.push({ file, sheet, row: r.row, column: columnLetter(i), message: `The row has a value in column ${columnLetter(i)}, beyond the last column of the header.` });
        break;
      }
    }
    out.push({ row: r.row, cells });
  }
  return { file, sheet, columns: names.filter((n): n is string => n !== null), rows: out };
}

function readCsv(file: string, bytes: Buffer): ReadResult {
  const errors: Problem[] = [];
  const fail = (message: string): ReadResult => ({ sheets: [], errors: [{ file, sheet: null, row: null, column: null, message }], warnings: [] });
  if (bytes.includes(0)) return fail('The file is neither a CSV text file nor an .xlsx workbook (it holds binary data).');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (comma delimited)".');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail('The file is empty: it has no header row and no rows.');
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter: ',', skipEmptyLines: false });
  const data = parsed.data;
  const headerIndex = data.findIndex((r) => r.some((c) => c.trim() !== ''));
  const header = data[headerIndex];
  if (header.length === 1 && header[0].includes(';')) {
    return fail('The file is separated by semicolons; the register format uses commas. In Excel, save it as "CSV UTF-8 (comma delimited)".');
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const sheet = sheetOfHeader(names, file);
  for (const e of parsed.errors) {
    if (e.type === 'Quotes' && e.row !== undefined) {
      errors.push({ file, sheet, row: e.row + 1, column: null, message: `The row's quoting is broken (${e.message.toLowerCase()}).` });
    }
  }
  const rows = data.slice(headerIndex + 1).map((cells, i) => ({ row: headerIndex + 2 + i, cells: cells as Cell[] }));
  const result = buildSheet(file, sheet, headerIndex + 1, header, rows, errors);
  return { sheets: [result], errors, warnings: [] };
}

function xlsxCell(v: XlsxCell): Cell {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    return new CellError(v.error === 'formula without a saved result'
      ? 'The cell is a formula without a saved result; open and save the workbook in a spreadsheet program first.'
      : `The cell holds a spreadsheet error (${v.error}).`);
  }
  return v;
}

function readXlsx(file: string, bytes: Buffer): ReadResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  let book: ReturnType<typeof readXlsxSync>;
  try {
    book = readXlsxSync(bytes, (n) => ['visits', 'activities'].includes(n.trim().toLowerCase()));
  } catch {
    return { sheets: [], errors: [{ file, sheet: null, row: null, column: null, message: 'The file is not a readable .xlsx workbook (it is damaged, or it is another kind of file).' }], warnings };
  }
  for (const name of book.sheetNames) {
    if (!['visits', 'activities'].includes(name.trim().toLowerCase())) {
      warnings.push({ file, sheet: name, row: null, column: null, message: `The sheet "${name}" is not part of the register format and was not read.` });
    }
  }
  const sheets: RawSheet[] = [];
  const taken = new Set<SheetName>();
  for (const ws of book.sheets) {
    const name = ws.name.trim().toLowerCase() as SheetName;
    if (taken.has(name)) {
      errors.push({ file, sheet: ws.name, row: null, column: null, message: `The workbook has two sheets named ${name}.` });
      continue;
    }
    taken.add(name);
    const all = ws.rows.map((r) => ({ row: r.row, cells: r.cells.map(xlsxCell) }));
    const headerAt = all.findIndex((r) => !r.cells.every(isEmptyCell));
    if (headerAt < 0) continue;
    sheets.push(buildSheet(file, name, all[headerAt].row, all[headerAt].cells, all.slice(headerAt + 1), errors));
  }
  if (book.sheets.length === 0) {
    errors.push({ file, sheet: null, row: null, column: null, message: 'The workbook has no sheet named visits or activities.' });
  }
  return { sheets, errors, warnings };
}

/** Reads one register file; CSV or .xlsx is told by the content (an .xlsx is a zip). */
export function readRegisterFile(file: string, bytes: Buffer): ReadResult {
  if (bytes.length === 0) return { sheets: [], errors: [{ file, sheet: null, row: null, column: null, message: 'The file is empty: it has no header row and no rows.' }], warnings: [] };
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) return readXlsx(file, bytes);
  if (/\.xlsx$/i.test(file)) return { sheets: [], errors: [{ file, sheet: null, row: null, column: null, message: 'The file is named .xlsx but is not a workbook (it is damaged, or it is another kind of file).' }], warnings: [] };
  if (/\.xls$/i.test(file) || (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)) {
    return { sheets: [], errors: [{ file, sheet: null, row: null, column: null, message: 'The file is an old Excel .xls workbook: save it as .xlsx or as CSV UTF-8.' }], warnings: [] };
  }
  return readCsv(file, bytes);
}
