// Every answer that crosses IPC (or the test bridge) is a Result: never a raw Error.

export interface ApiError {
  code: string;
  message: string;
  /** The input field the message is about, as a dotted path (e.g. "supplies.0.quantity"). */
  field?: string;
  /** A stable key (and its numbers) for a validation message, for the UI to translate. */
  reason?: import('./messages').Reason;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, field?: string, reason?: import('./messages').Reason): Result<never> => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}), ...(reason ? { reason } : {}) },
});
