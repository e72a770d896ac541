// Command-line plumbing: options, the password (env or standard input, never an argument),
// opening the database as a user, and errors as one sentence plus the exit code of cli.md.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { appDataFolder, dbPathIn } from '../paths';
import { CoreError, exitCodeOf, type ErrorCode } from '../errors';
import { Core } from '../core';
import type { Channel, ChannelOutput, LocalInput } from '../../shared/api';

export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
  stdin: process.stdin,
};

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const COMMON = {
  db: { type: 'string' },
  user: { type: 'string' },
} as const;

/** The app's own file in the user's data folder (db/paths.ts: the same place the app uses), or SLENKSTIS_DB. */
export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  return env.SLENKSTIS_DB ?? dbPathIn(appDataFolder(env));
}

export function dbPathOf(values: { db?: string }, io: Io): string {
  return values.db ?? defaultDbPath(io.env);
}

/** Lines of standard input read past the one asked for (a manager's password, then a new one). */
let pending = '';
let stdinEnded = false;

/** The password: SLENKSTIS_PASSWORD, else one line of standard input (no echo on a terminal). */
export async function readPassword(io: Io, prompt = 'Password: '): Promise<string> {
  if (io.env.SLENKSTIS_PASSWORD) return io.env.SLENKSTIS_PASSWORD;
  return readLine(io, prompt);
}

export async function readLine(io: Io, prompt: string): Promise<string> {
  const takeLine = (): string | null => {
    const nl = pending.search(/\r?\n/);
    if (nl < 0) return null;
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + (pending[nl] === '\r' && pending[nl + 1] === '\n' ? 2 : 1));
    return line;
  };
  const ready = takeLine();
  if (ready !== null) return ready;
  if (stdinEnded) {
    const rest = pending;
    pending = '';
    return rest;
  }
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    stdin.setRawMode?.(true);
  }
  return await new Promise<string>((resolve) => {
    const finish = (value: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      if (stdin.isTTY) {
        stdin.setRawMode?.(false);
        process.stderr.write('\n');
      }
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      pending += chunk.toString();
      const line = takeLine();
      if (line !== null) finish(line);
    };
    const onEnd = () => {
      stdinEnded = true;
      const rest = pending;
      pending = '';
      finish(rest);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/**
 * The command line's door into the core: the same channel map as the app (its validation, its
 * roles, its services), as a local caller (it may name files by path, see shared/api Marks.local).
 * `call` answers the value, or throws the core's answer as a CoreError (its code gives the exit
 * code of cli.md).
 */
export interface CoreSession {
  call<K extends Channel>(channel: K, input: LocalInput<K>): Promise<ChannelOutput<K>>;
  close(): void;
}

/** The core on --db, nobody logged in yet (init). */
export function coreAt(values: { db?: string }, io: Io): CoreSession {
  const core = new Core(dbPathOf(values, io));
  const call = async <K extends Channel>(channel: K, input: LocalInput<K>): Promise<ChannelOutput<K>> => {
    const r = await core.callLocal(channel, input);
    if (!r.ok) {
      // Validation messages already begin with their field ("newPassword: …"): not twice.
      const field = r.error.field && !r.error.message.startsWith(`${r.error.field}:`) ? r.error.field : undefined;
      throw CoreError.relayed(toErrorCode(r.error.code), r.error.message, field);
    }
    return r.value;
  };
  return { call, close: () => core.close() };
}

/** The core on --db, logged in as --user with the password (env or standard input). */
export async function openCore(values: { db?: string; user?: string }, io: Io): Promise<CoreSession> {
  if (!values.user) throw new UsageError('--user NAME is required: every change is written to the audit log under a staff account.');
  const session = coreAt(values, io);
  try {
    await session.call('session.login', { userName: values.user, password: await readPassword(io) });
  } catch (e) {
    session.close();
    throw e;
  }
  return session;
}

const ERROR_CODES: readonly ErrorCode[] = ['validation', 'rejected', 'not_found', 'cancelled', 'auth', 'forbidden', 'locked', 'db_missing', 'db_unreadable', 'db_newer', 'db_busy', 'internal'];
const toErrorCode = (code: string): ErrorCode => ((ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : code === 'disk_full' ? 'rejected' : 'internal');

/** Maps an error to its sentence on standard error and its exit code. */
export function reportError(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`slenkstis: ${e.message}`);
    return 2;
  }
  if (e instanceof CoreError) {
    io.err(`slenkstis: ${e.field ? `${e.field}: ` : ''}${e.message}`);
    return exitCodeOf(e.code);
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (/SQLITE_BUSY|database is locked/i.test(msg)) {
    io.err('slenkstis: The database is locked by another program and did not become free in time.');
    return 4;
  }
  io.err(`slenkstis: Unexpected failure: ${msg.split('\n')[0]}`);
  return 1;
}

export const json = (value: unknown): string => JSON.stringify(value, null, 2);
