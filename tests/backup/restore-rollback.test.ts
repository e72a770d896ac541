import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Core } from '../../db/core';
import { prepareRestore, restoreBackup } from '../../db/backup/restore';
import { fileState, MANAGER, must, newCabinet } from '../db/helpers';

describe('a restore that fails before its commit point', () => {
  it('changes nothing: the database and keyring in place are byte-for-byte as they were, no new file is left, and it still opens', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const backup = await must(core, 'backup.now', { folder: join(dir, 'stick') });
    core.close();
    // Something stands where the new file is made: the restore fails while building it.
    mkdirSync(`${dbPath}.next`);
    writeFileSync(join(`${dbPath}.next`, 'x'), 'x');
    const before = fileState(dbPath);
    const listing = readdirSync(dirname(dbPath)).sort();
    const prepared = prepareRestore(backup.file, MANAGER.userName, MANAGER.password);
    expect(() => restoreBackup(prepared, dbPath, { password: MANAGER.password })).toThrow();
    expect(fileState(dbPath)).toEqual(before);
    expect(readdirSync(dirname(dbPath)).sort()).toEqual(listing);
    expect(existsSync(`${dbPath}.switch`)).toBe(false);
    rmSync(`${dbPath}.next`, { recursive: true });
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect((await must(c, 'audit.verify', {})).problems).toEqual([]);
    c.close();
  });
});
