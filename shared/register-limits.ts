// Hard limits on register files, which are untrusted (spec/register-format.md). Each limit
// is refused with one sentence that names the file and the limit (docs/untrusted-files.md,
// the messages of shared/core-messages); nothing is imported then. The values leave room for
// the largest real register (Excel's own maximum of 1,048,576 rows; a 1,000,000-row CSV is
// about 100 MB) and stop what no spreadsheet program writes: zip bombs, million-column rows,
// megabyte cells.

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
