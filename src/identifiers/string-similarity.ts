import { foldText, tokenize } from './vietnamese-text';

/**
 * Similarity measures for names, all on folded text (accents, case and spacing ignored) and on code
 * points, returning 1 for equal and 0 for nothing in common. Pass `{ fold: false }` to compare the
 * strings exactly as given.
 */
export interface SimilarityOptions {
  fold?: boolean;
}

function prepare(a: string, b: string, options?: SimilarityOptions): [string[], string[]] {
  const fold = options?.fold ?? true;
  return [Array.from(fold ? foldText(a) : a), Array.from(fold ? foldText(b) : b)];
}

/** Jaro similarity. */
export function jaro(a: string, b: string, options?: SimilarityOptions): number {
  const [s, t] = prepare(a, b, options);
  return jaroOf(s, t);
}

function jaroOf(s: string[], t: string[]): number {
  if (s.length === 0 && t.length === 0) return 1;
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(t.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!tMatched[j] && s[i] === t[j]) {
        sMatched[i] = tMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    if (!sMatched[i]) continue;
    while (!tMatched[j]) j++;
    if (s[i] !== t[j]) transpositions++;
    j++;
  }
  const m = matches;
  return (m / s.length + m / t.length + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro–Winkler: Jaro boosted by the common prefix (up to 4 characters, scale 0.1), which suits names
 * where typos cluster at the end. MARTHA/MARHTA → 0.961.
 */
export function jaroWinkler(a: string, b: string, options?: SimilarityOptions): number {
  const [s, t] = prepare(a, b, options);
  const j = jaroOf(s, t);
  let prefix = 0;
  while (prefix < 4 && prefix < s.length && prefix < t.length && s[prefix] === t[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and adjacent transpositions, no substring edited twice ("CA"→"ABC" is 3, not 2).
 */
export function osaDistance(a: string, b: string, options?: SimilarityOptions): number {
  const [s, t] = prepare(a, b, options);
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/** 1 − OSA distance / length of the longer string. */
export function osaSimilarity(a: string, b: string, options?: SimilarityOptions): number {
  const [s, t] = prepare(a, b, options);
  const longest = Math.max(s.length, t.length);
  return longest === 0 ? 1 : 1 - osaDistance(s.join(''), t.join(''), { fold: false }) / longest;
}

/**
 * Jaccard similarity of the folded word sets, so order does not matter ("Văn Hùng Nguyễn" = "Nguyễn
 * Văn Hùng"). With `tokenThreshold` below 1, two words also count as shared when their Jaro–Winkler is
 * at least that (each word pairs at most once, best pairs first), tolerating a typo per word.
 */
export function tokenSetSimilarity(a: string, b: string, options?: { tokenThreshold?: number }): number {
  const s = [...new Set(tokenize(a))];
  const t = [...new Set(tokenize(b))];
  if (s.length === 0 && t.length === 0) return 1;
  const threshold = options?.tokenThreshold ?? 1;
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < t.length; j++) {
      const score = s[i] === t[j] ? 1 : threshold < 1 ? jaroWinkler(s[i], t[j], { fold: false }) : 0;
      if (score >= threshold) pairs.push([score, i, j]);
    }
  }
  pairs.sort((x, y) => y[0] - x[0]);
  const usedS = new Set<number>();
  const usedT = new Set<number>();
  let shared = 0;
  for (const [, i, j] of pairs) {
    if (usedS.has(i) || usedT.has(j)) continue;
    usedS.add(i);
    usedT.add(j);
    shared++;
  }
  return shared / (s.length + t.length - shared);
}
