// The gate in front of exceljs for untrusted .xlsx files (docs/untrusted-files.md).
//
// exceljs reads values well, but it trusts its input: it unzips with no size limit, reads
// local zip headers (so entries hidden from the central directory, or a second
// `sheet1.xml`, are read too), never reports XML that ends inside an open tag, reads an
// out-of-range or empty shared-string index as an empty cell, drops CDATA, keeps only the
// last run of a rich inline string and decodes entities of inline strings twice. So before
// exceljs sees a byte:
//
// 1. yauzl reads the central directory: entry count, duplicate names, declared sizes and
//    ratio are checked before anything is inflated; every entry is then inflated with
//    yauzl's size validation and counted, stopping at the limit.
// 2. saxes (the XML parser exceljs itself uses) reads the parts exceljs will read, strictly
//    (well-formed to the end, no DTD, no CDATA), and checks the structure of the sheets:
//    cell references, rows, columns, cell lengths and shared-string indices.
// 3. exceljs then reads a zip written by yazl from the checked entries only, parts in the
//    order it needs them (so it never spills a sheet to an unencrypted temporary file) and
//    stored uncompressed (the checked XML cannot contain the bytes exceljs' unzipper scans for).
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { Transform, type Readable } from 'node:stream';
import { REGISTER_LIMITS as LIMITS } from './limits';
import { say, text, type Text, type XlsxDamage } from '../../shared/core-messages';

/** A file refused before it was read: `text` is the message for the person importing. */
export class FileRefusal extends Error {
  constructor(readonly text: Text) {
    super(say('en', text));
  }
}

/** Worksheet parts as exceljs recognises them (workbook-reader.js: unanchored, on purpose the same). */
export const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED = 'xl/sharedStrings.xml';
const CELL_TYPES = new Set(['n', 's', 'str', 'inlineStr', 'b', 'e']);
const CELL_REF = /^([A-Z]{1,3})([1-9]\d{0,6})$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** What exceljs' utils.xmlDecode would decode a second time in inline strings. */
const ENTITY_TEXT = /&(lt|gt|amp|apos|quot);/;
const EXCEL_MAX_ROW = 1_048_576;

export interface CheckedWorkbook {
  /** Sheet names in workbook order. */
  sheetNames: string[];
  /** The zip exceljs reads: the checked parts only, in reading order. */
  stream(): Readable;
}

const colNumber = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const shown = (s: string | undefined): string => (s ?? '').slice(0, 60);

function openZip(file: string, bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new FileRefusal(text('xlsx.not_zip', { file })));
      else resolve(zip);
    });
  });
}

async function entriesOf(file: string, zip: ZipFile): Promise<Entry[]> {
  if (zip.entryCount > LIMITS.zipEntries) throw new FileRefusal(text('limit.zip_entries', { file }));
  const out: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', () => reject(new FileRefusal(text('xlsx.bad_directory', { file }))));
    zip.readEntry();
  });
  return out;
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))));
}

/** The central directory's checks, before anything is inflated. */
function checkDirectory(file: string, size: number, entries: Entry[]): void {
  const damaged = (why: XlsxDamage) => new FileRefusal(text('xlsx.damaged', { file, why }));
  const names = new Set<string>();
  const sheetNumbers = new Set<string>();
  let declared = 0;
  for (const e of entries) {
    const key = e.fileName.toLowerCase();
    if (names.has(key)) throw damaged({ why: 'part_twice', part: shown(e.fileName) });
    names.add(key);
    const sheet = SHEET_PART.exec(e.fileName);
    if (sheet) {
      if (sheetNumbers.has(sheet[1])) throw damaged({ why: 'sheet_twice', sheet: sheet[1] });
      sheetNumbers.add(sheet[1]);
    }
    if (e.isEncrypted()) throw new FileRefusal(text('xlsx.encrypted', { file }));
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8) throw damaged({ why: 'packing', part: shown(e.fileName) });
    declared += e.uncompressedSize;
  }
  if (declared > LIMITS.inflatedBytes) throw new FileRefusal(text('limit.inflated_bytes', { file }));
  if (declared > LIMITS.ratioFloorBytes && declared / Math.max(size, 1) > LIMITS.inflateRatio) throw new FileRefusal(text('limit.inflate_ratio', { file }));
  if (!names.has(WORKBOOK)) throw new FileRefusal(text('xlsx.no_workbook_part', { file }));
}

