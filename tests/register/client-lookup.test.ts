// The check finds the stored clients a file names in one of two ways (db/register/import.ts): a
// file that may name a good part of them reads every stored code at once; a smaller one looks its
// new codes up a block of rows at a time. Both must give the same answer, row for row, whichever
// block a code is first met in: a known client's sex contradicted, a merged code's survivor, a new
// code named again in a later block, a stored client named in the first and the last block.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csv, removeDir, tempDb, type TempDb } from './helpers';
import { importRegister, PREFETCH_BLOCK, PRELOAD_FACTOR, type ImportReport } from '../../db/register/import';
import { Store } from '../../db/store';
import { normalizeCode } from '../../shared/codes';

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

// The register check's block look-ups (issue 16, db/register/import.ts Check.prefetch):
// which statement finds the stored clients is asserted, not only the answer (the answer is the same
// when the block look-up does nothing at all, since a code not prefetched is then looked up alone);
// and codes that JSON must escape (quotes, backslashes, letters folded, astral characters) find
// their stored clients through json_each as through `code = ?`.
const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** How the check looked clients up: one code at a time, a block at once, every code at once. */
function spyLookups() {
  const one = vi.spyOn(Store.prototype, 'row');
  const many = vi.spyOn(Store.prototype, 'rows');
  const all = vi.spyOn(Store.prototype, 'texts');
  const sqlOf = (args: unknown[]) => (args[0] as { sql?: string }).sql ?? '';
  return {
    byCode: () => one.mock.calls.filter((c) => /FROM clients WHERE code = \?/.test(sqlOf(c))).length,
    byBlock: () => many.mock.calls.filter((c) => /json_each\(\?\) AS j CROSS JOIN clients/.test(sqlOf(c))).length,
    allCodes: () => all.mock.calls.length,
  };
}

