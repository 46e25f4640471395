import { IdentifierErrorCode } from './error-codes';

/** What every validator returns: the parsed value, or one stable error code (never an exception). */
export type Checked<T, C extends IdentifierErrorCode = IdentifierErrorCode> =
  | { ok: true; value: T }
  | { ok: false; code: C };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends IdentifierErrorCode>(code: C): { ok: false; code: C } {
  return { ok: false, code };
}
