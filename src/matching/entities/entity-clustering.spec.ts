import { clusterSellers } from './entity-clustering';

const groups = (roots: Map<number, number>) => {
  const byRoot = new Map<number, number[]>();
  for (const [id, root] of roots) byRoot.set(root, [...(byRoot.get(root) ?? []), id]);
  return [...byRoot.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
};

describe('clusterSellers', () => {
  it('groups sellers linked to one taxpayer and sellers joined by auto edges; the oldest seller is the root', () => {
    const roots = clusterSellers({
      sellers: [1, 2, 3, 4, 5],
      taxpayerOf: new Map([[2, 100], [4, 100]]),
      edges: [[3, 5, 20]],
      must: [],
      cannot: [],
    });
    expect(groups(roots)).toEqual([[1], [2, 4], [3, 5]]);
    expect(roots.get(4)).toBe(2);
  });

  it('never lets system evidence join two groups linked to different taxpayers', () => {
    const roots = clusterSellers({
      sellers: [1, 2, 3],
      taxpayerOf: new Map([[1, 100], [2, 200]]),
      edges: [[1, 3, 30], [2, 3, 20]],
      must: [],
      cannot: [],
    });
    // The stronger edge wins seller 3; the weaker one would join two taxpayers and is refused.
    expect(groups(roots)).toEqual([[1, 3], [2]]);
  });

  it('honours an officer’s split (cannot-link) against any evidence, and an officer’s merge (must-link)', () => {
    const roots = clusterSellers({
      sellers: [1, 2, 3, 4],
      taxpayerOf: new Map([[1, 100], [2, 100]]),
      edges: [[3, 4, 50]],
      must: [[1, 4]],
      cannot: [[1, 2], [3, 1]],
    });
    expect(groups(roots)).toEqual([[1, 4], [2], [3]]);
  });

  it('is deterministic whatever the order of its inputs', () => {
    const input = { sellers: [5, 3, 1, 4, 2], taxpayerOf: new Map([[5, 9]]), edges: [[2, 1, 10], [4, 5, 10], [3, 2, 5]] as Array<[number, number, number]>, must: [], cannot: [] };
    const reversed = { ...input, sellers: [...input.sellers].reverse(), edges: [...input.edges].reverse() };
    expect(groups(clusterSellers(input))).toEqual(groups(clusterSellers(reversed)));
  });
});
