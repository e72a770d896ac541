// Cell text on the way out and back in.
//
// A spreadsheet runs a cell that starts with = + - @ (and, in some, a tab or carriage return)
// as a formula: a note such as "=HYPERLINK(…)" typed at the desk must not become one in the
// manager's Excel. Export puts a single quote in front of such text; import takes exactly one
// quote off again, so our own export round-trips. Text that already starts with quotes before
// such a character gets one more, so "'=x" goes out as "''=x" and comes back as "'=x".
// Counts are numbers, never text, so they are never touched: a "-5" in a count column stays
// what it is (a negative count, refused on import), it is not mistaken for neutralised text.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function unneutralise(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/** One CSV field, RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV file: UTF-8 with a byte-order mark (so that Excel shows Lithuanian letters
 * right; import skips it), CRLF line ends as RFC 4180 has them.
 */
export function csvFile(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | null>>): Buffer {
  const parts: string[] = ['\ufeff', header.join(','), '\r\n'];
  for (const row of rows) {
    parts.push(row.map(csvField).join(','), '\r\n');
  }
  return Buffer.from(parts.join(''), 'utf8');
}
