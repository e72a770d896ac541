import { COMMON, json, openAs, parse, readLine, UsageError, type Io } from '../io';
import { addStaff, disableStaff, listStaff, resetStaffPassword } from '../../services/catalogue';
import { staffAddInput, password as passwordSchema } from '../../../shared/schemas';
import { describeZodError } from '../../core';
import { CoreError } from '../../errors';

/**
 * users list
 * users add NAME --role ROLE [--display-name TEXT]   (new password: SLENKSTIS_NEW_PASSWORD or the line after the manager's)
 * users disable NAME
 * users password NAME                                 (likewise)
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, role: { type: 'string' }, 'display-name': { type: 'string' } }, true);
  const [sub, target] = positionals;
  if (!sub || !['list', 'add', 'disable', 'password'].includes(sub)) throw new UsageError('users needs one of: list, add NAME, disable NAME, password NAME.');
  if (sub !== 'list' && !target) throw new UsageError(`users ${sub} needs the user name.`);
  const session = await openAs(values, io, ['manager']);
  try {
    const { ctx } = session;
    const byName = (name: string) => {
      const s = listStaff(ctx).find((x) => x.userName === name.toLowerCase());
      if (!s) throw new CoreError('not_found', `There is no staff account ${name}.`);
      return s;
    };
    const newPassword = async () => io.env.SLENKSTIS_NEW_PASSWORD ?? (await readLine(io, 'New password: '));
    switch (sub) {
      case 'list':
        io.out(json(listStaff(ctx)));
        return 0;
      case 'add': {
        const parsed = staffAddInput.safeParse({ userName: target, displayName: values['display-name'] ?? target, role: values.role, password: await newPassword() });
        if (!parsed.success) {
          io.err(`slenkstis: ${describeZodError(parsed.error).message}`);
          return 1;
        }
        io.out(json(addStaff(ctx, parsed.data)));
        return 0;
      }
      case 'disable':
        io.out(json(disableStaff(ctx, byName(target).id)));
        return 0;
      case 'password': {
        const pw = passwordSchema.safeParse(await newPassword());
        if (!pw.success) {
          io.err(`slenkstis: new password: ${pw.error.issues[0]?.message}`);
          return 1;
        }
        io.out(json(resetStaffPassword(ctx, { id: byName(target).id, newPassword: pw.data })));
        return 0;
      }
    }
    return 2;
  } finally {
    session.close();
  }
}
