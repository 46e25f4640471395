import { familyNameWeight } from './family-names';
import { LegalForm, matchLegalForm } from './legal-form';
import { parsePersonName } from './person-name';
import { stripShopMarkers } from './shop-name';
import { cleanText, Word, words } from './vietnamese-text';

/**
 * Seller and taxpayer names as platforms and the registry write them: company names with legal forms,
 * shop names with decorations, and plain personal names. `parseBusinessName` separates the name proper
 * (`core`) from the legal form and shop markers; `classifyName` says which of the three it looks like.
 */
export interface BusinessName {
  legalForm: LegalForm | null;
  /** "Chi nhánh …": a branch of the named company. */
  branch: boolean;
  /** Folded shop markers and taglines that were removed ("shop", "hang nhat", "since 2019", …). */
  markers: string[];
  /** The name proper, NFC words: "Mẹ Bắp". */
  core: string;
  /** Folded core: "me bap". */
  folded: string;
  /** Folded core words, sorted: the order-insensitive key. */
  key: string;
}

// Brackets usually hold promotions or a translation ("[Mã giảm 50k]", "(ABC Co., Ltd)"): not the name.
const BRACKETED = /[[(【（{][^\])】）}]*[\])】）}]/gu;
// Emoji, symbols and dashes between spaces separate a name from its tagline.
const SYMBOLS = /[\p{Extended_Pictographic}\p{So}\uFE0F\u200D|•·~*#]/gu;
const TAGLINE_BREAK = /\s[-–—]+\s|[–—:]|\s\/\s/gu;

function segments(input: string): Word[][] {
  const text = cleanText(input).replace(BRACKETED, ' | ').replace(SYMBOLS, ' | ').replace(TAGLINE_BREAK, ' | ');
  return text.split('|').map(words).filter((s) => s.length > 0);
}

function result(w: Word[], legalForm: LegalForm | null, branch: boolean, markers: string[]): BusinessName {
  const folded = w.map((x) => x.folded);
  return {
    legalForm,
    branch,
    markers,
    core: w.map((x) => x.text).join(' '),
    folded: folded.join(' '),
    key: [...folded].sort().join(' '),
  };
}

/** Null when the text holds no letters or digits. */
export function parseBusinessName(input: string): BusinessName | null {
  const all = words(input.replace(BRACKETED, ' '));
  if (all.length === 0) return null;

  // A registered company name has no tagline and no shop markers: a dash or "Việt Nam" in it is part of
  // the name ("Thương mại - Dịch vụ", "Sữa Việt Nam").
  const legal = matchLegalForm(all.map((w) => w.folded));
  if (legal) return result(all.slice(legal.prefixLength, all.length - legal.suffixLength), legal.form, legal.branch, []);

  // Otherwise pick the segment holding the name: the first one a shop marker was peeled from, else the
  // first with anything left ("Hàng Nhật Chính Hãng - Shop Mẹ Bắp" → "Mẹ Bắp").
  const parts = segments(input).map((s) => ({ words: s, ...stripShopMarkers(s) }));
  const markers = parts.flatMap((p) => p.markers);
  const named = parts.filter((p) => p.start < p.end);
  const chosen = named.find((p) => p.markers.length > 0) ?? named[0];
  if (!chosen) return result(all, null, false, markers);
  return result(chosen.words.slice(chosen.start, chosen.end), null, false, markers);
}

export type NameClass = 'person' | 'business' | 'shop' | 'unknown';

/**
 * What a name looks like: 'business' when it carries a legal form (household businesses included),
 * 'shop' when it has shop markers, digits, symbols or taglines, 'person' when it is 2–5 letter-only words
 * that read as a Vietnamese personal name, else 'unknown' (a single word, a foreign name).
 */
export function classifyName(input: string): NameClass {
  const business = parseBusinessName(input);
  if (!business) return 'unknown';
  if (business.legalForm) return 'business';
  if (business.markers.length > 0) return 'shop';
  const text = cleanText(input);
  if (/[^\p{L}\p{M}\s.'’-]/u.test(text)) return 'shop';
  const all = words(text);
  if (all.length > 5) return 'shop';
  const person = parsePersonName(text);
  if (all.length >= 2 && person?.family && looksVietnamese(all) && familyNameWeight(person.family) > 0) return 'person';
  return 'unknown';
}

// Vietnamese syllables are short and never contain f, j, w or z.
function looksVietnamese(all: Word[]): boolean {
  return all.every((w) => /^[a-eg-ik-vxy]{1,7}$/.test(w.folded));
}
