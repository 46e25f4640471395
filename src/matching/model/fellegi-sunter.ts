import { FIELDS } from './comparisons';

/**
 * Fellegi–Sunter scoring. For each field, m[l] = P(level l | same person) and u[l] = P(level l | different
 * people); a pair's match weight is Σ log2(m/u) over the fields both records have, plus the prior log-odds.
 *
 * Estimation (every training run, from the data):
 * - u from random pairs (almost all non-matches) — `estimateU`;
 * - m and the share of matches among blocked candidate pairs by EM over the counts of level patterns —
 *   `expectationMaximisation`. EM also fits the candidates' own u (candidates agree more often than random
 *   pairs, because blocking chose them for agreeing); that u absorbs the blocking bias and is not used to score.
 * Both are smoothed toward the documented priors below with a small pseudo-count, so a tiny data set gives a
 * sensible model and a large one is driven by its data.
 */
export type Probabilities = number[][]; // [field][level]

export interface PatternCount {
  levels: number[]; // per field, -1 = missing
  count: number;
}

/** Starting points and smoothing targets: what a clean same-person pair and a random pair usually look like. */
export const PRIOR_M: Probabilities = [
  [0.06, 0.01, 0.05, 0.88], // id: different, related, near, exact
  [0.04, 0.06, 0.08, 0.12, 0.1, 0.6], // name: different, one_part, partial, typo, reordered, exact
  [0.05, 0.05, 0.1, 0.8], // dob: different, year, close, exact
  [0.15, 0.85], // phone
  [0.2, 0.1, 0.7], // email
  [0.08, 0.12, 0.15, 0.25, 0.4], // address: different, province, area, street, house_street
];

export const PRIOR_U: Probabilities = [
  [0.99997, 0.00001, 0.00001, 0.00001],
  [0.7, 0.25, 0.04, 0.005, 0.0005, 0.0045],
  [0.98, 0.015, 0.004, 0.001],
  [0.9999, 0.0001],
  [0.9995, 0.0004, 0.0001],
  [0.9, 0.08, 0.015, 0.004, 0.001],
];

export interface EmResult {
  m: Probabilities;
  u: Probabilities;
  lambda: number;
  iterations: number;
  converged: boolean;
}

const M_PSEUDO = 20;
const U_PSEUDO = 20;

function normalise(counts: number[], prior: number[], pseudo: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0) + pseudo;
  return counts.map((c, l) => (c + pseudo * prior[l]) / total);
}

function zeros(): Probabilities {
  return FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
}

/** EM over level-pattern counts of candidate pairs. Deterministic: same counts, same result. */
export function expectationMaximisation(
  patterns: readonly PatternCount[],
  start: { m: Probabilities; u: Probabilities; lambda: number },
  options: { maxIterations?: number; tolerance?: number } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  let { m, u, lambda } = { m: start.m.map((r) => [...r]), u: start.u.map((r) => [...r]), lambda: start.lambda };
  const startU = start.u;
  const total = patterns.reduce((s, p) => s + p.count, 0);
  if (total === 0) return { m, u, lambda, iterations: 0, converged: true };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const mCounts = zeros();
    const uCounts = zeros();
    let matches = 0;
    for (const p of patterns) {
      let pm = lambda;
      let pu = 1 - lambda;
      p.levels.forEach((l, f) => {
        if (l < 0) return;
        pm *= m[f][l];
        pu *= u[f][l];
      });
      const r = pm + pu > 0 ? pm / (pm + pu) : 0;
      matches += r * p.count;
      p.levels.forEach((l, f) => {
        if (l < 0) return;
        mCounts[f][l] += r * p.count;
        uCounts[f][l] += (1 - r) * p.count;
      });
    }
    const next = {
      m: mCounts.map((c, f) => normalise(c, PRIOR_M[f], M_PSEUDO)),
      u: uCounts.map((c, f) => normalise(c, startU[f], U_PSEUDO)),
      lambda: Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9),
    };
    const change = Math.max(Math.abs(next.lambda - lambda), ...next.m.flatMap((row, f) => row.map((v, l) => Math.abs(v - m[f][l]))));
    ({ m, u, lambda } = next);
    if (change < tolerance) return { m, u, lambda, iterations: iteration, converged: true };
  }
  return { m, u, lambda, iterations: maxIterations, converged: false };
}

/** u from level counts of random pairs, smoothed toward PRIOR_U (a level never seen among strangers keeps a small u). */
export function estimateU(levelCounts: number[][], sampled: number): Probabilities {
  return levelCounts.map((counts, f) => {
    const pseudo = Math.min(U_PSEUDO, Math.max(1, sampled / 1000));
    return normalise(counts, PRIOR_U[f], pseudo);
  });
}

export function weights(m: Probabilities, u: Probabilities): number[][] {
  return m.map((row, f) => row.map((mv, l) => Math.log2(mv / u[f][l])));
}

/** Prior log2-odds that a candidate pair matches, from the expected matches per left record and the size of the other side. */
export function priorWeight(matchesPerRecord: number, otherSide: number): number {
  const lambda = Math.min(Math.max(matchesPerRecord / Math.max(otherSide, 1), 1e-12), 0.5);
  return Math.log2(lambda / (1 - lambda));
}

export function probability(weight: number): number {
  const w = Math.max(-60, Math.min(60, weight));
  return 1 / (1 + 2 ** -w);
}