/** The strict XML reading of one part; `refuse` stops it with a sentence. */
interface PartReader {
  parser: SaxesParser;
  finish(): void;
}

type Refuse = (why: XlsxDamage) => never;

function strictParser(refuse: Refuse): SaxesParser {
  const p = new SaxesParser({ position: true });
  p.on('error', (e) => refuse({ why: 'xml_broken', detail: e.message.replace(/^[^:]*:\d+:\d+: /, '').slice(0, 60) }));
  p.on('doctype', () => refuse({ why: 'dtd' }));
  p.on('cdata', () => refuse({ why: 'cdata' }));
  return p;
}

function rootMustBe(name: string, refuse: Refuse) {
  let seen = false;
  return (tag: SaxesTagPlain) => {
    if (!seen && tag.name !== name) refuse({ why: 'xml_prefix', tag: tag.name.slice(0, 30), expected: name });
    seen = true;
  };
}

/** Shared strings: counted (the sheets' indices are checked against the count), no phonetic runs. */
function sharedStringsReader(file: string, refuse: Refuse, counted: (n: number) => void): PartReader {
  const p = strictParser(refuse);
  const root = rootMustBe('sst', refuse);
  const stack: string[] = [];
  let count = 0;
  let length = 0;
  let chars = 0;
  p.on('opentag', (tag) => {
    root(tag);
    if (tag.name === 'si') {
      // exceljs keeps every shared string in memory: a flood of them is refused before it reads one.
      if (count >= LIMITS.sharedStrings) throw new FileRefusal(text('limit.shared_strings', { file }));
      if (stack[stack.length - 1] !== 'sst') refuse({ why: 'nested_string' });
      length = 0;
    }
    if (tag.name === 'rPh') refuse({ why: 'phonetic' });
    stack.push(tag.name);
  });
  p.on('text', (t) => {
    length += t.length;
    chars += t.length;
    if (length > LIMITS.cellChars) throw new FileRefusal(text('limit.cell_chars', { file, where: { at: 'shared_strings' } }));
    if (chars > LIMITS.sharedStringChars) throw new FileRefusal(text('limit.shared_strings', { file }));
  });
  p.on('closetag', (tag) => {
    stack.pop();
    if (tag.name === 'si') count++;
  });
  return { parser: p, finish: () => counted(count) };
}

interface CellState {
  t: string;
  v: string | null;
  formula: boolean;
  texts: number;
  text: string;
  runs: boolean;
}

