// Hard limits on register files, which are untrusted (spec/register-format.md). Each limit
// is refused with one sentence that names the file and the limit (docs/untrusted-files.md);
// nothing is imported then. The values leave room for the largest real register (Excel's
// own maximum of 1,048,576 rows; a 1,000,000-row CSV is about 100 MB) and stop what no
// spreadsheet program writes: zip bombs, million-column rows, megabyte cells.

export const REGISTER_LIMITS = {
  /** Size of one file as given (CSV or .xlsx). */
  fileBytes: 256 * 1024 * 1024,
  /** Parts (zip entries) of one workbook; Excel writes about a dozen. */
  zipEntries: 1_000,
  /** All parts of one workbook unpacked together. */
  inflatedBytes: 512 * 1024 * 1024,
  /**
   * Unpacked size over packed size, for a workbook that unpacks to more than
   * `ratioFloorBytes`; real workbooks stay below about 30, zip bombs reach 1,000.
   */
  inflateRatio: 100,
  ratioFloorBytes: 10 * 1024 * 1024,
  /** Rows of one sheet, header included: Excel's own maximum. */
  rows: 1_048_576,
  /** Columns of one row; the register has fewer than 40. */
  columns: 256,
  /** Characters of one cell: Excel's own maximum. */
  cellChars: 32_767,
  /**
   * Lines of a CSV file (a quoted cell may hold line breaks, so twice the rows), and delimiters
   * on one line (a quoted cell may hold commas): counted in the bytes before any parsing, so that
   * no file can make the parser build an array no process survives.
   */
  csvLines: 2 * 1_048_576,
  csvDelimitersPerLine: 65_536,
  /** Shared strings of a workbook, and their characters together (exceljs keeps them all in memory). */
  sharedStrings: 2_000_000,
  sharedStringChars: 64 * 1024 * 1024,
} as const;

const L = REGISTER_LIMITS;
const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
const n = (x: number): string => x.toLocaleString('en-US');

/** The sentences of the limits, each naming the file and the limit. */
export const limitSentence = {
  fileBytes: (file: string, size: number) =>
    `${file} is ${mb(size)}; a register file may be at most ${mb(L.fileBytes)}: split it into several files (for example one per year).`,
  zipEntries: (file: string) =>
    `${file} holds more than ${n(L.zipEntries)} parts, which no spreadsheet program writes; it was not opened.`,
  inflatedBytes: (file: string) =>
    `${file} unpacks to more than ${mb(L.inflatedBytes)}, the most a register workbook may hold; it was not opened (split it into several files, or save it as CSV UTF-8).`,
  inflateRatio: (file: string) =>
    `${file} is packed more than ${L.inflateRatio} times tighter than any spreadsheet (a "zip bomb"); it was not opened.`,
  rows: (file: string, where: string) =>
    `${file} has more than ${n(L.rows)} rows (${where}), the most a register may have: split it into several files.`,
  columns: (file: string, where: string) =>
    `${file} has more than ${n(L.columns)} columns (${where}), the most a register row may have.`,
  csvLines: (file: string) =>
    `${file} has more than ${n(L.csvLines)} lines, more than a register may have: split it into several files.`,
  csvDelimiters: (file: string, line: number) =>
    `${file} has more than ${n(L.csvDelimitersPerLine)} separators on line ${n(line)}, which no register row has; it was not read.`,
  sharedStrings: (file: string) =>
    `${file} holds more than ${n(L.sharedStrings)} different texts (or more than ${mb(L.sharedStringChars * 2)} of them), more than a register workbook may: split it into several files, or save it as CSV UTF-8.`,
  cellChars: (file: string, where: string) =>
    `${file} has a cell longer than ${n(L.cellChars)} characters (${where}), the most a register cell may hold.`,
};
