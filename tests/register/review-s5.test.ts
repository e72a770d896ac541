// Review of the register check's block look-ups (issue 16, db/register/import.ts Check.prefetch):
// which statement finds the stored clients is asserted, not only the answer (the answer is the same
// when the block look-up does nothing at all, since a code not prefetched is then looked up alone);
// and codes that JSON must escape (quotes, backslashes, letters folded, astral characters) find
// their stored clients through json_each as through `code = ?`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csv, removeDir, tempDb, type TempDb } from './helpers';
import { importRegister, PREFETCH_BLOCK, PRELOAD_FACTOR } from '../../db/register/import';
import { Store } from '../../db/store';
import { normalizeCode } from '../../shared/codes';

let db: TempDb | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
  if (db) removeDir(db.dir);
  db = null;
});

const HEADER = 'date,client_code,sex,birth_year,site,syringes_out';
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
});
