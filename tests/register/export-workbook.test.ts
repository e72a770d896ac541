// The register workbook's form (docs/register.md): a bold header frozen above the rows, column
// widths, text neutralised, counts as numbers, empty cells left out — kept while the writer's
// per-cell style lookup is remembered (db/register/export.ts, rememberEmptyStyles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { exportRegister } from '../../db/register/export';
import { addVisit, removeDir, tempDb, type TempDb } from './helpers';

describe('register XLSX export: the workbook form', () => {
  let db: TempDb;
  let sheet: ExcelJS.Worksheet;
  let columns: string[];
  beforeAll(async () => {
    db = await tempDb();
    addVisit(db.ctx, {
      date: '2024-03-01', clientId: null, anonymousCount: 2, kind: 'cabinet', siteId: null,
      supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 10 }], services: [], note: '=SUM(A1:A2)',
    });
    addVisit(db.ctx, {
      date: '2024-03-02', clientId: null, anonymousCount: 1, kind: 'cabinet', siteId: null,
      supplies: [{ itemKey: 'condom', direction: 'out', quantity: 3 }], services: [],
    });
    const out = await exportRegister(db.ctx.store, 'xlsx', { from: '2024-01-01', to: '2024-12-31' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.files[0].bytes as unknown as ArrayBuffer);
    sheet = book.getWorksheet('visits')!;
    columns = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  }, 60_000);
  afterAll(() => {
    db?.close();
    if (db) removeDir(db.dir);
  });

  const cell = (row: number, column: string) => sheet.getRow(row).getCell(columns.indexOf(column) + 1);

  it('has a bold header, frozen above the rows, and rows that are not bold', () => {
    expect(cell(1, 'date').font?.bold).toBe(true);
    expect(cell(1, 'note').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(cell(2, 'date').font?.bold).not.toBe(true);
    expect(cell(3, 'condoms').font?.bold).not.toBe(true);
  });

  it('gives note 40 characters and date 10 (its name plus two, at least 10)', () => {
    expect(sheet.getColumn(columns.indexOf('note') + 1).width).toBe(40);
    expect(sheet.getColumn(columns.indexOf('date') + 1).width).toBe(10);
  });

  it('writes counts as numbers, formula-like text neutralised, and leaves empty cells out', () => {
    expect(cell(2, 'date').value).toBe('2024-03-01');
    expect(cell(2, 'anonymous_count').value).toBe(2);
    expect(cell(2, 'syringes_out').value).toBe(10);
    expect(cell(2, 'note').value).toBe("'=SUM(A1:A2)");
    expect(cell(3, 'condoms').value).toBe(3);
    expect(cell(3, 'note').value).toBeNull();
    expect(cell(3, 'syringes_out').value).toBeNull();
  });
});
