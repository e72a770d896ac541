// Errors: those the core raises on purpose, and how anything thrown becomes the one-sentence
// answer of a Result (by SQLite's error codes, not by the words of messages).
import type { z } from 'zod';
import { fail, type Result } from '../shared/result';
import { reasonOfText, type Reason } from '../shared/messages';

// Errors the core raises on purpose. Each carries a code the UI and the command line map to
// a message or an exit code, and a sentence a person can act on. Never a client code,
// password or key in a message.

export type ErrorCode =
  | 'validation' // the input was rejected (exit 1)
  | 'rejected' // the data was rejected by a rule (exit 1)
  | 'not_found' // a record that should exist does not (exit 1)
  | 'auth' // wrong user or password (exit 3)
  | 'forbidden' // the account lacks the role (exit 3)
  | 'locked' // the session is locked or nobody is logged in (exit 3)
  | 'db_missing' // no database file (exit 4)
  | 'db_unreadable' // damaged, not a database, or the wrong key (exit 4)
  | 'db_newer' // written by a newer version of the app (exit 4)
  | 'db_busy' // another process holds the file too long (exit 4)
  | 'cancelled' // the person stopped a long job before it wrote anything (exit 1)
  | 'internal';

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** A stable key for the UI to say the message in the screen's language (shared/messages.ts). */
    readonly reason?: Reason,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export const exitCodeOf = (code: ErrorCode): number => {
  switch (code) {
    case 'validation':
    case 'rejected':
    case 'not_found':
    case 'cancelled':
      return 1;
    case 'auth':
    case 'forbidden':
    case 'locked':
      return 3;
    case 'db_missing':
    case 'db_unreadable':
    case 'db_newer':
    case 'db_busy':
      return 4;
    default:
      return 1;
  }
};

/** The first problem of a zod error as one sentence naming the field, with its reason key for the UI. */
export function describeZodError(error: z.ZodError): { message: string; field?: string; reason: Reason } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  let msg = issue?.message ?? 'is not valid';
  let reason: Reason = { key: reasonOfText(msg) ?? 'invalid' };
  if (issue?.code === 'unrecognized_keys') {
    msg = `has unknown field(s): ${issue.keys.slice(0, 3).map((k) => k.slice(0, 40)).join(', ')}`;
    reason = { key: 'unknown_fields' };
  } else if (issue?.code === 'invalid_type') {
    msg = `has the wrong type (expected ${issue.expected})`;
    reason = { key: 'invalid_type' };
  } else if (issue?.code === 'too_small' && !reasonOfText(issue.message)) {
    reason = { key: 'too_small', params: { min: Number(issue.minimum), origin: issue.origin } };
  } else if (issue?.code === 'too_big' && !reasonOfText(issue.message)) {
    reason = { key: 'too_big', params: { max: Number(issue.maximum), origin: issue.origin } };
  } else if (issue?.code === 'invalid_value') {
    reason = { key: 'invalid_value' };
  }
  return { message: field ? `${field}: ${msg}` : `The input ${msg}`, field, reason };
}

/** The SQLite result code of an error thrown by better-sqlite3 ("SQLITE_BUSY", "SQLITE_CONSTRAINT_FOREIGNKEY"…), or the errno code. */
function codeOf(e: unknown): string {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return '';
}

const DAMAGED = 'The database file is damaged. Restore the latest good backup.';

/**
 * Anything a handler threw, as the Result the caller gets, and whether the session must close
 * its file (damaged, or closed under it). A
 * CoreError says itself; a SQLite error is known by its code; anything else is "internal",
 * with no detail that could carry a record.
 */
export function failureOf(e: unknown): { result: Result<never>; closeSession: boolean } {
  if (e instanceof CoreError) return { result: fail(e.code, e.message, e.field, e.reason), closeSession: false };
  const code = codeOf(e);
  const none = (result: Result<never>) => ({ result, closeSession: false });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return none(fail('db_busy', 'The database is busy with another program; nothing was saved. Try again.'));
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return none(fail('disk_full', 'The disk is full; nothing was saved. Free some space and try again.'));
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return none(fail('rejected', `Slenkstis may not write or read there (${code}: permission denied or a read-only disk); nothing was saved.`));
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return none(fail('rejected', 'The record breaks a rule of the database (a missing or duplicate reference); nothing was saved.'));
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    // Damage found while working: the file is closed so that the app shows the restore offer
    // instead of going on with a database that cannot be trusted.
    return { result: fail('db_unreadable', DAMAGED), closeSession: true };
  }
  // better-sqlite3 throws a TypeError with no code on a closed connection (a failed restore
  // closed the file under the session): log out rather than fail on.
  if (e instanceof TypeError && /connection is not open/i.test(e.message)) {
    return { result: fail('locked', 'The database was closed; log in again.'), closeSession: true };
  }
  return none(fail('internal', 'Something unexpected went wrong; nothing was saved. If it happens again, tell the manager.'));
}
