import { COMMON, json, openCore, parse, readLine, UsageError, type Io } from '../io';
import { CoreError } from '../../errors';
import { text } from '../../../shared/core-messages';

/**
 * users list
 * users add NAME --role ROLE [--display-name TEXT]   (new password: SLENKSTIS_NEW_PASSWORD or the line after the manager's)
 * users disable NAME
 * users password NAME                                 (likewise)
 *
 * Through the channel map, like the app's Staff screen: the same validation, roles and key changes.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, role: { type: 'string' }, 'display-name': { type: 'string' } }, true);
  const [sub, target] = positionals;
  if (!sub || !['list', 'add', 'disable', 'password'].includes(sub)) throw new UsageError('users needs one of: list, add NAME, disable NAME, password NAME.');
  if (sub !== 'list' && !target) throw new UsageError(`users ${sub} needs the user name.`);
  const core = await openCore(values, io);
  try {
    const byName = async (name: string) => {
      const s = (await core.call('staff.list', {})).find((x) => x.userName === name.toLowerCase());
      if (!s) throw new CoreError('not_found', text('cli.no_staff', { name }));
      return s;
    };
    const newPassword = async () => io.env.SLENKSTIS_NEW_PASSWORD ?? (await readLine(io, 'New password: '));
    switch (sub) {
      case 'list':
        io.out(json(await core.call('staff.list', {})));
        return 0;
      case 'add': {
        const role = values.role as 'social_worker' | 'medical' | 'manager';
        io.out(json(await core.call('staff.add', { userName: target, displayName: values['display-name'] ?? target, role, password: await newPassword() })));
        return 0;
      }
      case 'disable':
        io.out(json(await core.call('staff.disable', { id: (await byName(target)).id })));
        return 0;
      case 'password': {
        const { id } = await byName(target);
        io.out(json(await core.call('staff.setPassword', { id, newPassword: await newPassword() })));
        return 0;
      }
    }
    return 2;
  } finally {
    core.close();
  }
}
