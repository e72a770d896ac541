// The check finds the stored clients a file names in one of two ways (db/register/import.ts): a
// file that may name a good part of them reads every stored code at once; a smaller one looks its
// new codes up a block of rows at a time. Both must give the same answer, row for row, whichever
// block a code is first met in: a known client's sex contradicted, a merged code's survivor, a new
// code named again in a later block, a stored client named in the first and the last block.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csv, removeDir, tempDb, type TempDb } from './helpers';
import { importRegister, PREFETCH_BLOCK, PRELOAD_FACTOR, type ImportReport } from '../../db/register/import';
import { Store } from '../../db/store';

const ROWS = 2 * PREFETCH_BLOCK + 100;
const HEADER = 'date,client_code,sex,birth_year,site,syringes_out';
const NEW_CODES = 300;

/** The rows of the file: `contradict` puts a known client's other sex in the second block. */
function rows(contradict: boolean): string[] {
  const out = [HEADER];
  for (let k = 0; k < ROWS; k++) {
    const row = k + 2;
    const day = `2024-0${1 + (k % 5)}-${String(1 + (k % 28)).padStart(2, '0')}`;
    let code: string;
    let sex = '';
    if (k === 0 || k === ROWS - 1) code = 'KNOW21985';
    else if (k === PREFETCH_BLOCK + 10) {
      code = 'KNOW21985';
      sex = contradict ? 'male' : 'female';
    } else if (k === 2 * PREFETCH_BLOCK + 5) code = 'OLDC11970';
    else if (k === 3 || k === 2 * PREFETCH_BLOCK + 7) code = 'FILL00007';
    // The new codes: each named in the first block and again a block later.
    else code = `NEW${String(k % NEW_CODES).padStart(3, '0')}11990`;
    out.push(`${day},${code},${sex},,Kabinetas,${1 + (row % 5)}`);
  }
  return out;
}

let db: TempDb | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
  if (db) removeDir(db.dir);
  db = null;
});

/** A database with the known clients and `filler` others; the file checked, then imported without its contradiction. */
async function scenario(filler: number) {
  db = await tempDb();
  const sql = db.ctx.store.sqlite;
  const add = sql.prepare(`INSERT INTO clients (code, sex, birth_year, created_at) VALUES (?, ?, ?, 'now')`);
  const know = Number(add.run('KNOW21985', 'female', 1985).lastInsertRowid);
  const survivor = Number(add.run('SURV11970', 'male', 1970).lastInsertRowid);
  const merged = Number(add.run('OLDC11970', 'male', 1970).lastInsertRowid);
  sql.prepare('UPDATE clients SET merged_into_id = ? WHERE id = ?').run(survivor, merged);
  sql.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO clients (code, sex, created_at) SELECT printf('FILL%05d', i), 'unknown', 'now' FROM n`).run(Math.max(filler, 8) - 1);
  const fill7 = (sql.prepare(`SELECT id FROM clients WHERE code = 'FILL00007'`).get() as { id: number }).id;
  const readAll = vi.spyOn(Store.prototype, 'texts');
  readAll.mockClear();
  const checked: ImportReport = await importRegister(db.ctx, [{ name: 'contra.csv', bytes: csv(rows(true)) }], { dryRun: true });
  const written: ImportReport = await importRegister(db.ctx, [{ name: 'fine.csv', bytes: csv(rows(false)) }], { dryRun: false });
  const visitsOf = (id: number) => (sql.prepare('SELECT count(*) AS n FROM visits WHERE client_id = ?').get(id) as { n: number }).n;
  return {
    readAllCodes: readAll.mock.calls.length,
    errors: checked.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
    warnings: written.warnings.map((w) => `${w.row}:${w.column}`),
    imported: written.imported,
    visits: { know: visitsOf(know), survivor: visitsOf(survivor), merged: visitsOf(merged), fill7: visitsOf(fill7) },
    newClients: (sql.prepare(`SELECT count(*) AS n FROM clients WHERE code LIKE 'NEW%'`).get() as { n: number }).n,
  };
}

describe('stored clients found by reading every code, or a block of rows at a time', () => {
  it('gives the same answer both ways, row for row', async () => {
    const few = await scenario(8);
    const many = await scenario(ROWS * PRELOAD_FACTOR + 100);
    // The way each took: every code read at once for the few clients, none for the many.
    expect(few.readAllCodes).toBe(2);
    expect(many.readAllCodes).toBe(0);
    for (const r of [few, many]) {
      // The contradiction in the second block, at its row, against the stored client.
      expect(r.errors).toEqual([{ row: PREFETCH_BLOCK + 12, column: 'sex', message: expect.stringMatching(/registered as female/) }]);
      expect(r.imported).toEqual({ visits: ROWS, activities: 0, overdoses: 0, care: 0, clients_created: NEW_CODES });
      expect(r.newClients).toBe(NEW_CODES);
      // The known client's four rows, the merged code's row on its survivor, the filler's two.
      expect(r.visits).toEqual({ know: 3, survivor: 1, merged: 0, fill7: 2 });
    }
    expect(many.warnings).toEqual(few.warnings);
  });
});
