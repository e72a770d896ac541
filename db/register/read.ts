// Reading register files (CSV or .xlsx) into rows of raw cells with the row numbers a
// spreadsheet shows (header = row 1), handed on one by one as they are read. No meaning is
// given to the cells here: see parse.ts. Files are untrusted: limits.ts and xlsx-check.ts.
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { checkWorkbook, FileRefusal } from './xlsx-check';
import { readWorkbookSheets, type XlsxValue } from './xlsx-rows';
import { REGISTER_LIMITS as LIMITS } from './limits';
import { COLUMNS, ONLY_COLUMNS, SHEET_NAMES, type SheetName } from './columns';
import { isOneTypoApart } from '../../shared/codes';
import { say, text, type Lang, type Text } from '../../shared/core-messages';

/** Where a problem is in the files, as the import answer names it (spec/cli.md). */
interface ProblemPlace {
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
}

/** A problem in a file, keyed: said in words only in the answer, in the language of whoever asked. */
export interface Problem extends ProblemPlace {
  text: Text;
}

/** A problem as the import answers it: the shape of its errors and warnings (spec/cli.md). */
export interface SaidProblem extends ProblemPlace {
  message: string;
}

export const sayProblem = (lang: Lang, { text: t, ...where }: Problem): SaidProblem => ({ ...where, message: say(lang, t) });

/** A cell that a spreadsheet could not give a value for (#N/A, a formula never calculated). */
export class CellError {
  constructor(readonly text: Text) {}
}

export type Cell = string | number | boolean | Date | CellError | null;

export interface RawRow {
  /** The row number as a spreadsheet shows it. */
  row: number;
  /** Cells by column name (only the named columns of the header; an absent cell is empty). */
  cells: Map<string, Cell>;
}

/** A sheet as read: its columns and how many rows it gave (the rows went to the row sink). */
export interface SheetRows {
  file: string;
  sheet: SheetName;
  columns: string[];
  rows: number;
}

export interface ReadResult {
  sheets: SheetRows[];
  errors: Problem[];
  warnings: Problem[];
}

/** Receives every non-empty data row of a register sheet as it is read. */
export type RowSink = (sheet: SheetName, row: RawRow) => void;

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

/** A file name's hint of its sheet, for a header that fits several equally (activities.csv, overdoses.csv, care.csv). */
const NAME_HINT: Record<Exclude<SheetName, 'visits'>, RegExp> = { activities: /activit/i, overdoses: /overdos/i, care: /(^|[^a-z])care/i };

/**
 * Picks the sheet of a CSV file from its header: a sheet whose own columns (ONLY_COLUMNS) the
 * header names, when it names at least as many of that sheet's columns as of the visits sheet's;
 * visits otherwise. When a header fits visits and another sheet equally (date, site, staff), the
 * file's name decides.
 */
function sheetOfHeader(names: string[], fileName: string): SheetName {
  const fits = (sheet: SheetName) => names.filter((n) => COLUMNS[sheet].includes(n)).length;
  const visits = fits('visits');
  let best: SheetName = 'visits';
  let bestFits = -1;
  for (const sheet of SHEET_NAMES) {
    if (sheet === 'visits' || !names.some((n) => ONLY_COLUMNS[sheet].includes(n))) continue;
    const f = fits(sheet);
    if (f >= visits && f > bestFits) {
      best = sheet;
      bestFits = f;
    }
  }
  if (best !== 'visits') return best;
  const base = fileName.replace(/^.*[\\/]/, '');
  for (const sheet of SHEET_NAMES) {
    if (sheet !== 'visits' && fits(sheet) === visits && NAME_HINT[sheet].test(base)) return sheet;
  }
  return 'visits';
}

/**
 * Turns a header row and then its data rows into rows of named cells, one by one, checking
 * the header: unknown, repeated and unnamed columns are errors (typos must not silently drop
 * data). Work per row is bounded by the columns of that row: a very wide header is no slower
 * than its width (each unnamed column is looked at only until it is found to hold a value).
 */
class SheetBuilder {
  private names: Array<string | null> = [];
  /** Columns without a header name, not yet found holding a value. */
  private unnamed = new Set<number>();
  private headerRow = 0;
  private isRegister = false;
  private count = 0;
  started = false;