/** A worksheet: rows and cells where exceljs expects them, references in order and within the limits. */
function sheetReader(file: string, sheet: number, refuse: Refuse, usesShared: (index: number) => void): PartReader {
  const p = strictParser(refuse);
  const root = rootMustBe('worksheet', refuse);
  const stack: string[] = [];
  let rows = 0;
  let row = 0;
  let col = 0;
  let cell: CellState | null = null;
  let collecting: 'v' | 't' | 'f' | null = null;
  let length = 0;
  p.on('opentag', (tag) => {
    root(tag);
    const parent = stack[stack.length - 1];
    stack.push(tag.name);
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'row': {
        if (parent !== 'sheetData') refuse({ why: 'row_outside', sheet });
        const r = a.r;
        if (r === undefined || !/^[1-9]\d{0,6}$/.test(r) || Number(r) <= row || Number(r) > EXCEL_MAX_ROW) {
          refuse({ why: 'row_number', sheet, value: shown(r) });
        }
        rows++;
        if (rows > LIMITS.rows) throw new FileRefusal(text('limit.rows', { file, where: { at: 'sheet', sheet } }));
        row = Number(r);
        col = 0;
        return;
      }
      case 'c': {
        if (parent !== 'row') refuse({ why: 'cell_outside', sheet });
        const m = CELL_REF.exec(a.r ?? '');
        if (!m || Number(m[2]) !== row) refuse({ why: 'cell_not_of_row', sheet, row, ref: shown(a.r) });
        const c = colNumber(m[1]);
        if (c > LIMITS.columns) throw new FileRefusal(text('limit.columns', { file, where: { at: 'sheet', sheet, row } }));
        if (c <= col) refuse({ why: 'cell_order', sheet, ref: shown(a.r) });
        col = c;
        const t = a.t ?? 'n';
        if (t === 'd') refuse({ why: 'iso_date', sheet, ref: m[0] });
        if (!CELL_TYPES.has(t)) refuse({ why: 'cell_type', sheet, ref: m[0], type: shown(t) });
        cell = { t, v: null, formula: false, texts: 0, text: '', runs: false };
        return;
      }
      case 'v':
      case 'f':
      case 'is':
        if (parent !== 'c' || !cell) refuse({ why: 'value_outside', sheet });
        if (tag.name === 'v') cell.v = '';
        if (tag.name === 'f') cell.formula = true;
        collecting = tag.name === 'is' ? null : tag.name;
        length = 0;
        return;
      case 't':
        if (cell && parent === 'is') {
          cell.texts++;
          collecting = 't';
          length = 0;
        } else if (cell) cell.runs = true;
        return;
      case 'r':
      case 'rPh':
        if (cell) cell.runs = true;
        return;
      default:
        if (cell) refuse({ why: 'unexpected_tag', sheet, tag: tag.name.slice(0, 30) });
    }
  });
  p.on('text', (chunk) => {
    if (!collecting || !cell) return;
    length += chunk.length;
    if (length > LIMITS.cellChars) throw new FileRefusal(text('limit.cell_chars', { file, where: { at: 'sheet', sheet, row } }));
    if (collecting === 'v') cell.v += chunk;
    else if (collecting === 't') cell.text += chunk;
  });
  p.on('closetag', (tag) => {
    stack.pop();
    if (tag.name === 'v' || tag.name === 'f' || tag.name === 't') collecting = null;
    if (tag.name !== 'c' || !cell) return;
    const c: CellState = cell;
    cell = null;
    const at = { sheet, row, col };
    switch (c.t) {
      case 's':
        if (c.v !== null) {
          if (!/^\d{1,9}$/.test(c.v)) refuse({ why: 'shared_index', at, value: shown(c.v) });
          usesShared(Number(c.v));
        }
        return;
      case 'n':
        if (c.v !== null && !NUMBER.test(c.v)) refuse({ why: 'not_number', at, value: shown(c.v) });
        return;
      case 'b':
        if (c.formula) refuse({ why: 'bool_formula', at });
        if (c.v !== null && c.v !== '0' && c.v !== '1') refuse({ why: 'not_bool', at, value: shown(c.v) });
        return;
      case 'inlineStr':
        if (c.runs || c.texts > 1) refuse({ why: 'rich_text', at });
        if (ENTITY_TEXT.test(c.text)) refuse({ why: 'entity', at });
        return;
      case 'str':
        if (c.v !== null && ENTITY_TEXT.test(c.v)) refuse({ why: 'entity', at });
        return;
      default:
    }
  });
  return { parser: p, finish: () => undefined };
}

/** The workbook part: sheet names and their relationship ids. */
function workbookReader(refuse: Refuse, sheets: Array<{ name: string; rid: string }>): PartReader {
  const p = strictParser(refuse);
  const root = rootMustBe('workbook', refuse);
  p.on('opentag', (tag) => {
    root(tag);
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'sheet') sheets.push({ name: a.name ?? '', rid: a['r:id'] ?? '' });
  });
  return { parser: p, finish: () => undefined };
}

function relsReader(refuse: Refuse, targets: Map<string, string>): PartReader {
  const p = strictParser(refuse);
  p.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'Relationship' && a.Id) targets.set(a.Id, a.Target ?? '');
  });
  return { parser: p, finish: () => undefined };
}

/** Inflates one entry, counting against the running total; feeds the XML reader if any. */
async function drain(file: string, zip: ZipFile, entry: Entry, total: { bytes: number }, reader: PartReader | null, refuse: Refuse): Promise<void> {
  let stream: Readable;
  try {
    stream = await openEntry(zip, entry);
  } catch {
    refuse({ why: 'unpack', part: shown(entry.fileName) });
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total.bytes += chunk.length;
      if (total.bytes > LIMITS.inflatedBytes) throw new FileRefusal(text('limit.inflated_bytes', { file }));
      if (reader) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          refuse({ why: 'not_utf8', part: shown(entry.fileName) });
        }
        reader.parser.write(text);
      }
    }
    if (reader) {
      reader.parser.close();
      reader.finish();
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof FileRefusal) throw e;
    // yauzl: more bytes than the entry declares, or a broken deflate stream.
    throw new FileRefusal(/too many bytes|expected \d+ bytes/i.test(String(e))
      ? text('limit.inflate_ratio', { file })
      : text('xlsx.damaged', { file, why: { why: 'part_damaged', part: shown(entry.fileName) } }));
  }
}

