// exceljs, loaded at its first use. It is the largest part of the core's code (with archiver and
// unzipper under it): loaded at start, it cost every start of the core worker and every
// command-line command about 80 ms, though most never write or read a workbook.
import type * as ExcelJS from 'exceljs';

type ExcelModule = typeof ExcelJS;
let loading: Promise<ExcelModule> | null = null;

export function loadExcel(): Promise<ExcelModule> {
  // A CommonJS package: its exports are the default export of the dynamic import under Node's
  // ES modules and bundlers; read them from there when present.
  loading ??= import('exceljs').then((m) => (m as ExcelModule & { default?: ExcelModule }).default ?? m);
  return loading;
}
