import { FIELDS, patternSql, unpackPattern } from './comparisons';
import { estimateU, expectationMaximisation, PatternCount, PRIOR_M, PRIOR_U, priorWeight, probability, weights } from './fellegi-sunter';
import { buildModel } from './match-model';

/** Levels for the six fields; -1 = missing. */
const L = (id: number, name: number, dob: number, phone: number, email: number, address: number) => [id, name, dob, phone, email, address];

describe('Fellegi–Sunter', () => {
  it('recovers m and the match share from a mixture of matches and non-matches', () => {
    // 1,000 true pairs (ID exact 90 %, name exact 80 %) and 9,000 non-matches that agree on little.
    const patterns: PatternCount[] = [
      { levels: L(3, 5, -1, -1, -1, 4), count: 720 },
      { levels: L(3, 1, -1, -1, -1, 4), count: 180 },
      { levels: L(0, 5, -1, -1, -1, 4), count: 80 },
      { levels: L(0, 1, -1, -1, -1, 3), count: 20 },
      { levels: L(0, 1, -1, -1, -1, 1), count: 7_000 },
      { levels: L(0, 0, -1, -1, -1, 0), count: 1_960 },
      { levels: L(0, 5, -1, -1, -1, 1), count: 40 },
    ];
    const em = expectationMaximisation(patterns, { m: PRIOR_M, u: PRIOR_U.map((r) => r.map(() => 1 / r.length)), lambda: 0.3 });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeGreaterThan(0.09);
    expect(em.lambda).toBeLessThan(0.11);
    expect(em.m[0][3]).toBeGreaterThan(0.85);
    expect(em.m[1][5]).toBeGreaterThan(0.7);
  });

  it('is deterministic', () => {
    const patterns: PatternCount[] = [
      { levels: L(3, 5, 3, 1, -1, 4), count: 10 },
      { levels: L(0, 0, 0, 0, -1, 1), count: 100 },
    ];
    const start = { m: PRIOR_M, u: PRIOR_U, lambda: 0.2 };
    expect(expectationMaximisation(patterns, start)).toEqual(expectationMaximisation(patterns, start));
  });

  it('smooths u toward the prior, so a level never seen among strangers keeps a small u rather than zero', () => {
    const counts = FIELDS.map((f) => f.levels.map((_, l) => (l === 0 ? 1000 : 0)));
    const u = estimateU(counts, 1000);
    for (const row of u) {
      expect(row.every((v) => v > 0)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('turns m/u into log2 Bayes factors, a prior and a probability', () => {
    const w = weights([[0.5, 0.5]], [[0.25, 0.75]]);
    expect(w[0][0]).toBeCloseTo(1);
    expect(w[0][1]).toBeCloseTo(Math.log2(2 / 3));
    expect(priorWeight(1, 1024)).toBeCloseTo(Math.log2(1 / 1023));
    expect(probability(0)).toBe(0.5);
    expect(probability(Math.log2(99))).toBeCloseTo(0.99);
  });

  it('packs and unpacks level patterns', () => {
    const levels = [3, -1, 0, 1, 2, 4];
    const packed = levels.reduce((acc, l, i) => acc | ((l + 1) << (3 * i)), 0);
    expect(unpackPattern(packed)).toEqual(levels);
    expect(patternSql(['a', 'b'])).toBe('(coalesce(a + 1, 0)::int << 0) | (coalesce(b + 1, 0)::int << 3)');
  });

  it('names a model by its rounded parameters, so retraining on the same data keeps the version', () => {
    const params = { m: PRIOR_M, u: PRIOR_U, matchesPerRecord: 0.7, tfShare: { name: [0, 0, 0, 0, 0.1, 0.9], phone: [0, 1] } };
    const thresholds = { auto: 0.99, review: 0.5, marginBits: 3 };
    const a = buildModel('link', params, thresholds, { trainedAt: 'x' });
    const b = buildModel('link', { ...params, matchesPerRecord: 0.7000000001 }, thresholds, { trainedAt: 'y' });
    expect(a.version).toBe(b.version);
    expect(buildModel('link', params, { ...thresholds, auto: 0.995 }, {}).version).not.toBe(a.version);
  });
});
