// The process the key-change crash harness kills: runs one operation the way the app or the
// command line runs it, with SLENKSTIS_TRACE_PHASES=1 so that each step's mark reaches the
// harness on standard error before the step starts. Bundled by the harness (esbuild) so it
// starts in a fraction of a second.
//
//   node child.mjs OP DB   (secrets and files in the environment, never arguments)
import { Core } from '../../db/core';
import { main } from '../../db/cli/main';
import { processIo } from '../../db/cli/io';

const [op, db] = process.argv.slice(2);
const env = process.env;
const need = (name: string): string => {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function asApp(userName: string, password: string): Promise<Core> {
  const core = new Core(db);
  const r = await core.call('session.login', { userName, password });
  if (!r.ok) {
    process.stdout.write(`result ${JSON.stringify({ ok: false, code: r.error.code, message: r.error.message })}\n`);
    process.exit(3);
  }
  return core;
}

function answer(r: { ok: boolean; error?: { code: string; message: string } }): number {
  process.stdout.write(`result ${JSON.stringify(r.ok ? { ok: true } : { ok: false, code: r.error!.code, message: r.error!.message })}\n`);
  return r.ok ? 0 : 1;
}

async function run(): Promise<number> {
  switch (op) {
    case 'disable': {
      const core = await asApp(need('CRASH_MANAGER'), need('CRASH_MANAGER_PASSWORD'));
      const staff = await core.call('staff.list', {});
      const target = staff.ok ? staff.value.find((s) => s.userName === need('CRASH_TARGET')) : undefined;
      if (!target) return answer({ ok: false, error: { code: 'not_found', message: 'no target' } });
      return answer(await core.call('staff.disable', { id: target.id }));
    }
    case 'password-change': {
      const core = await asApp(need('CRASH_TARGET'), need('CRASH_OLD_PASSWORD'));
      return answer(await core.call('session.changePassword', { oldPassword: need('CRASH_OLD_PASSWORD'), newPassword: need('CRASH_NEW_PASSWORD') }));
    }
    case 'recovery': {
      const core = new Core(db);
      return answer(await core.call('session.recover', { recoveryKey: need('CRASH_RECOVERY_KEY'), userName: need('CRASH_TARGET'), newPassword: need('CRASH_NEW_PASSWORD') }));
    }
    case 'password-reset':
      // users password NAME: the manager's password, then the new one, from the environment.
      return main(['users', 'password', need('CRASH_TARGET'), '--db', db, '--user', need('CRASH_MANAGER')], processIo);
    case 'restore':
      return main(['restore', need('CRASH_BACKUP'), '--db', db, '--user', need('CRASH_MANAGER')], processIo);
    case 'backup':
      return main(['backup', '--db', db, '--user', need('CRASH_MANAGER'), '--out', need('CRASH_OUT')], processIo);
    case 'import':
      return main(['import', need('CRASH_FILE'), '--db', db, '--user', need('CRASH_MANAGER')], processIo);
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`child failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(70);
  },
);
