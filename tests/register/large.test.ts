// 50,000 rows: generated here (never committed), imported in one transaction in reasonable
// time, exported back; and a 50,000-row file with two bad rows refused with their numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, fileHash, removeDir, tempDb, type TempDb } from './helpers';
import { importRegister } from '../../db/register/import';
import { exportRegister } from '../../db/register/export';
import ExcelJS from 'exceljs';
import { VISIT_COLUMNS } from '../../db/register/columns';

const ROWS = 50_000;
const HEADER = 'date,client_code,anonymous_count,sex,birth_year,injects,kind,site,staff,syringes_out,syringes_in,alcohol_pads,consultation,test_type,hiv_result,note';

function code(i: number): string {
  const letters = [0, 1, 2, 3].map((k) => String.fromCharCode(65 + (Math.floor(i / 26 ** k) % 26))).join('');
  return `${letters}${1 + (i % 2)}${1950 + (i % 50)}`;
}

/** Deterministic rows: 4,500 clients, anonymous outreach contacts, a few tests. */
function rows(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    // 700 days up to 2024-05-31, before the helpers' today (2024-06-30): a visit after today is refused.
    const day = new Date(Date.UTC(2022, 6, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10);
    if (i % 10 === 9) {
      out.push(`${day},,${1 + (i % 4)},,,,outreach,Place ${i % 7},worker${i % 3},${i % 9},,2,,,,`);
    } else {
      const c = i % 5000;
      const test = i % 97 === 0 ? 'rapid_hiv,negative' : ',';
      out.push(`${day},${code(c)},,${c % 2 ? 'female' : 'male'},${1950 + (c % 50)},yes,cabinet,Cabinet ${i % 3},worker${i % 4},${i % 20},${i % 15},${i % 5},1,${test},row ${i}`);
    }
  }
  return out;
}

const seconds = (t: number) => Math.round((performance.now() - t) / 10) / 100;

describe('50,000 rows', () => {
  let db: TempDb;
  beforeAll(async () => {
    db = await tempDb();
  });
  afterAll(() => {
    db.close();
    removeDir(db.dir);
  });

  it('a file with bad rows among 50,000 is refused with exactly those rows, the database unchanged', async () => {
    const lines = rows(ROWS);
    lines[24_998] = lines[24_998].replace(/^2\d{3}-\d{2}-\d{2}/, '2023-02-31'); // row 25,000
    lines[ROWS - 1] = lines[ROWS - 1].replace(',outreach,', ',outreech,'); // row 50,001
    const before = fileHash(db.path);
    const t = performance.now();
    const r = await importRegister(db.ctx, [{ name: 'big-bad.csv', bytes: csv([HEADER, ...lines]) }], { dryRun: false });
    console.log(`check of 50,000 rows with 2 bad: ${seconds(t)} s`);
    expect(r.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['25000:date', '50001:kind']);
    expect(fileHash(db.path)).toBe(before);
  });

  it('imports 50,000 CSV rows in one transaction in reasonable time, and exports them back', async () => {
    const bytes = csv([HEADER, ...rows(ROWS)]);
    let t = performance.now();
    const r = await importRegister(db.ctx, [{ name: 'big.csv', bytes }], { dryRun: false });
    const importSeconds = seconds(t);
    expect(r.errors).toEqual([]);
    expect(r.imported).toEqual({ visits: ROWS, activities: 0, overdoses: 0, care: 0, clients_created: 4500 });
    t = performance.now();
    const asCsv = await exportRegister(db.ctx.store, 'csv');
    const csvSeconds = seconds(t);
    t = performance.now();
    const asXlsx = await exportRegister(db.ctx.store, 'xlsx');
    const xlsxSeconds = seconds(t);
    console.log(`import of 50,000 CSV rows (${(bytes.length / 1e6).toFixed(1)} MB): ${importSeconds} s; export CSV ${csvSeconds} s (${(asCsv.files[0].bytes.length / 1e6).toFixed(1)} MB), XLSX ${xlsxSeconds} s (${(asXlsx.files[0].bytes.length / 1e6).toFixed(1)} MB)`);
    expect(asCsv.rows).toBe(ROWS);
    // Generous bounds for a loaded 2-core CI machine; the measured figures are printed above.
    expect(importSeconds).toBeLessThan(60);
    expect(csvSeconds + xlsxSeconds).toBeLessThan(60);
  });

  it('imports 50,000 rows from an .xlsx workbook', async () => {
    const target = await tempDb();
    try {
      const header = HEADER.split(',');
      const data = rows(ROWS).map((l) => l.split(',').map((v, i) => (v === '' ? null : /^(syringes|alcohol|consultation|anonymous|birth)/.test(header[i]) ? Number(v) : v)));
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('visits');
      ws.addRow(header);
      for (const row of data) ws.addRow(row);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      expect(header.every((h) => (VISIT_COLUMNS as readonly string[]).includes(h))).toBe(true);
      const t = performance.now();
      const r = await importRegister(target.ctx, [{ name: 'big.xlsx', bytes }], { dryRun: false });
      console.log(`import of 50,000 XLSX rows (${(bytes.length / 1e6).toFixed(1)} MB): ${seconds(t)} s`);
      expect(r.errors).toEqual([]);
      expect(r.imported.visits).toBe(ROWS);
    } finally {
      target.close();
      removeDir(target.dir);
    }
    // The workbook is read twice (checked, then written): not a speed test (the bench times imports).
  }, 180_000);
});
