// Every answer that crosses IPC (or the test bridge) is a Result: never a raw Error.

export interface ApiError {
  code: string;
  message: string;
  /** The input field the message is about, as a dotted path (e.g. "supplies.0.quantity"). */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, field?: string): Result<never> => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});