/** A database with `filler` clients besides `known` (codes as stored, already folded). */
async function withClients(known: Array<{ code: string; sex: 'male' | 'female'; birthYear: number }>, filler: number) {
  db = await tempDb();
  const sql = db.ctx.store.sqlite;
  const add = sql.prepare(`INSERT INTO clients (code, sex, birth_year, created_at) VALUES (?, ?, ?, 'now')`);
  const ids = known.map((k) => Number(add.run(k.code, k.sex, k.birthYear).lastInsertRowid));
  if (filler > 0) {
    sql.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO clients (code, sex, created_at) SELECT printf('ZZFILL%06d', i), 'unknown', 'now' FROM n`).run(filler - 1);
  }
  return { sql, ids };
}

describe('register check: stored clients looked up a block at a time', () => {
  it('a small file on a large database finds every stored code by blocks of rows, none one by one', async () => {
    const rowsN = 2 * PREFETCH_BLOCK + 50;
    const known = Array.from({ length: rowsN / 10 }, (_, k) => ({ code: `KNOWN${String(k).padStart(3, '0')}`, sex: 'female' as const, birthYear: 1980 }));
    await withClients(known, rowsN * PRELOAD_FACTOR + 10);
    const lines = [HEADER];
    for (let k = 0; k < rowsN; k++) {
      // Known codes first met in each of the three blocks; new codes, all met in the first.
      const code = k % 10 === 0 ? known[k / 10].code : `NEW${String(k % 200).padStart(4, '0')}`;
      lines.push(`2024-03-${String(1 + (k % 28)).padStart(2, '0')},${code},,,Kabinetas,${1 + (k % 5)}`);
    }
    const spy = spyLookups();
    const report = await importRegister(db!.ctx, [{ name: 'month.csv', bytes: csv(lines) }], { dryRun: true });
    expect(report.errors).toEqual([]);
    expect(report.imported.clients_created).toBe(180);
    expect(spy.allCodes()).toBe(0);
    // One statement a block (three blocks, each naming codes no earlier row named)…
    expect(spy.byBlock()).toBe(3);
    // …and no code of a visit row looked up alone.
    expect(spy.byCode()).toBe(0);
  });

  it('codes JSON must escape find their stored clients by block as by reading every code', async () => {
    const raw = ['a"b\\c11990', "o'brien21985", 'ąčęėįšųūž11970', 'x\\u004121980', 'ab😀cd11975', 'ŽĖ"\\\\11999'];
    const known = raw.map((r, k) => ({ code: normalizeCode(r), sex: (k % 2 ? 'female' : 'male') as 'male' | 'female', birthYear: 1970 + k }));
    for (const filler of [0, 5000]) {
      const { sql, ids } = await withClients(known, filler);
      const lines = [HEADER];
      // Each code as typed (lower case, letters unfolded), its stored sex contradicted on the last row.
      raw.forEach((r, k) => lines.push(`2024-03-0${1 + k},${quoted(r)},,,Kabinetas,1`));
      raw.forEach((r, k) => lines.push(`2024-04-0${1 + k},${quoted(r)},${known[k].sex === 'male' ? 'female' : 'male'},,Kabinetas,1`));
      const spy = spyLookups();
      const checked = await importRegister(db!.ctx, [{ name: 'odd.csv', bytes: csv(lines) }], { dryRun: true });
      expect(spy.allCodes()).toBe(filler === 0 ? 1 : 0);
      if (filler > 0) expect(spy.byBlock()).toBe(1);
      expect(spy.byCode()).toBe(0);
      expect(checked.imported.clients_created).toBe(0);
      expect(checked.errors.map((e) => [e.row, e.column])).toEqual(raw.map((_, k) => [raw.length + 2 + k, 'sex']));
      // Without the contradictions, every row is written on its stored client.
      const fine = [HEADER, ...raw.map((r, k) => `2024-03-0${1 + k},${quoted(r)},,,Kabinetas,1`)];
      const written = await importRegister(db!.ctx, [{ name: 'odd-fine.csv', bytes: csv(fine) }], { dryRun: false });
      expect(written.errors).toEqual([]);
      expect(written.imported.clients_created).toBe(0);
      const perClient = ids.map((id) => (sql.prepare('SELECT count(*) AS n FROM visits WHERE client_id = ?').get(id) as { n: number }).n);
      expect(perClient).toEqual(raw.map(() => 1));
      db!.close();
      removeDir(db!.dir);
      db = null;
      vi.restoreAllMocks();
    }
  });
  it('a file refused as a whole after a block and a half of rows gives none of them, by blocks as by reading every code', async () => {
    for (const filler of [0, 20_000]) {
      const { sql, ids } = await withClients([{ code: 'KNOW21985', sex: 'female', birthYear: 1985 }], filler);
      // Refused: 1,100 rows (a contradiction of the known client in the second block, 300 new codes,
      // the last 100 rows still waiting in a block), then a cell over the limit.
      const refused = [HEADER];
      for (let k = 0; k < 1100; k++) {
        const code = k === 600 ? 'KNOW21985' : `GONE${String(k % 300).padStart(3, '0')}`;
        refused.push(`2024-02-${String(1 + (k % 28)).padStart(2, '0')},${code},${k === 600 ? 'male' : ''},,Kabinetas,1`);
      }
      refused.push(`2024-02-01,LONG11990,,,${'x'.repeat(40_000)},1`);
      // Accepted: 700 rows naming the known client rightly in its second block, and 50 new codes.
      const fine = [HEADER];
      for (let k = 0; k < 700; k++) {
        const code = k === 650 ? 'KNOW21985' : `KEPT${String(k % 50).padStart(3, '0')}`;
        fine.push(`2024-03-${String(1 + (k % 28)).padStart(2, '0')},${code},${k === 650 ? 'female' : ''},,Kabinetas,1`);
      }
      const report = await importRegister(db!.ctx, [{ name: 'refused.csv', bytes: csv(refused) }, { name: 'fine.csv', bytes: csv(fine) }], { dryRun: false });
      expect(report.errors.map((e) => [e.file, e.row])).toEqual([['refused.csv', null]]);
      expect(report.imported).toEqual({ visits: 0, activities: 0, overdoses: 0, care: 0, clients_created: 0 });
      const checkedAlone = await importRegister(db!.ctx, [{ name: 'fine.csv', bytes: csv(fine) }], { dryRun: true });
      expect(checkedAlone.errors).toEqual([]);
      expect(checkedAlone.imported).toEqual({ visits: 700, activities: 0, overdoses: 0, care: 0, clients_created: 50 });
      expect((sql.prepare(`SELECT count(*) AS n FROM clients WHERE code LIKE 'GONE%' OR code LIKE 'KEPT%'`).get() as { n: number }).n).toBe(0);
      expect((sql.prepare('SELECT count(*) AS n FROM visits WHERE client_id = ?').get(ids[0]) as { n: number }).n).toBe(0);
      db!.close();
      removeDir(db!.dir);
      db = null;
    }
  });
  it('codes of a training and of visit rows in a later block: the same warnings and errors whichever file is read first, by blocks as by reading every code', async () => {
    const answers: string[] = [];
    for (const filler of [0, 20_000]) {
      for (const trainingsFirst of [true, false]) {
        await withClients([{ code: 'KNOW21985', sex: 'female', birthYear: 1985 }], filler);
        const trainings = csv([
          'date,type,topic,title,participants,trained_codes',
          '2024-05-10,training,secondary_exchange,Keitimas,3,TRNA11980;TRNB21985;know21985',
        ]);
        const visits = [HEADER];
        for (let k = 0; k < 700; k++) {
          // TRNA named in the second block of visit rows, the known client contradicted there; TRNB only by the training.
          const code = k === 550 ? 'TRNA11980' : k === 560 ? 'KNOW21985' : `VIS${String(k % 100).padStart(3, '0')}`;
          visits.push(`2024-05-${String(1 + (k % 28)).padStart(2, '0')},${code},${k === 560 ? 'male' : ''},,Kabinetas,1`);
        }
        const files = [{ name: 'trainings.csv', bytes: trainings }, { name: 'visits.csv', bytes: csv(visits) }];
        const r = await importRegister(db!.ctx, trainingsFirst ? files : files.reverse(), { dryRun: true });
        const said = (list: typeof r.errors) => list.map((p) => `${p.file}:${p.row}:${p.column}`).join(' ');
        expect(said(r.errors)).toBe('visits.csv:562:sex');
        expect(said(r.warnings.filter((w) => w.column === 'trained_codes'))).toBe('trainings.csv:2:trained_codes');
        answers.push(`${said(r.errors)} | ${said(r.warnings)}`);
        db!.close();
        removeDir(db!.dir);
        db = null;
      }
    }
    // Whichever way the stored clients were found, the whole answer is the same, file order for file order.
    expect([answers[2], answers[3]]).toEqual([answers[0], answers[1]]);
  });
});
