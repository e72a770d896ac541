// Errors: those the core raises on purpose, and how anything thrown becomes the one-sentence
// answer of a Result (by SQLite's error codes, not by the words of messages).
import type { z } from 'zod';
import { fail, type Result } from '../shared/result';
import { reasonOfText, type Reason } from '../shared/messages';
import { say, text, type Lang, type Text } from '../shared/core-messages';

// Errors the core raises on purpose. Each carries a code the UI and the command line map to
// a message or an exit code, and a message a person can act on: keyed (shared/core-messages),
// said in the language of whoever asked when it reaches the door. Never a client code,
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

/** An answer the door has already said (in English, to a local caller): only CoreError.relayed makes one. */
const RELAYED: unique symbol = Symbol('relayed');
interface Relayed {
  readonly [RELAYED]: string;
}

export class CoreError extends Error {
  /** The message by key; null only for an answer relayed as the door said it (CoreError.relayed). */
  readonly text: Text | null;

  /** A message is always keyed (`text('key', params)`): a plain sentence does not compile, so none can reach a Lithuanian screen in English. */
  constructor(code: ErrorCode, message: Text, field?: string, reason?: Reason);
  constructor(code: ErrorCode, message: Text | Relayed, field?: string, reason?: Reason);
  constructor(
    readonly code: ErrorCode,
    message: Text | Relayed,
    readonly field?: string,
    /** A stable key for the UI to say the field's message in the screen's language (shared/messages.ts). */
    readonly reason?: Reason,
  ) {
    // Error.message stays English: what a log or the command line shows of an error caught on its way.
    super(RELAYED in message ? message[RELAYED] : say('en', message));
    this.text = RELAYED in message ? null : message;
    this.name = 'CoreError';
  }

  /**
   * The command line's door (db/cli/io.ts) throws the core's answer on as an error, its code
   * giving the exit code: the sentence is already said, in English, and is said as it is.
   * Nothing else makes a CoreError from a sentence.
   */
  static relayed(code: ErrorCode, said: string, field?: string): CoreError {
    return new CoreError(code, { [RELAYED]: said }, field);
  }

  /** The message in a language. */
  say(lang: Lang): string {
    return this.text ? say(lang, this.text) : this.message;
  }

  /** The same error about a field inside a list (`contacts.3.` + its field). */
  under(prefix: string): CoreError {
    return new CoreError(this.code, this.text ?? { [RELAYED]: this.message }, this.field ? `${prefix}.${this.field}` : prefix, this.reason);
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

/** The first problem of a zod error, naming the field, with its reason key for the UI. */
export function describeZodError(error: z.ZodError, lang: Lang = 'en'): { message: string; field?: string; reason: Reason } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  let reason: Reason = { key: (issue && reasonOfText(issue.message)) ?? 'invalid' };
  let detail: string | undefined;
  if (issue?.code === 'unrecognized_keys') {
    detail = issue.keys.slice(0, 3).map((k) => k.slice(0, 40)).join(', ');
    reason = { key: 'unknown_fields' };
  } else if (issue?.code === 'invalid_type') {
    detail = String(issue.expected);
    reason = { key: 'invalid_type' };
  } else if (issue?.code === 'too_small' && !reasonOfText(issue.message)) {
    reason = { key: 'too_small', params: { min: Number(issue.minimum), origin: issue.origin } };
  } else if (issue?.code === 'too_big' && !reasonOfText(issue.message)) {
    reason = { key: 'too_big', params: { max: Number(issue.maximum), origin: issue.origin } };
  } else if (issue?.code === 'invalid_value') {
    reason = { key: 'invalid_value' };
  } else if (issue && reason.key === 'invalid') {
    detail = issue.message;
  }
  return { message: say(lang, text('door.invalid', { field: field ?? null, reason, ...(detail ? { detail } : {}) })), field, reason };
}

/** The SQLite result code of an error thrown by better-sqlite3 ("SQLITE_BUSY", "SQLITE_CONSTRAINT_FOREIGNKEY"…), or the errno code. */
function codeOf(e: unknown): string {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return '';
}

/**
 * Anything a handler threw, as the Result the caller gets, and whether the session must close
 * its file (damaged, or closed under it). A
 * CoreError says itself; a SQLite error is known by its code; anything else is "internal",
 * with no detail that could carry a record.
 */
export function failureOf(e: unknown, lang: Lang = 'en'): { result: Result<never>; closeSession: boolean } {
  if (e instanceof CoreError) return { result: fail(e.code, e.say(lang), e.field, e.reason), closeSession: false };
  const said = (t: Text) => say(lang, t);
  const code = codeOf(e);
  const none = (result: Result<never>) => ({ result, closeSession: false });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return none(fail('db_busy', said(text('error.busy'))));
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return none(fail('disk_full', said(text('error.disk_full'))));
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return none(fail('rejected', said(text('error.denied', { code }))));
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return none(fail('rejected', said(text('error.constraint'))));
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    // Damage found while working: the file is closed so that the app shows the restore offer
    // instead of going on with a database that cannot be trusted.
    return { result: fail('db_unreadable', said(text('error.damaged'))), closeSession: true };
  }
  // better-sqlite3 throws a TypeError with no code on a closed connection (a failed restore
  // closed the file under the session): log out rather than fail on.
  if (e instanceof TypeError && /connection is not open/i.test(e.message)) {
    return { result: fail('locked', said(text('error.closed'))), closeSession: true };
  }
  return none(fail('internal', said(text('error.internal'))));
}
