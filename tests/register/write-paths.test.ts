// The import writes the rows its check kept (a small import) or reads the accepted files again (a
// large one, or when the kept rows pass the bound midway): both must write the same records. The
// demo's export (visits, activities, overdoses, care) goes in by each path; each database's export
// is the source's file again (an export imports back whole: spec/register-format.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createDemo } from '../../db/demo';
import { unlockWithPassword, type Vault } from '../../db/vault';
import { makeCtx, type Ctx } from '../../db/services/context';
import { exportRegister, type ExportResult } from '../../db/register/export';
import { importRegister } from '../../db/register/import';
import { PASSWORD, removeDir, tempDb, tempDir } from './helpers';

describe('the import writes the same records by both paths', () => {
  let dir: string;
  let vault: Vault;
  let src: Ctx;
  let exported: ExportResult;
  beforeAll(async () => {
    dir = tempDir();
    const d = await createDemo(join(dir, 'demo.db'), { scenario: 'kedainiai-2011', password: PASSWORD });
    const unlocked = await unlockWithPassword(d.db, d.user, d.password);
    vault = unlocked.vault;
    src = makeCtx(vault.store, { staffId: unlocked.staff.id, userName: unlocked.staff.user_name, role: 'manager' }, vault);
    exported = await exportRegister(src.store, 'csv');
  }, 120_000);
  afterAll(() => {
    vault?.store.close();
    if (dir) removeDir(dir);
  });

  // undefined: the default bound (every row kept); 0: none kept; 5: the bound passed after five rows.
  for (const keepRows of [undefined, 0, 5]) {
    it(`keepRows ${String(keepRows)}: the same counts, and the same files exported again`, async () => {
      const target = await tempDb();
      try {
        const answer = await importRegister(target.ctx, exported.files.map((f) => ({ name: f.name, bytes: f.bytes })), { dryRun: false, keepRows });
        expect(answer.errors).toEqual([]);
        expect(answer.imported.visits).toBeGreaterThan(5);
        // Each file's data lines (header and final line break aside) are the rows the import counts.
        const lines = (name: string) => exported.files.find((f) => f.name === name)!.bytes.toString('utf8').split(/\r?\n/).filter((l) => l !== '').length - 1;
        expect(answer.imported.activities).toBe(lines('activities.csv'));
        expect(answer.imported.overdoses).toBe(lines('overdoses.csv'));
        expect(answer.imported.care).toBe(lines('care.csv'));
        const again = await exportRegister(target.ctx.store, 'csv');
        expect(again.files.map((f) => f.bytes.toString('utf8'))).toEqual(exported.files.map((f) => f.bytes.toString('utf8')));
      } finally {
        target.close();
        removeDir(target.dir);
      }
    }, 120_000);
  }
});
