import { BusinessName, cleanText, familyNameKey, familyNameWeight, NameClass, parseBusinessName, parsePersonName, PersonName, words } from '../../identifiers';

/**
 * What matching compares of one name. Keys are folded (no accents, lower case) because platforms drop
 * diacritics; `acc` keeps the tone marks (sorted words, family name folded) so that two names written
 * with marks that disagree ("Hùng" / "Hưng") are not taken for the same name.
 */
export interface NameFeatures {
  kind: NameClass;
  /** Family-first folded key ("nguyen van hung"; Huỳnh → hoang, Võ → vu), or the folded business core. */
  key: string;
  /** The key's words sorted: order-insensitive. */
  sorted: string;
  /** Sorted lower-case words with their marks, family folded; null when the text carries no marks. */
  acc: string | null;
  fam: string | null;
  giv: string | null;
}

const MARKS = /[\u0300-\u036f]/u;
const MAX_KEY = 120;

function sortedWords(text: string): string {
  return text.split(' ').filter((w) => w.length > 0).sort().join(' ');
}

function hasMarks(text: string): boolean {
  return MARKS.test(text.normalize('NFD')) || /[đĐ]/u.test(text);
}

function personFeatures(text: string, kind: NameClass, parsed?: PersonName | null): NameFeatures | null {
  const person = parsed ?? parsePersonName(text);
  if (!person) return null;
  const keyWords = person.key.split(' ');
  const displayWords = person.display.toLowerCase().split(' ');
  const fam = person.family ? familyNameKey(person.family) : null;
  // The family word is compared folded (regional spellings agree); the other words keep their marks.
  const accWords = fam ? [fam, ...displayWords.slice(1)] : displayWords;
  return {
    kind,
    key: person.key.slice(0, MAX_KEY),
    sorted: sortedWords(person.key).slice(0, MAX_KEY),
    acc: hasMarks(person.display) ? sortedWords(accWords.join(' ')).slice(0, MAX_KEY) : null,
    fam,
    giv: keyWords.length > 0 ? keyWords[keyWords.length - 1] : null,
  };
}

function businessFeatures(business: BusinessName, kind: NameClass): NameFeatures | null {
  if (business.folded === '') return null;
  // A household business or a shop is often just its owner's name: compare it as a person's name. A company's
  // name never is ("Công ty TNHH Thương mại Mai" is not Ms Mai).
  const ownerNamed = business.legalForm === null || business.legalForm === 'ho_kinh_doanh';
  const owner = ownerNamed ? personLike(business.core) : null;
  if (owner) return personFeatures(business.core, kind, owner);
  const coreWords = words(business.core).map((w) => w.text.toLowerCase());
  return {
    kind,
    key: business.folded.slice(0, MAX_KEY),
    sorted: business.key.slice(0, MAX_KEY),
    acc: hasMarks(business.core) ? coreWords.sort().join(' ').slice(0, MAX_KEY) : null,
    fam: null,
    giv: null,
  };
}

// classifyName's test for a personal name (2–5 letter-only words around a known family name), without parsing the
// text as a business name a second time: this runs for every name of every seller and taxpayer.
const NOT_A_NAME_CHARACTER = /[^\p{L}\p{M}\s.'’-]/u;

function personLike(text: string): PersonName | null {
  const count = words(text).length;
  if (count < 2 || count > 5 || NOT_A_NAME_CHARACTER.test(cleanText(text))) return null;
  const person = parsePersonName(text);
  return person?.family != null && familyNameWeight(person.family) > 0 ? person : null;
}

/** business/shop (legal form, shop markers, digits or symbols, long) versus person/unknown, as classifyName says. */
function classify(text: string, business: BusinessName): { kind: NameClass; person: PersonName | null } {
  if (business.legalForm) return { kind: 'business', person: null };
  if (business.markers.length > 0 || NOT_A_NAME_CHARACTER.test(cleanText(text)) || words(text).length > 5) return { kind: 'shop', person: null };
  const person = personLike(text);
  return { kind: person ? 'person' : 'unknown', person };
}

// "Chi nhánh Bắc Ninh - Công ty TNHH ABC": a branch named after its place, then its company. parseBusinessName
// takes the dash for a tagline break and keeps "Chi nhánh Bắc Ninh"; matching wants the company's name.
const BRANCH_OF = /^\s*(?:chi\s+nh[aá]nh|cn)\s[^-–—]*\s[-–—]+\s+(.+)$/iu;

function companyOfBranch(text: string): string {
  const match = BRANCH_OF.exec(text.normalize('NFC'));
  return match && parseBusinessName(match[1])?.legalForm ? match[1] : text;
}

const cache = new Map<string, NameFeatures | null>();
const CACHE_LIMIT = 300_000;

/**
 * Features of a personal, business or shop name; null when it holds no letters or digits. Memoised: the
 * same names recur (38 % of Vietnamese share one family name), and parsing is the costly part.
 */
export function nameFeatures(text: string | null | undefined): NameFeatures | null {
  if (!text) return null;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const name = companyOfBranch(text);
  const business = parseBusinessName(name);
  let features: NameFeatures | null = null;
  if (business) {
    const { kind, person } = classify(name, business);
    features = kind === 'business' || kind === 'shop' ? businessFeatures(business, kind) : personFeatures(name, kind, person);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, features);
  return features;
}
