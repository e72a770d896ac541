import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { prepareRestore, restoreBackup } from '../../db/backup/restore';
import { fileState, MANAGER, must, newCabinet } from '../db/helpers';

describe('a restore that fails half-way', () => {
  it('puts back what it moved: the database in place is as it was and still opens', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const backup = await must(core, 'backup.now', { folder: join(dir, 'stick') });
    core.close();
    const now = new Date(2026, 10, 22, 15, 0, 0);
    // Something stands where the replaced keyring would go: its move fails after the file's moved.
    const blocker = `${dbPath}.replaced-20261122-150000.keyring`;
    mkdirSync(blocker);
    writeFileSync(join(blocker, 'x'), 'x');
    const before = fileState(dbPath);
    const prepared = prepareRestore(backup.file, MANAGER.userName, MANAGER.password);
    expect(() => restoreBackup(prepared, dbPath, { now })).toThrow();
    expect(fileState(dbPath)).toEqual(before);
    expect(existsSync(`${dbPath}.replaced-20261122-150000`)).toBe(false);
    const c = new Core(dbPath);
    await must(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password });
    expect((await must(c, 'audit.verify', {})).problems).toEqual([]);
    c.close();
  });
});
