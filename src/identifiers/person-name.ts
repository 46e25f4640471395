import { familyNameKey, familyNameWeight } from './family-names';
import { Word, words } from './vietnamese-text';

/**
 * Vietnamese personal names are written family – middle – given ("Nguyễn Văn Hùng"), but platform and
 * foreign-format data (DPI FirstName/LastName, passports, English UIs) also give "Hùng Nguyễn Văn"
 * (given first, then the family+middle block) and "Hung Van Nguyen" (Western order). The parser scores
 * the three readings and keeps the most plausible; ties go to the Vietnamese order.
 */
export type NameOrder = 'family_first' | 'given_family_middle' | 'given_middle_family';

export interface PersonName {
  family: string | null;
  middle: string[];
  given: string | null;
  order: NameOrder;
  /** NFC, family-first, each word capitalised: "Nguyễn Văn Hùng". */
  display: string;
  /** Folded, family-first: "nguyen van hung". */
  folded: string;
  /** Like `folded` with regional family spellings merged (Huỳnh → hoang, Võ → vu): the matching key. */
  key: string;
}

// Middle names so typical that seeing one in a middle position is strong evidence for a reading, and
// seeing one as the "given" name evidence against it.
const TYPICAL_MIDDLE = new Set(['van', 'thi']);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr']);
const VIETNAMESE_TITLES = new Set(['ong', 'ba']);

interface Reading {
  order: NameOrder;
  family: Word;
  middle: Word[];
  given: Word;
}

function readings(w: Word[]): Reading[] {
  const n = w.length;
  const out: Reading[] = [{ order: 'family_first', family: w[0], middle: w.slice(1, n - 1), given: w[n - 1] }];
  if (n >= 3) out.push({ order: 'given_family_middle', family: w[1], middle: w.slice(2), given: w[0] });
  out.push({ order: 'given_middle_family', family: w[n - 1], middle: w.slice(1, n - 1), given: w[0] });
  return out;
}

function plausibility(r: Reading): number {
  let score = familyNameWeight(r.family.text);
  if (r.middle.some((m) => TYPICAL_MIDDLE.has(m.folded))) score += 2;
  if (TYPICAL_MIDDLE.has(r.given.folded)) score -= 3;
  return score;
}

function capitalise(word: string): string {
  const lower = word.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Words of a personal name without titles ("Mr.", and "Ông"/"Bà" before a family name). */
function nameWords(input: string): Word[] {
  let w = words(input).filter((x) => /^\p{L}+$/u.test(x.folded));
  if (w.length > 1 && TITLES.has(w[0].folded)) w = w.slice(1);
  // "Ông"/"Bà" are also family names (Ông), so drop them only before another family name.
  if (w.length > 2 && VIETNAMESE_TITLES.has(w[0].folded) && familyNameWeight(w[1].text) > 0) w = w.slice(1);
  return w;
}

/** Null when the text holds no letters. A single word is taken as a given name. */
export function parsePersonName(input: string): PersonName | null {
  const w = nameWords(input);
  if (w.length === 0) return null;
  if (w.length === 1) {
    const given = capitalise(w[0].text);
    return { family: null, middle: [], given, order: 'family_first', display: given, folded: w[0].folded, key: w[0].folded };
  }
  let best = readings(w)[0];
  let bestScore = plausibility(best);
  for (const r of readings(w).slice(1)) {
    const score = plausibility(r);
    if (score > bestScore) [best, bestScore] = [r, score];
  }
  const ordered = [best.family, ...best.middle, best.given];
  const folded = ordered.map((x) => x.folded).join(' ');
  return {
    family: capitalise(best.family.text),
    middle: best.middle.map((m) => capitalise(m.text)),
    given: capitalise(best.given.text),
    order: best.order,
    display: ordered.map((x) => capitalise(x.text)).join(' '),
    folded,
    key: [familyNameKey(best.family.text), ...ordered.slice(1).map((x) => x.folded)].join(' '),
  };
}

/** The matching key of a personal name, or '' when there is none. */
export function personNameKey(input: string): string {
  return parsePersonName(input)?.key ?? '';
}

/** True when the word is a known Vietnamese family name (accent- and case-insensitive). */
export function isFamilyName(word: string): boolean {
  return familyNameWeight(word) > 0;
}
