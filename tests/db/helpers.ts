// Test helpers: real encrypted databases in temporary folders, driven through the core.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core, type CoreOptions } from '../../db/core';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/api';
import type { Result } from '../../shared/result';
import { main } from '../../db/cli/main';
import type { Io } from '../../db/cli/io';
import { Readable } from 'node:stream';

export const MANAGER = { userName: 'vadove', displayName: 'Vadovė', password: 'manager-pass-1' };

export function tempDir(prefix = 'slenkstis-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function sha256(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent';
}

/** Hash of the database file, its -wal and its keyring: "byte-for-byte unchanged" checks. */
export function fileState(dbPath: string): Record<string, string> {
  return { db: sha256(dbPath), wal: sha256(`${dbPath}-wal`), keyring: sha256(`${dbPath}.keyring`) };
}

/** Calls a channel and returns the value, failing the test with the core's message otherwise. */
export async function must<K extends Channel>(core: Core, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = (await core.call(channel, input)) as Result<ChannelOutput<K>>;
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function attempt<K extends Channel>(core: Core, channel: K, input: ChannelInput<K> | unknown): Promise<Result<ChannelOutput<K>>> {
  return (await core.call(channel, input)) as Result<ChannelOutput<K>>;
}

/** A new database with a manager logged in, a cabinet site, and the core pinned to a date. */
export async function newCabinet(opts: CoreOptions & { dir?: string } = {}) {
  const dir = opts.dir ?? tempDir();
  const dbPath = join(dir, 'slenkstis.db');
  const core = new Core(dbPath, opts);
  const setup = await must(core, 'session.setup', MANAGER);
  const cabinet = await must(core, 'sites.save', { name: 'Kabinetas', kind: 'cabinet' });
  return { dir, dbPath, core, recoveryKey: setup.recoveryKey, cabinet };
}

/** Runs the command line in-process with captured output. */
export async function cli(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    env,
    stdin: Readable.from([stdin]),
  };
  const code = await main(args, io);
  return { code, out, err };
}