/**
 * Checks an .xlsx file completely (limits, zip structure, XML of every part exceljs reads)
 * and answers the zip exceljs may read. Throws FileRefusal with the sentence otherwise.
 */
export async function checkWorkbook(file: string, bytes: Buffer): Promise<CheckedWorkbook> {
  const zip = await openZip(file, bytes);
  try {
    const entries = await entriesOf(file, zip);
    checkDirectory(file, bytes.length, entries);
    const total = { bytes: 0 };
    const sheets: Array<{ name: string; rid: string }> = [];
    const targets = new Map<string, string>();
    let sharedCount = 0;
    let maxShared = -1;
    let maxSharedAt = 0;
    for (const entry of [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader)) {
      const name = entry.fileName;
      const refuse: Refuse = (why) => {
        throw new FileRefusal(text('xlsx.damaged', { file, why }));
      };
      const sheetNo = SHEET_PART.exec(name)?.[1];
      let reader: PartReader | null = null;
      if (sheetNo !== undefined) {
        const sheet = Number(sheetNo);
        reader = sheetReader(file, sheet, refuse, (i) => {
          if (i > maxShared) {
            maxShared = i;
            maxSharedAt = sheet;
          }
        });
      } else if (name === SHARED) reader = sharedStringsReader(file, refuse, (n) => (sharedCount = n));
      else if (name === WORKBOOK) reader = workbookReader(refuse, sheets);
      else if (name === WORKBOOK_RELS) reader = relsReader(refuse, targets);
      else if (name === STYLES) reader = { parser: strictParser(refuse), finish: () => undefined };
      await drain(file, zip, entry, total, reader, refuse);
    }
    if (maxShared >= sharedCount) {
      throw new FileRefusal(text('xlsx.damaged', { file, why: { why: 'shared_missing', sheet: maxSharedAt, index: maxShared + 1, count: sharedCount } }));
    }
    // exceljs names a sheet only when its relationship targets worksheets/sheetN.xml.
    const present = new Set(entries.map((e) => e.fileName));
    for (const s of sheets) {
      const target = targets.get(s.rid) ?? '';
      const m = /^worksheets\/sheet(\d+)\.xml$/.exec(target);
      if (!m || !present.has(`xl/${target}`)) {
        throw new FileRefusal(text('xlsx.damaged', { file, why: { why: 'sheet_elsewhere', name: shown(s.name) } }));
      }
    }
    const order = [WORKBOOK, WORKBOOK_RELS, STYLES, SHARED];
    const parts = [
      ...order.map((n) => entries.find((e) => e.fileName === n)).filter((e): e is Entry => e !== undefined),
      ...entries.filter((e) => SHEET_PART.test(e.fileName)),
    ];
    return { sheetNames: sheets.map((s) => s.name), stream: () => rezip(bytes, parts) };
  } finally {
    zip.close();
  }
}

/** The checked parts again, through yauzl (sizes validated again) into a stored zip by yazl. */
function rezip(bytes: Buffer, parts: Entry[]): Readable {
  const out = new yazl.ZipFile();
  const pass = new Transform({ transform: (chunk, _enc, done) => done(null, chunk) });
  yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
    if (err || !zip) {
      pass.destroy(err ?? new Error('cannot reopen'));
      return;
    }
    // Entries are matched by offset: the checked list is the central directory read above.
    const wanted = new Map(parts.map((p) => [p.relativeOffsetOfLocalHeader, p.fileName]));
    const found = new Map<string, Entry>();
    zip.on('entry', (e: Entry) => {
      if (wanted.get(e.relativeOffsetOfLocalHeader) === e.fileName) found.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('error', (e: Error) => pass.destroy(e));
    zip.on('end', () => {
      void (async () => {
        for (const p of parts) {
          const e = found.get(p.fileName);
          if (!e) throw new Error('part vanished');
          out.addReadStream(await openEntry(zip, e), p.fileName, { compress: false });
        }
        out.end();
      })().catch((e: unknown) => pass.destroy(e instanceof Error ? e : new Error(String(e))));
    });
    zip.readEntry();
  });
  out.outputStream.on('error', (e: Error) => pass.destroy(e));
  return out.outputStream.pipe(pass);
}
