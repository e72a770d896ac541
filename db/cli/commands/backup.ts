import { COMMON, json, openAs, parse, UsageError, type Io } from '../io';
import { takeBackup } from '../../backup/backup';
import { audit } from '../../audit';

/**
 * backup --out FILE: a consistent, still-encrypted copy (FILE and FILE.keyring), taken while
 * the app may be running, opened with the key and integrity-checked before it gets its name.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, out: { type: 'string' } });
  if (!values.out) throw new UsageError('--out FILE is required: where the backup is written (its keyring goes beside it).');
  const session = await openAs(values, io, ['manager']);
  try {
    const info = takeBackup(session.vault, values.out);
    const { ctx } = session;
    ctx.store.tx(() => audit(ctx.store, ctx.actor, 'backup', 'database', null, null, { file: info.file, bytes: info.bytes }));
    io.out(json({ file: info.file, keyring: info.keyringFile, bytes: info.bytes, verified: true }));
    return 0;
  } finally {
    session.close();
  }
}
