import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';

/**
 * backup --out FILE: a consistent, still-encrypted copy (FILE and FILE.keyring), taken while
 * the app may be running, opened with the key and integrity-checked before it gets its name.
 * Through the channel map (backup.now, with the exact file as a local caller may name it).
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, out: { type: 'string' } });
  if (!values.out) throw new UsageError('--out FILE is required: where the backup is written (its keyring goes beside it).');
  const core = await openCore(values, io);
  try {
    const info = await core.call('backup.now', { out: values.out });
    io.out(json({ file: info.file, keyring: info.keyringFile, bytes: info.bytes, verified: true }));
    return 0;
  } finally {
    core.close();
  }
}
