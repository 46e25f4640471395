import { trimSpaces } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';

/**
 * A pragmatic subset of RFC 5322 addr-spec: a dot-atom local part (no quoted strings, no comments) of at
 * most 64 characters, a domain of at least two LDH labels whose last label is alphabetic (2+ letters)
 * or an IDN A-label (xn--), at most 254 characters in all. No IP literals, no raw Unicode (IDNs must
 * arrive as punycode); the 63-character label limit is not checked. Platforms send addresses people
 * type: these rules reject what mail systems would bounce, not the rare exotic valid address.
 *
 * The pattern is shared with SQL and deliberately has no bounded repetition or look-ahead: PostgreSQL's
 * regex engine expands `{1,254}` into states and ran 15× slower with them. Lengths are checked apart.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
export const EMAIL_PATTERN = `^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+(?:[A-Za-z][A-Za-z]+|xn--[A-Za-z0-9-]+)$`;
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;
const EMAIL_RE = new RegExp(EMAIL_PATTERN);

function isEmail(text: string): boolean {
  return EMAIL_RE.test(text) && text.length <= EMAIL_MAX_LENGTH && text.indexOf('@') <= EMAIL_LOCAL_MAX_LENGTH;
}

/**
 * Trimmed and lower-cased as a whole. Lower-casing the local part is not RFC-correct in theory, but no
 * mail system in use distinguishes case there, and matching needs one spelling per mailbox. Provider
 * quirks (Gmail dots, +tags) are deliberately kept: removing them would merge distinct people.
 */
export function parseEmail(input: string): Checked<string, typeof E.EMAIL_FORMAT> {
  const trimmed = trimSpaces(input);
  return isEmail(trimmed) ? ok(trimmed.toLowerCase()) : fail(E.EMAIL_FORMAT);
}

export function normalizeEmail(input: string): string | null {
  const result = parseEmail(input);
  return result.ok ? result.value : null;
}
