import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Core } from '../../db/core';
import { attempt, MANAGER, must, newCabinet } from '../db/helpers';

describe('a restore keeps today\'s access, not the backup\'s', () => {
  it('an account disabled since the backup stays out, and a changed password stays changed', async () => {
    const { core, dbPath, dir } = await newCabinet();
    const worker = await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    const backup = await must(core, 'backup.now', { folder: join(dir, 'stick') });
    await must(core, 'staff.disable', { id: worker.id });
    await must(core, 'session.changePassword', { oldPassword: MANAGER.password, newPassword: 'manager-pass-2' });
    // The manager restores with the password as it was when the backup was taken.
    const restored = await must(core, 'backup.restore', { file: backup.file, password: MANAGER.password });
    expect(restored.loginAgain).toBe(true);
    core.close();
    const c = new Core(dbPath);
    expect((await attempt(c, 'session.login', { userName: 'ona', password: 'worker-pass-1' })).ok).toBe(false);
    expect((await attempt(c, 'session.login', { userName: MANAGER.userName, password: MANAGER.password })).ok).toBe(false);
    await must(c, 'session.login', { userName: MANAGER.userName, password: 'manager-pass-2' });
    expect((await must(c, 'staff.list', {})).find((s) => s.userName === 'ona')?.active).toBe(false);
    expect((await must(c, 'audit.verify', {})).problems).toEqual([]);
    c.close();
  });
});
