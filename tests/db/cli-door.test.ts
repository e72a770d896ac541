// `slenkstis users …` goes through the channel map, like the app's Staff screen: the map's roles
// and validation answer, with the exit codes of cli.md.
import { describe, expect, it } from 'vitest';
import { cli, MANAGER, must, newCabinet } from './helpers';

describe('the command line through the channel map', () => {
  it('users: the map\'s roles (exit 3), its validation naming the field (exit 1), and the change through the same service (exit 0)', async () => {
    const { core, dbPath } = await newCabinet();
    await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: 'worker-pass-1' });
    core.close();
    const asOna = await cli(['users', 'add', 'xavier', '--role', 'medical', '--db', dbPath, '--user', 'ona'], { SLENKSTIS_PASSWORD: 'worker-pass-1', SLENKSTIS_NEW_PASSWORD: 'long-enough-1' });
    expect(asOna.code, asOna.err).toBe(3);
    expect(asOna.err.trim()).toBe('slenkstis: Your account (social worker) may not do this.');
    const env = { SLENKSTIS_PASSWORD: MANAGER.password, SLENKSTIS_NEW_PASSWORD: 'long-enough-1' };
    const badRole = await cli(['users', 'add', 'xavier', '--role', 'nurse', '--db', dbPath, '--user', MANAGER.userName], env);
    expect(badRole.code).toBe(1);
    expect(badRole.err).toMatch(/^slenkstis: role: /);
    const added = await cli(['users', 'add', 'jonas', '--role', 'medical', '--db', dbPath, '--user', MANAGER.userName], env);
    expect(added.code, added.err).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ userName: 'jonas', role: 'medical', active: true });
    const disabled = await cli(['users', 'disable', 'jonas', '--db', dbPath, '--user', MANAGER.userName], env);
    expect(JSON.parse(disabled.out)).toMatchObject({ userName: 'jonas', active: false });
    const again = await cli(['users', 'disable', 'jonas', '--db', dbPath, '--user', MANAGER.userName], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already disabled/);
  });
});
