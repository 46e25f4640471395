/** Vietnamese personal names drawn from the shipped frequency tables (src/demo/data/names.json). */
import namesData from '../data/names.json';
import { Rng, WeightedTable } from './prng';

export type Sex = 'm' | 'f';

export interface PersonName {
  family: string;
  middle: string[];
  given: string;
  sex: Sex;
}

export function fullName(n: PersonName): string {
  return [n.family, ...n.middle, n.given].join(' ');
}

type Pair = [string, number];
const families = new WeightedTable(namesData.familyNames as Pair[]);
const middles = {
  m: new WeightedTable(namesData.middleNames.male as Pair[]),
  f: new WeightedTable(namesData.middleNames.female as Pair[]),
};
const givens = {
  m: new WeightedTable(namesData.givenNames.male as Pair[]),
  f: new WeightedTable(namesData.givenNames.female as Pair[]),
};
const tokenCounts = new WeightedTable(Object.entries(namesData.nameTokenCounts).map(([k, v]) => [Number(k), v] as [number, number]));
const variants = namesData.regionalVariants as Record<string, string>;

/** Southern variant of Hoàng/Vũ (Huỳnh/Võ) for people from the centre-south (old codes ≥ 49). */
function regional(family: string, oldProvince: string, rng: Rng): string {
  const south = variants[family];
  if (!south) return family;
  const isSouth = Number(oldProvince) >= 49;
  return rng.chance(isSouth ? 0.8 : 0.1) ? south : family;
}

export function drawName(rng: Rng, sex: Sex, oldProvince: string): PersonName {
  const family = regional(families.pick(rng), oldProvince, rng);
  const parts = tokenCounts.pick(rng);
  const middle: string[] = [];
  const given = givens[sex].pick(rng);
  for (let k = 0; k < parts - 2; k++) {
    let token = middles[sex].pick(rng);
    // "Thị" and "Văn" only ever come first, and a name does not repeat a token.
    for (let tries = 0; tries < 5 && (token === given || middle.includes(token) || (k > 0 && (token === 'Thị' || token === 'Văn'))); tries++) token = middles[sex].pick(rng);
    if (token !== given && !middle.includes(token)) middle.push(token);
  }
  return { family, middle, given, sex };
}

/** The most common names, for namesake clusters ("Nguyễn Văn Hùng", "Nguyễn Thị Lan", …). */
export const COMMON_NAMES: readonly PersonName[] = [
  { family: 'Nguyễn', middle: ['Văn'], given: 'Hùng', sex: 'm' },
  { family: 'Nguyễn', middle: ['Thị'], given: 'Lan', sex: 'f' },
  { family: 'Trần', middle: ['Văn'], given: 'Nam', sex: 'm' },
  { family: 'Nguyễn', middle: ['Thị'], given: 'Hương', sex: 'f' },
  { family: 'Lê', middle: ['Văn'], given: 'Tuấn', sex: 'm' },
  { family: 'Nguyễn', middle: ['Văn'], given: 'Dũng', sex: 'm' },
  { family: 'Phạm', middle: ['Thị'], given: 'Mai', sex: 'f' },
  { family: 'Nguyễn', middle: ['Minh'], given: 'Anh', sex: 'm' },
  { family: 'Trần', middle: ['Thị'], given: 'Thảo', sex: 'f' },
  { family: 'Nguyễn', middle: ['Thị'], given: 'Hà', sex: 'f' },
];

const TOP = {
  family: families.top(6),
  middle: { m: middles.m.top(3), f: middles.f.top(3) },
  given: { m: givens.m.top(25), f: givens.f.top(25) },
};

/** A common name for namesake cluster k: the fixed list first, then top family × top middle × top given. */
export function commonName(k: number): PersonName {
  if (k < COMMON_NAMES.length) return COMMON_NAMES[k];
  const sex: Sex = k % 2 === 0 ? 'm' : 'f';
  const fam = TOP.family;
  const mid = TOP.middle[sex];
  const giv = TOP.given[sex];
  const x = k - COMMON_NAMES.length;
  return { family: fam[x % fam.length], middle: [mid[Math.floor(x / 7) % mid.length]], given: giv[Math.floor(x / 3) % giv.length], sex };
}

const DIACRITICS = /[\u0300-\u036f]/g;
const stripped = new Map<string, string>();

function stripWord(w: string): string {
  let s = stripped.get(w);
  if (s === undefined) {
    s = w.normalize('NFD').replace(DIACRITICS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
    // Name syllables and place words repeat endlessly; stop caching if something else floods in.
    if (stripped.size < 200_000) stripped.set(w, s);
  }
  return s;
}

/** "Nguyễn Văn Hùng" → "Nguyen Van Hung" (word by word, cached: names are made of few syllables). */
export function stripDiacritics(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s.charCodeAt(i) === 32) {
      out += (start ? ' ' : '') + stripWord(s.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

const handles = new Map<string, string>();

/** Lower-case ASCII handle for e-mail addresses. */
export function asciiHandle(s: string): string {
  let h = handles.get(s);
  if (h === undefined) {
    h = stripDiacritics(s).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (handles.size < 200_000) handles.set(s, h);
  }
  return h;
}
