import { COMBINING_MARKS, regexCharClass, SPACE_CHARS } from './characters';

/**
 * Text normalisation for comparing Vietnamese names and places. Input arrives in NFC ("ệ" as one code
 * point) or NFD (e + two combining marks: macOS, some Excel exports), with two accent placements for
 * the same word (Hòa / Hoà), in any case and spacing. Folding removes all of that; `ect_fold` in SQL
 * does the same steps in the same order so keys computed on either side agree.
 */

const SPACE_RUN = new RegExp(`${regexCharClass(SPACE_CHARS)}+`, 'g');
const MARKS = new RegExp(regexCharClass(COMBINING_MARKS), 'g');

/** Spaces collapsed to one ASCII space, ends trimmed. */
export function collapseSpaces(input: string): string {
  return input.replace(SPACE_RUN, ' ').trim();
}

/** NFC with spaces collapsed: the form to display and store. */
export function cleanText(input: string): string {
  return collapseSpaces(input.normalize('NFC'));
}

/**
 * Accent-, case- and space-insensitive form: NFD, combining marks removed, đ/Đ → d, lower case, spaces
 * collapsed. Punctuation is kept (see `tokenize`). "Nguyễn  Văn ĐỨC" → "nguyen van duc".
 */
export function foldText(input: string): string {
  const stripped = input.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd');
  return collapseSpaces(stripped.toLowerCase());
}

/** Folded words: anything that is not a letter or digit separates ("T.P.HCM" → t, p, hcm). */
export function tokenize(input: string): string[] {
  return foldText(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** Order-insensitive key: folded tokens, sorted. "Văn Hùng Nguyễn" and "Nguyễn Văn Hùng" share it. */
export function sortedTokenKey(input: string): string {
  return tokenize(input).sort().join(' ');
}

/**
 * NFC words with their folded twins, split like `tokenize`. Parsers match patterns on the folded side
 * and return the original spelling.
 */
export interface Word {
  text: string;
  folded: string;
}

export function words(input: string): Word[] {
  return cleanText(input)
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w.length > 0)
    .map((text) => ({ text, folded: foldText(text) }));
}