  constructor(
    private readonly file: string,
    readonly sheet: SheetName,
    private readonly errors: Problem[],
    private readonly onRow: RowSink,
  ) {}

  header(headerRow: number, header: Cell[]): void {
    const { file, sheet, errors } = this;
    const known = COLUMNS[sheet];
    const errorsBefore = errors.length;
    const seen = new Map<string, number>();
    this.started = true;
    this.headerRow = headerRow;
    header.forEach((cell, i) => {
      const name = cell === null || cell instanceof CellError || cell instanceof Date ? '' : String(cell).trim().toLowerCase();
      const where = columnLetter(i);
      if (name === '') {
        this.unnamed.add(i);
        this.names.push(null);
        return;
      }
      if (seen.has(name)) {
        errors.push({ file, sheet, row: headerRow, column: name, text: text('header.twice', { name, first: columnLetter(seen.get(name)!), second: where }) });
        this.names.push(null);
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
          text: text('header.unknown', { name: nameLike ? name : null, letter: where, sheet, hint }),
        });
        this.names.push(null);
        return;
      }
      this.names.push(name);
    });
    if (![...seen.keys()].some((n) => known.includes(n))) {
      errors.splice(errorsBefore);
      errors.push({ file, sheet, row: headerRow, column: null, text: text('header.none', { row: headerRow }) });
      return;
    }
    this.isRegister = true;
    if (!seen.has('date')) errors.push({ file, sheet, row: headerRow, column: 'date', text: text('header.no_date') });
    if (sheet === 'activities' && !seen.has('type')) errors.push({ file, sheet, row: headerRow, column: 'type', text: text('header.no_type') });
  }

  row(row: number, raw: Cell[]): void {
    if (!this.isRegister || raw.every(isEmptyCell)) return;
    const { file, sheet, errors, names } = this;
    for (const i of this.unnamed) {
      if (!isEmptyCell(raw[i] ?? null)) {
        const where = columnLetter(i);
        errors.push({ file, sheet, row: this.headerRow, column: where, text: text('header.unnamed', { letter: where }) });
        this.unnamed.delete(i);
      }
    }
    const cells = new Map<string, Cell>();
    for (let i = 0; i < names.length && i < raw.length; i++) {
      const n = names[i];
      const c = raw[i];
      if (n !== null && c !== null && c !== undefined && c !== '') cells.set(n, c);
    }
    for (let i = names.length; i < raw.length; i++) {
      if (!isEmptyCell(raw[i] ?? null)) {
        errors.push({ file, sheet, row, column: columnLetter(i), text: text('row.beyond_header', { letter: columnLetter(i) }) });
        break;
      }
    }
    this.count++;
    this.onRow(sheet, { row, cells });
  }

  result(): SheetRows {
    return { file: this.file, sheet: this.sheet, columns: this.isRegister ? this.names.filter((n): n is string => n !== null) : [], rows: this.count };
  }
}

const fileProblem = (file: string, t: Text): ReadResult => ({ sheets: [], errors: [{ file, sheet: null, row: null, column: null, text: t }], warnings: [] });


/**
 * The bytes a Lithuanian Excel may write in Windows-1257 besides ASCII: the Lithuanian letters
 * and common punctuation. Any other byte means another code page (or binary), which is refused
 * rather than guessed.
 */
const WINDOWS_1257_ACCEPTED = new Set([...'ĄČĘĖĮŠŲŪŽąčęėįšųūž„“”‘’‚–—…«»°€§·\u00a0']);
const WINDOWS_1257_BYTE_OK: boolean[] = Array.from({ length: 128 }, (_, i) => WINDOWS_1257_ACCEPTED.has(iconv.decode(Buffer.from([128 + i]), 'win1257')));

/** How a CSV's bytes are decoded: UTF-8, or Windows-1257 when every non-ASCII byte is Lithuanian (spec/register-format.md); null: neither. */
function csvEncoding(bytes: Buffer): 'utf8' | 'win1257' | null {
  if (isUtf8(bytes)) return 'utf8';
  for (const b of bytes) if (b >= 128 && !WINDOWS_1257_BYTE_OK[b - 128]) return null;
  return 'win1257';
}

