// Small durable file operations shared by the keyring, the key changes and the backups.
import { accessSync, chmodSync, closeSync, constants, existsSync, fsyncSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { text, type Text } from '../shared/core-messages';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
export const sleepSync = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/** Flushes a file or a folder to disk (a folder cannot be opened for that on Windows: skipped). */
export function fsyncPath(path: string, dir = false): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, dir ? 'r' : 'r+');
    fsyncSync(fd);
  } catch (e) {
    if (!dir) throw e;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A rename that waits out a short refusal: on Windows a virus scanner or the search indexer
 * may hold a just-written file for a moment (EPERM, EBUSY, EACCES).
 */
export function renameRetrying(from: string, to: string): void {
  for (let waited = 0; ; waited += 50) {
    try {
      renameSync(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!(code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') || waited >= 3_000) throw e;
      sleepSync(50);
    }
  }
}

/** Writes a small file atomically and durably: a temporary file (owner-only), flushed, renamed, the folder flushed. */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  fsyncPath(tmp);
  renameRetrying(tmp, path);
  fsyncPath(dirname(path), true);
}

/** Every file the app writes beside the database is readable by its owner only. */
export function ownerOnly(path: string): void {
  try {
    if (existsSync(path)) chmodSync(path, 0o600);
  } catch {
    // Windows has no such modes (the profile folder is the user's own); the file is encrypted all the same.
  }
}

/** Why a file given by its path cannot be read; null when it can. */
export function unreadableFile(path: string): Text | null {
  try {
    if (statSync(path).isDirectory()) return text('file.folder');
    accessSync(path, constants.R_OK);
    return null;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'ENOENT' ? text('file.no_such') : text('file.unreadable');
  }
}
