// A small synchronous .xlsx reader: the zip container through node:zlib, the few XML parts a
// register needs (workbook, relationships, shared strings, styles for date cells, sheets).
//
// Why not exceljs here: its reader is asynchronous only, and the core answers every channel
// synchronously (Core.call does not await a service; a whole import is one synchronous
// transaction). Writing .xlsx still uses exceljs. This reader is also several times faster
// than exceljs' `load` on a 50,000-row register and keeps one copy of the sheet in memory.
import { inflateRawSync } from 'node:zlib';

export class XlsxError extends Error {}

export type XlsxCell = string | number | boolean | Date | { error: string } | null;

export interface XlsxRow {
  row: number;
  /** Cells by 0-based column index (sparse arrays are filled with null). */
  cells: XlsxCell[];
}

export interface XlsxSheet {
  name: string;
  rows: XlsxRow[];
}

const MAX_UNZIPPED = 512 * 1024 * 1024;

/** The entries of a zip file, inflated on demand. */
function unzip(buf: Buffer): Map<string, () => Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError('damaged zip directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressed === 0xffffffff || size === 0xffffffff) throw new XlsxError('zip64 workbooks are not supported');
    if (size > MAX_UNZIPPED) throw new XlsxError('a part of the workbook is too large');
    entries.set(name, () => {
      if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new XlsxError('damaged zip entry');
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
      throw new XlsxError('unsupported zip compression');
    });
  }
  return entries;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** The text of all <t> runs in a fragment (shared strings, inline strings, rich text), phonetic runs left out. */
function runsText(fragment: string): string {
  const clean = fragment.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of clean.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += decodeXml(m[1] ?? '');
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** For each cell style index: whether it shows a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
    const a = attrs(m[0]);
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
  if (!xfs) return [];
  const out: boolean[] = [];
  for (const m of xfs[1].matchAll(/<xf\b[^>]*>/g)) {
    const id = Number(attrs(m[0]).numFmtId ?? 0);
    out.push(BUILTIN_DATE_FORMATS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!)));
  }
  return out;
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function serialToDate(serial: number, date1904: boolean): Date {
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(base + Math.floor(serial + 1e-9) * 86_400_000);
}

function parseSheet(xml: string, shared: string[], dates: boolean[], date1904: boolean): XlsxRow[] {
  const rows: XlsxRow[] = [];
  const start = xml.indexOf('<sheetData');
  if (start < 0) return rows;
  const body = xml.slice(start);
  let lastRow = 0;
  for (const rm of body.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const ra = attrs(rm[1]);
    const rowNumber = ra.r ? Number(ra.r) : lastRow + 1;
    lastRow = rowNumber;
    const cells: XlsxCell[] = [];
    let next = 0;
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ca = attrs(cm[1]);
      const idx = ca.r ? colIndex(ca.r) : next;
      next = idx + 1;
      const inner = cm[2] ?? '';
      const vm = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(inner);
      const raw = vm ? decodeXml(vm[1]) : null;
      let value: XlsxCell = null;
      switch (ca.t) {
        case 's':
          value = raw === null ? null : (shared[Number(raw)] ?? null);
          break;
        case 'inlineStr':
          value = runsText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
          break;
        case 'str':
          value = raw;
          break;
        case 'b':
          value = raw === null ? null : raw === '1';
          break;
        case 'e':
          value = { error: raw ?? '#ERROR' };
          break;
        case 'd':
          value = raw === null ? null : new Date(`${raw.slice(0, 10)}T00:00:00Z`);
          break;
        default: {
          if (raw === null || raw === '') {
            value = /<f[\s>/]/.test(inner) ? { error: 'formula without a saved result' } : null;
            break;
          }
          const n = Number(raw);
          value = Number.isFinite(n) ? (dates[Number(ca.s ?? 0)] ? serialToDate(n, date1904) : n) : raw;
        }
      }
      while (cells.length < idx) cells.push(null);
      cells[idx] = value;
    }
    rows.push({ row: rowNumber, cells });
  }
  return rows;
}

/** Reads the sheets whose names pass `want` (names as the workbook spells them). */
export function readXlsxSync(buf: Buffer, want: (name: string) => boolean): { sheetNames: string[]; sheets: XlsxSheet[] } {
  const zip = unzip(buf);
  const text = (name: string): string | null => {
    const get = zip.get(name);
    return get ? get().toString('utf8') : null;
  };
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new XlsxError('no workbook part');
  const rels = text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const date1904 = /<workbookPr\b[^>]*date1904\s*=\s*["'](1|true)["']/.test(workbook);
  const sheetTags = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => attrs(m[0]));
  const sheetNames = sheetTags.map((a) => a.name ?? '');
  const wanted = sheetTags.filter((a) => want(a.name ?? ''));
  if (wanted.length === 0) return { sheetNames, sheets: [] };
  const sharedXml = text('xl/sharedStrings.xml');
  const shared = sharedXml ? [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runsText(m[1] ?? '')) : [];
  const dates = dateStyles(text('xl/styles.xml'));
  const sheets = wanted.map((a) => {
    const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    const path = targets.get(rid);
    const xml = path ? text(path) : null;
    if (xml === null) throw new XlsxError(`sheet ${a.name} is missing`);
    return { name: a.name ?? '', rows: parseSheet(xml, shared, dates, date1904) };
  });
  return { sheetNames, sheets };
}