/** Decoded a megabyte at a time: the text of a large register is never held whole (a letter cut at a boundary is kept for the next piece). */
export const CSV_DECODE_BYTES = 1 << 20;

function* csvPieces(bytes: Buffer, encoding: 'utf8' | 'win1257'): Generator<string> {
  const decoder = encoding === 'utf8' ? new TextDecoder('utf-8', { ignoreBOM: false }) : null;
  for (let at = 0; at < bytes.length; at += CSV_DECODE_BYTES) {
    const piece = bytes.subarray(at, at + CSV_DECODE_BYTES);
    // Windows-1257 is one byte a character: nothing is ever cut.
    const text = decoder ? decoder.decode(piece, { stream: true }) : iconv.decode(piece, 'win1257');
    if (text !== '') yield text;
  }
  const rest = decoder ? decoder.decode() : '';
  if (rest !== '') yield rest;
}

/** Whether the bytes hold nothing but white space (and a byte-order mark). */
function isBlank(bytes: Buffer): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}

/** The delimiter of the header row (the first line with anything on it): a semicolon when it has more of them than commas (Lithuanian Excel). Both are ASCII in either encoding. */
function delimiterOf(bytes: Buffer): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let seen = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 10) {
      if (seen) break;
      continue;
    }
    if (b !== 32 && b !== 9 && b !== 13) seen = true;
    if (b === 44) commas++;
    else if (b === 59) semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The shape of a CSV's bytes, counted before any parsing: the lines, and the most commas or
 * semicolons on one line. A parser given a 200 MB line of commas (or of line breaks) would build
 * an array no process survives (V8 aborts the whole process, worker or not); these two counts
 * refuse such a file first. Only bytes 10, 44 and 59 are counted; nothing is interpreted.
 */
function csvShapeProblem(file: string, bytes: Buffer): Text | null {
  let lines = 1;
  let commas = 0;
  let semicolons = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 10) {
      if (++lines > LIMITS.csvLines) return text('limit.csv_lines', { file });
      commas = 0;
      semicolons = 0;
    } else if (b === 44) {
      if (++commas > LIMITS.csvDelimitersPerLine) return text('limit.csv_delimiters', { file, line: lines });
    } else if (b === 59) {
      if (++semicolons > LIMITS.csvDelimitersPerLine) return text('limit.csv_delimiters', { file, line: lines });
    }
  }
  return null;
}

async function readCsv(file: string, bytes: Buffer, onRow: RowSink): Promise<ReadResult> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fileProblem(file, text('file.utf16'));
  }
  if (bytes.includes(0)) return fileProblem(file, text('file.binary'));
  const shape = csvShapeProblem(file, bytes);
  if (shape) return fileProblem(file, shape);
  const encoding = csvEncoding(bytes);
  if (encoding === null) return fileProblem(file, text('file.encoding'));
  if (isBlank(bytes)) return fileProblem(file, text('file.empty'));
  const errors: Problem[] = [];
  let builder: SheetBuilder | null = null;
  let record = 0;
  let refused: Text | null = null;
  const pieces = Readable.from(csvPieces(bytes, encoding));
  let failed = false;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(pieces, {
      header: false,
      delimiter: delimiterOf(bytes),
      skipEmptyLines: false,
      step: (result, parser) => {
        record++;
        const cells = result.data;
        const where = { at: 'row', row: record } as const;
        if (record > LIMITS.rows) refused = text('limit.rows', { file, where: { at: 'rows_read', rows: LIMITS.rows } });
        else if (cells.length > LIMITS.columns) refused = text('limit.columns', { file, where });
        else if (cells.some((c) => c.length > LIMITS.cellChars)) refused = text('limit.cell_chars', { file, where });
        if (refused !== null) {
          parser.abort();
          pieces.destroy();
          resolve();
          return;
        }
        if (builder === null) {
          if (cells.every((c) => c.trim() === '')) return;
          const names = cells.map((h) => h.trim().toLowerCase());
          builder = new SheetBuilder(file, sheetOfHeader(names, file), errors, onRow);
          builder.header(record, cells);
          return;
        }
        for (const e of result.errors) {
          if (e.type === 'Quotes') errors.push({ file, sheet: builder.sheet, row: record, column: null, text: text('row.quoting', { unclosed: e.code === 'MissingQuotes' }) });
        }
        try {
          builder.row(record, cells);
        } catch (e) {
          // What the row sink throws (a stopped job, a failed write) ends the reading and is the
          // answer. Rejected before the abort: papaparse's abort calls `complete`, and a reading
          // that was stopped must never look like one that ended (its caller would commit).
          failed = true;
          reject(e);
          parser.abort();
          pieces.destroy();
        }
      },
      complete: () => {
        if (!failed) resolve();
      },
      error: (e) => {
        failed = true;
        reject(e);
      },
    });
  });
  if (refused !== null) return fileProblem(file, refused);
  const sheet = builder as SheetBuilder | null;
  return { sheets: sheet ? [sheet.result()] : [], errors, warnings: [] };
}

