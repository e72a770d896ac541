import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { COMMON, coreAt, dbPathOf, json, parse, readPassword, UsageError, type Io } from '../io';
import { setupInput } from '../../../shared/schemas';
import { describeZodError } from '../../errors';

/** init --db PATH --user NAME [--display-name TEXT] [--recovery-out FILE]: a new database through session.setup. */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, 'display-name': { type: 'string' }, 'recovery-out': { type: 'string' } });
  if (!values.user) throw new UsageError('--user NAME is required: the first manager of the database.');
  const path = resolve(dbPathOf(values, io));
  const password = await readPassword(io, 'New password for the first manager: ');
  const parsed = setupInput.safeParse({ userName: values.user, displayName: values['display-name'] ?? values.user, password });
  if (!parsed.success) {
    io.err(`slenkstis: ${describeZodError(parsed.error).message}`);
    return 1;
  }
  mkdirSync(dirname(path), { recursive: true });
  // Through the channel map, like the app's first screen (session.setup).
  const core = coreAt({ db: path }, io);
  let recoveryKey: string;
  try {
    ({ recoveryKey } = await core.call('session.setup', parsed.data));
  } finally {
    core.close();
  }
  if (values['recovery-out']) {
    writeFileSync(values['recovery-out'], `Slenkstis recovery key for ${path}\n${recoveryKey}\n`, { mode: 0o600, flag: 'wx' });
  }
  io.out(json({ db: path, user: parsed.data.userName.toLowerCase(), recovery_key: recoveryKey }));
  io.err('Write the recovery key down and keep it locked away: it is shown only this once, and it opens the database if every password is lost.');
  return 0;
}
