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
  | 'internal';

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
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
