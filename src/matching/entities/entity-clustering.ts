/**
 * Groups sellers into entities (pure, deterministic). Evidence, strongest first:
 * 1. officer merges (must-link) — always applied;
 * 2. sellers linked (auto or confirmed) to the same taxpayer — one taxpayer is one person or business;
 * 3. seller↔seller edges in the auto band, best weight first.
 * A union never crosses an officer's split (cannot-link), and system evidence never joins two groups already
 * linked to different taxpayers: namesakes sharing an address stay apart when the registry says they differ.
 */
export interface ClusterInput {
  sellers: readonly number[];
  /** Seller → taxpayer of its auto/confirmed link. */
  taxpayerOf: ReadonlyMap<number, number>;
  edges: ReadonlyArray<readonly [a: number, b: number, weight: number]>;
  must: ReadonlyArray<readonly [number, number]>;
  cannot: ReadonlyArray<readonly [number, number]>;
}

export class ConstrainedUnionFind {
  private readonly parent = new Map<number, number>();
  private readonly taxpayer = new Map<number, number>();
  private readonly cannot = new Map<number, number[]>();

  constructor(ids: readonly number[], taxpayerOf: ReadonlyMap<number, number>, cannot: ReadonlyArray<readonly [number, number]>) {
    for (const id of ids) {
      this.parent.set(id, id);
      const t = taxpayerOf.get(id);
      if (t !== undefined) this.taxpayer.set(id, t);
    }
    for (const [a, b] of cannot) {
      if (!this.parent.has(a) || !this.parent.has(b)) continue;
      this.cannot.set(a, [...(this.cannot.get(a) ?? []), b]);
      this.cannot.set(b, [...(this.cannot.get(b) ?? []), a]);
    }
  }

  find(id: number): number {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    for (let x = id; x !== root; ) {
      const next = this.parent.get(x)!;
      this.parent.set(x, root);
      x = next;
    }
    return root;
  }

  /** Joins the groups of a and b unless a constraint forbids it; returns whether they are now one group. */
  union(a: number, b: number, rules: { respectTaxpayers: boolean }): boolean {
    if (!this.parent.has(a) || !this.parent.has(b)) return false;
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    if (this.forbidden(ra, rb)) return false;
    const ta = this.taxpayer.get(ra);
    const tb = this.taxpayer.get(rb);
    if (rules.respectTaxpayers && ta !== undefined && tb !== undefined && ta !== tb) return false;
    if (rb < ra) [ra, rb] = [rb, ra]; // the smaller (older) seller id stays the root
    this.parent.set(rb, ra);
    if (ta === undefined && tb !== undefined) this.taxpayer.set(ra, tb);
    const merged = [...(this.cannot.get(ra) ?? []), ...(this.cannot.get(rb) ?? [])];
    if (merged.length > 0) this.cannot.set(ra, merged);
    return true;
  }

  private forbidden(ra: number, rb: number): boolean {
    const check = (root: number, other: number) => (this.cannot.get(root) ?? []).some((x) => this.find(x) === other);
    return check(ra, rb) || check(rb, ra);
  }
}

/** Seller id → root seller id (the oldest seller of its group). */
export function clusterSellers(input: ClusterInput): Map<number, number> {
  const sellers = [...input.sellers].sort((x, y) => x - y);
  const uf = new ConstrainedUnionFind(sellers, input.taxpayerOf, input.cannot);
  const sortedPairs = (pairs: ReadonlyArray<readonly [number, number]>) => [...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1]);

  for (const [a, b] of sortedPairs(input.must)) uf.union(a, b, { respectTaxpayers: false });

  const firstOfTaxpayer = new Map<number, number>();
  for (const id of sellers) {
    const t = input.taxpayerOf.get(id);
    if (t === undefined) continue;
    const first = firstOfTaxpayer.get(t);
    if (first === undefined) firstOfTaxpayer.set(t, id);
    else uf.union(first, id, { respectTaxpayers: true });
  }

  const edges = [...input.edges].sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  for (const [a, b] of edges) uf.union(a, b, { respectTaxpayers: true });

  return new Map(sellers.map((id) => [id, uf.find(id)]));
}