function cellOf(v: XlsxValue): Cell {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    return new CellError(v.error === 'formula without a saved result' ? text('cell.formula_unsaved') : text('cell.spreadsheet_error', { error: v.error }));
  }
  return v;
}

const REGISTER_SHEETS: readonly string[] = SHEET_NAMES;

async function readXlsx(file: string, bytes: Buffer, onRow: RowSink): Promise<ReadResult> {
  let checked: Awaited<ReturnType<typeof checkWorkbook>>;
  try {
    checked = await checkWorkbook(file, bytes);
  } catch (e) {
    if (e instanceof FileRefusal) return fileProblem(file, e.text);
    throw e;
  }
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const wanted = (n: string) => REGISTER_SHEETS.includes(n.trim().toLowerCase());
  for (const name of checked.sheetNames) {
    if (!wanted(name)) warnings.push({ file, sheet: name, row: null, column: null, text: text('sheet.not_register', { sheet: name }) });
  }
  if (!checked.sheetNames.some(wanted)) return { sheets: [], errors: [{ file, sheet: null, row: null, column: null, text: text('sheet.none') }], warnings };
  const sheets: SheetRows[] = [];
  const taken = new Set<string>();
  // What the row sink throws (a stopped job, a failed write) is the answer, never "cannot be read".
  const sink = { failure: null as { error: unknown } | null };
  const toSink: RowSink = (sheet, row) => {
    try {
      onRow(sheet, row);
    } catch (error) {
      sink.failure = { error };
      throw error;
    }
  };
  try {
    for await (const ws of readWorkbookSheets(checked.stream())) {
      const name = ws.name.trim().toLowerCase() as SheetName;
      const read = wanted(ws.name) && !taken.has(name);
      if (wanted(ws.name) && taken.has(name)) errors.push({ file, sheet: ws.name, row: null, column: null, text: text('sheet.twice', { sheet: name }) });
      taken.add(name);
      const builder = new SheetBuilder(file, name, errors, toSink);
      for await (const r of ws.rows) {
        if (!read) continue;
        const cells = r.cells.map(cellOf);
        if (!builder.started) {
          if (!cells.every(isEmptyCell)) builder.header(r.row, cells);
        } else builder.row(r.row, cells);
      }
      if (read && builder.started) sheets.push(builder.result());
    }
  } catch {
    if (sink.failure) throw sink.failure.error;
    return fileProblem(file, text('file.exceljs', { file }));
  }
  return { sheets, errors, warnings };
}

/**
 * Reads one register file, handing each data row to `onRow` as it is read; CSV or .xlsx is
 * told by the content (an .xlsx is a zip). A file over a limit gives one file-level problem.
 */
export async function readRegisterFile(file: string, bytes: Buffer, onRow: RowSink): Promise<ReadResult> {
  if (bytes.length === 0) return fileProblem(file, text('file.empty'));
  if (bytes.length > LIMITS.fileBytes) return fileProblem(file, text('limit.file_bytes', { file, size: bytes.length }));
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) return readXlsx(file, bytes, onRow);
  if (/\.xlsx$/i.test(file)) return fileProblem(file, text('file.xlsx_not_workbook'));
  if (/\.xls$/i.test(file) || (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)) {
    return fileProblem(file, text('file.xls'));
  }
  return readCsv(file, bytes, onRow);
}
