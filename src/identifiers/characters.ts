/**
 * Character sets shared by the TypeScript checks and their SQL twins. The migration builds its SQL
 * from these same constants, so the two sides cannot drift apart on what counts as a space or a
 * separator. Sets are explicit lists (no `\s`): JavaScript's `\s` and PostgreSQL's `[[:space:]]`
 * disagree on several Unicode spaces.
 */

/** Spaces seen in spreadsheet exports and copy-paste: ASCII whitespace, NBSP, the U+2000 block, BOM. */
export const SPACE_CHARS =
  ' \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b' +
  '\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Hyphen and dash look-alikes that office software substitutes for "-". */
export const DASH_CHARS = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212';

/** Dropped from tax codes and personal IDs before checking: people write 0100.109.106 or 0100109106-001. */
export const ID_SEPARATORS = SPACE_CHARS + '.' + DASH_CHARS;

/** Phones also arrive as "(+84) 912-345-678". */
export const PHONE_SEPARATORS = ID_SEPARATORS + '()';

/** Unicode combining diacritical marks (U+0300–U+036F): every Vietnamese tone and vowel mark after NFD. */
export const COMBINING_MARKS = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x300 + i)).join('');

/** `\uXXXX` escapes read the same in a JavaScript RegExp and a PostgreSQL regular expression. */
export function regexCharClass(chars: string): string {
  const escaped = Array.from(chars, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `[${escaped.join('')}]`;
}

function deleteSet(chars: string): (input: string) => string {
  const set = new Set(chars);
  return (input) => {
    let out = '';
    for (const c of input) if (!set.has(c)) out += c;
    return out;
  };
}

function trimSet(chars: string): (input: string) => string {
  const set = new Set(chars);
  return (input) => {
    let start = 0;
    let end = input.length;
    while (start < end && set.has(input[start])) start++;
    while (end > start && set.has(input[end - 1])) end--;
    return input.slice(start, end);
  };
}

/** Mirrors SQL `translate(s, ID_SEPARATORS, '')`. */
export const stripIdSeparators = deleteSet(ID_SEPARATORS);
/** Mirrors SQL `translate(s, PHONE_SEPARATORS, '')`. */
export const stripPhoneSeparators = deleteSet(PHONE_SEPARATORS);
/** Mirrors SQL `btrim(s, SPACE_CHARS)`. */
export const trimSpaces = trimSet(SPACE_CHARS);
