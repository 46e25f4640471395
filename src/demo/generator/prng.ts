/**
 * Seeded randomness. Every person, filler and file draws from its own stream derived from
 * (world seed, stream name, index), so a person's data does not depend on how many random numbers
 * anything before it consumed: the world stays reproducible and any one person can be re-derived.
 */

/** 32-bit integer mixing (murmur3 finaliser). */
export function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes a list of 32-bit integers into one seed. */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = mix32((h ^ mix32((p + 0x1234567) >>> 0)) + 0x7f4a7c15);
  return h;
}

/** Stable 32-bit code of a short label (stream names). */
export function labelCode(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for test data; never Math.random. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static for(worldSeed: number, stream: string, index = 0, extra = 0): Rng {
    let code = labelCodes.get(stream);
    if (code === undefined) labelCodes.set(stream, (code = labelCode(stream)));
    return new Rng(hashSeed(worldSeed, code, index, extra));
  }

  /** Float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. Safe for bounds below 2^53 (resolution ~hi/2^32). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** Log-uniform integer in [lo, hi]: amounts spread over orders of magnitude. */
  logInt(lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, Math.round(Math.exp(this.range(Math.log(lo), Math.log(hi))))));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** k distinct items, in a random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  }
}

/** Weighted choice with a cumulative table and binary search (tables of a few hundred names). */
export class WeightedTable<T> {
  private readonly items: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const positive = entries.filter(([, w]) => w > 0);
    if (positive.length === 0) throw new Error('WeightedTable needs at least one positive weight');
    this.items = positive.map(([item]) => item);
    this.cumulative = new Float64Array(positive.length);
    let sum = 0;
    positive.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }

  get size(): number {
    return this.items.length;
  }

  /** The heaviest entries first (for namesake clusters of common names). */
  top(n: number): T[] {
    const weights = this.items.map((item, i) => [item, this.cumulative[i] - (i ? this.cumulative[i - 1] : 0)] as const);
    return weights
      .slice()
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([item]) => item);
  }
}

/** A choice among the keys of a record of weights, prepared once (hot paths draw millions of times). */
export class Choice<K extends string> {
  private readonly keys: K[];
  private readonly cumulative: number[];

  constructor(weights: Readonly<Record<K, number>>) {
    this.keys = Object.keys(weights) as K[];
    let sum = 0;
    this.cumulative = this.keys.map((k) => (sum += weights[k]));
  }

  pick(rng: Rng): K {
    const x = rng.next() * this.cumulative[this.cumulative.length - 1];
    for (let i = 0; i < this.keys.length; i++) if (x < this.cumulative[i]) return this.keys[i];
    return this.keys[this.keys.length - 1];
  }
}

const labelCodes = new Map<string, number>();
