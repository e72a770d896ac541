// Reading a checked workbook (xlsx-check.ts) with exceljs' streaming reader, row by row.
//
// One fix to exceljs 4.4.0 (pinned): its XML reader decodes every chunk of a part on its own
// (utils/browser-buffer-decode.js), so a Lithuanian letter split across two 16 KB chunks
// became two U+FFFD — measured: 4 of 3,000 strings such as "Kėdainių" came back broken.
// The parts are handed to it as text decoded across chunk boundaries instead; exceljs
// passes strings through untouched. tests/register/hostile.test.ts pins this.
import type * as ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export type XlsxValue = string | number | boolean | Date | { error: string } | null;

export interface XlsxRow {
  /** The row number as the spreadsheet shows it. */
  row: number;
  /** Cells by 0-based column index. */
  cells: XlsxValue[];
}

interface ExcelReaderInternals {
  sharedStrings?: unknown[];
  workbookRels?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

async function* utf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.write(c);
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function excelReader(zip: Readable): Promise<ExcelJS.stream.xlsx.WorkbookReader> {
  const { stream } = await loadExcel();
  const reader = new stream.xlsx.WorkbookReader(zip, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore',
  });
  const r = reader as unknown as ExcelReaderInternals;
  const text = <T>(parse: (entry: Readable) => T) => (entry: Readable): T => {
    entry.setEncoding('utf8');
    return parse(entry);
  };
  r._parseRels = text(r._parseRels.bind(reader));
  r._parseWorkbook = text(r._parseWorkbook.bind(reader));
  r._parseStyles = text(r._parseStyles.bind(reader));
  r._parseSharedStrings = text(r._parseSharedStrings.bind(reader));
  const sheet = r._parseWorksheet.bind(reader);
  r._parseWorksheet = (iterator, sheetNo) => sheet(utf8(iterator), sheetNo);
  // The checked zip has these parts first (or not at all): sheets are then read as they come,
  // never spilled to a temporary file (exceljs does that while the tables are unknown).
  r.sharedStrings = [];
  r.workbookRels = [];
  return reader;
}

/** Whether a number format shows a date (for formula results, which exceljs leaves as numbers). */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

const excelDate = (serial: number, date1904: boolean): Date =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

function valueOf(cell: ExcelJS.Cell, date1904: boolean): XlsxValue {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: '#NUM!' };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  if ('error' in o) return { error: String(o.error) };
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result;
    if (result === undefined || result === null) return { error: 'formula without a saved result' };
    if (typeof result === 'number') {
      if (!Number.isFinite(result)) return { error: '#VALUE!' };
      return isDateFormat(cell.numFmt) ? excelDate(result, date1904) : result;
    }
    if (typeof result === 'string') return result;
    return { error: '#VALUE!' };
  }
  return { error: 'an unreadable value' };
}

/** A sheet being read: its name as the workbook spells it, and its rows. */
export interface XlsxSheetRows {
  name: string;
  rows: AsyncIterable<XlsxRow>;
}

/** The worksheets of a checked zip, in the order of the zip, each with its rows. */
export async function* readWorkbookSheets(zip: Readable): AsyncGenerator<XlsxSheetRows> {
  const reader = await excelReader(zip);
  // exceljs keeps the workbook's properties as its parser object (workbook-reader.js).
  const date1904 = () => Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904);
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    yield {
      name,
      rows: (async function* () {
        for await (const row of ws) {
          const cells: XlsxValue[] = [];
          row.eachCell({ includeEmpty: false }, (cell, col) => {
            while (cells.length < col - 1) cells.push(null);
            cells[col - 1] = valueOf(cell, date1904());
          });
          yield { row: row.number, cells };
        }
      })(),
    };
  }
}
