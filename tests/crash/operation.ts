// One operation the key-change crash harness runs: the way the app (a Core, logged in) or the
// command line (`main`) runs it, with its secrets and files from `env`. The harness's child
// process runs it to be killed (tests/crash/child.ts); the harness runs it again in its own
// process to check that the same command finishes the job after the kill.
import { Core } from '../../db/core';
import { main } from '../../db/cli/main';
import type { Io } from '../../db/cli/io';

export async function runOperation(op: string, db: string, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const answer = (r: { ok: boolean; error?: { code: string; message: string } }): number => {
    io.out(`result ${JSON.stringify(r.ok ? { ok: true } : { ok: false, code: r.error!.code, message: r.error!.message })}`);
    return r.ok ? 0 : 1;
  };
  const cliIo: Io = { ...io, env };
  // As the app: a Core logged in as the user (closed at the end, as the app's window would be).
  const asApp = async (userName: string, password: string, then: (core: Core) => Promise<number>): Promise<number> => {
    const core = new Core(db);
    try {
      const r = await core.call('session.login', { userName, password });
      if (!r.ok) {
        answer(r);
        return 3;
      }
      return await then(core);
    } finally {
      core.close();
    }
  };
  switch (op) {
    case 'disable':
      return asApp(need('CRASH_MANAGER'), need('CRASH_MANAGER_PASSWORD'), async (core) => {
        const staff = await core.call('staff.list', {});
        const target = staff.ok ? staff.value.find((s) => s.userName === need('CRASH_TARGET')) : undefined;
        if (!target) return answer({ ok: false, error: { code: 'not_found', message: 'no target' } });
        return answer(await core.call('staff.disable', { id: target.id }));
      });
    case 'password-change':
      return asApp(need('CRASH_TARGET'), need('CRASH_OLD_PASSWORD'), async (core) =>
        answer(await core.call('session.changePassword', { oldPassword: need('CRASH_OLD_PASSWORD'), newPassword: need('CRASH_NEW_PASSWORD') })));
    case 'recovery': {
      const core = new Core(db);
      try {
        return answer(await core.call('session.recover', { recoveryKey: need('CRASH_RECOVERY_KEY'), userName: need('CRASH_TARGET'), newPassword: need('CRASH_NEW_PASSWORD') }));
      } finally {
        core.close();
      }
    }
    case 'password-reset':
      // users password NAME: the manager's password, then the new one, from the environment.
      return main(['users', 'password', need('CRASH_TARGET'), '--db', db, '--user', need('CRASH_MANAGER')], cliIo);
    case 'restore':
      return main(['restore', need('CRASH_BACKUP'), '--db', db, '--user', need('CRASH_MANAGER')], cliIo);
    case 'backup':
      return main(['backup', '--db', db, '--user', need('CRASH_MANAGER'), '--out', need('CRASH_OUT')], cliIo);
    case 'import':
      return main(['import', need('CRASH_FILE'), '--db', db, '--user', need('CRASH_MANAGER')], cliIo);
    default:
      throw new Error(`unknown operation ${op}`);
  }
}
