import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, MANAGER, must, newCabinet } from '../db/helpers';
import { Core } from '../../db/core';

const CODE = 'PRIV21988';
const PASSWORD = 'Sl4pt4s-PLANTED-pw';

let captured: string[] = [];
const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeEach(() => {
  captured = [];
  const grab = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
  }
});

afterEach(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  vi.restoreAllMocks();
});

describe('privacy: no client code, password or key in logs or error messages', () => {
  it('plants them, provokes every kind of failure, and finds them in no line produced', async () => {
    const { core, dbPath, recoveryKey } = await newCabinet();
    const dataKeyHex = core.currentVault!.dataKey.toString('hex');
    await must(core, 'staff.add', { userName: 'ona', displayName: 'Ona', role: 'social_worker', password: PASSWORD });
    const client = await must(core, 'clients.register', { code: CODE, sex: 'female', birthYear: 1988 });
    const messages: string[] = [];
    const collect = (r: { ok: boolean; error?: { message: string } }) => {
      if (!r.ok && r.error) messages.push(r.error.message);
    };
    // Rule failures around the planted code.
    collect(await core.call('clients.register', { code: CODE, sex: 'female', birthYear: 1988 }));
    collect(await core.call('clients.register', { code: 'PRIV21898', sex: 'female', birthYear: 1988 }));
    collect(await core.call('clients.register', { code: `${CODE}\u0000`, sex: 'female', birthYear: 1988 }));
    collect(await core.call('visits.create', { date: '2026-11-02', clientId: client.id, supplies: [{ itemKey: CODE, direction: 'out', quantity: 1 }] }));
    collect(await core.call('clients.merge', { keepId: client.id, mergeId: client.id, reason: CODE }));
    collect(await core.call('visits.create', { date: CODE, clientId: client.id }));
    collect(await core.call(CODE, { code: CODE }));
    collect(await core.call('session.changePassword', { oldPassword: PASSWORD, newPassword: PASSWORD }));
    collect(await core.call('session.unlock', { password: PASSWORD }));
    core.close();
    // Logins with wrong and right secrets, through the core and the command line.
    const other = new Core(dbPath);
    collect(await other.call('session.login', { userName: 'ona', password: `${PASSWORD}x` }));
    collect(await other.call('session.recover', { recoveryKey: recoveryKey.replace(/^..../, 'ZZZZ'), userName: CODE, newPassword: PASSWORD }));
    collect(await other.call('session.login', { userName: CODE, password: PASSWORD }));
    other.close();
    const runs = [
      await cli(['verify', '--db', dbPath, '--user', 'ona'], { SLENKSTIS_PASSWORD: `${PASSWORD}x` }),
      await cli(['verify', '--db', dbPath, '--user', CODE], { SLENKSTIS_PASSWORD: PASSWORD }),
      await cli(['users', 'add', 'y', '--role', 'manager', '--db', dbPath, '--user', 'ona'], { SLENKSTIS_PASSWORD: PASSWORD, SLENKSTIS_NEW_PASSWORD: 'long-enough-9' }),
      await cli(['users', 'add', 'x', '--role', 'manager', '--db', dbPath, '--user', MANAGER.userName], { SLENKSTIS_PASSWORD: MANAGER.password, SLENKSTIS_NEW_PASSWORD: 'short' }),
      await cli(['verify', '--db', `${dbPath}.missing`, '--user', 'ona'], { SLENKSTIS_PASSWORD: PASSWORD }),
    ];
    const lines = [...messages, ...captured, ...runs.map((r) => r.err)].join('\n');
    expect(messages.length).toBeGreaterThanOrEqual(10);
    expect(runs.every((r) => r.code !== 0)).toBe(true);
    for (const secret of [CODE, PASSWORD, recoveryKey, recoveryKey.replace(/-/g, ''), dataKeyHex, MANAGER.password]) {
      expect(lines.includes(secret), `a log or message contains ${secret.slice(0, 4)}…`).toBe(false);
    }
  });
});
