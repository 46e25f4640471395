import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { copyLine, copyLines } from '../sql/copy-rows';
import { clusterSellers } from './entity-clustering';
import { writeEntities } from './entity-writer';

const PAGE = 200_000;
const MAX_EXPANSIONS = 6;

/**
 * Re-forms the seller entities a run can have changed. The affected set is closed over everything that can join
 * sellers (entity membership, auto edges, shared taxpayer links, officer constraints), grouped in Node
 * (entity-clustering.ts), and written set-based (entity-writer.ts). Runs inside the caller's transaction.
 */
@Injectable()
export class EntityService {
  async assign(client: PoolClient, runId: string): Promise<{ sellers: number; entitiesTouched: number; membershipsChanged: number }> {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_ent_sellers (seller_id bigint PRIMARY KEY)`);
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_ent_assign (seller_id bigint PRIMARY KEY, root bigint NOT NULL)`);
    await client.query(`TRUNCATE tmp_ent_sellers, tmp_ent_assign`);
    const { rowCount } = await client.query(`INSERT INTO tmp_ent_sellers SELECT seller_id FROM match_run_sellers WHERE run_id = $1`, [runId]);
    await client.query(`ANALYZE tmp_ent_sellers`);
    // A run over every seller is closed already (exact count: a seller left out would let another group take its entity).
    const { rows: all } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM platform_sellers`);
    if ((rowCount ?? 0) < Number(all[0].n)) await this.closeOver(client);

    const sellers: number[] = [];
    const taxpayerOf = new Map<number, number>();
    for (let after = 0; ; ) {
      const { rows } = await client.query<{ seller_id: string; taxpayer_id: string | null }>(
        `SELECT s.seller_id, l.taxpayer_id FROM tmp_ent_sellers s
         LEFT JOIN seller_links l ON l.seller_id = s.seller_id AND l.band IN ('auto', 'confirmed')
         WHERE s.seller_id > $1 ORDER BY s.seller_id LIMIT $2`,
        [after, PAGE],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const id = Number(row.seller_id);
        sellers.push(id);
        if (row.taxpayer_id !== null) taxpayerOf.set(id, Number(row.taxpayer_id));
      }
      after = sellers[sellers.length - 1];
    }
    const { rows: edgeRows } = await client.query<{ a: string; b: string; w: string }>(
      `SELECT e.seller_lo AS a, e.seller_hi AS b, e.match_weight AS w FROM match_seller_edges e
       JOIN tmp_ent_sellers x ON x.seller_id = e.seller_lo JOIN tmp_ent_sellers y ON y.seller_id = e.seller_hi
       WHERE e.band = 'auto'`,
    );
    const { rows: constraintRows } = await client.query<{ a: string; b: string; kind: 'must' | 'cannot' }>(
      `SELECT c.seller_lo AS a, c.seller_hi AS b, c.kind FROM entity_constraints c
       JOIN tmp_ent_sellers x ON x.seller_id = c.seller_lo JOIN tmp_ent_sellers y ON y.seller_id = c.seller_hi`,
    );
    const pair = (r: { a: string; b: string }) => [Number(r.a), Number(r.b)] as const;
    const roots = clusterSellers({
      sellers,
      taxpayerOf,
      edges: edgeRows.map((r) => [Number(r.a), Number(r.b), Number(r.w)] as const),
      must: constraintRows.filter((r) => r.kind === 'must').map(pair),
      cannot: constraintRows.filter((r) => r.kind === 'cannot').map(pair),
    });
    await copyLines(client, 'tmp_ent_assign', ['seller_id', 'root'], assignLines(roots));
    const written = await writeEntities(client, runId);
    return { sellers: sellers.length, ...written };
  }

  /** Grows tmp_ent_sellers until nothing that could join one of its sellers is outside it. */
  private async closeOver(client: PoolClient): Promise<void> {
    for (let round = 0; round < MAX_EXPANSIONS; round++) {
      const added = await client.query(`
        INSERT INTO tmp_ent_sellers (seller_id)
        SELECT m2.seller_id FROM tmp_ent_sellers s
          JOIN seller_entity_members m ON m.seller_id = s.seller_id
          JOIN seller_entity_members m2 ON m2.entity_id = m.entity_id
        UNION SELECT e.seller_hi FROM tmp_ent_sellers s JOIN match_seller_edges e ON e.seller_lo = s.seller_id WHERE e.band = 'auto'
        UNION SELECT e.seller_lo FROM tmp_ent_sellers s JOIN match_seller_edges e ON e.seller_hi = s.seller_id WHERE e.band = 'auto'
        UNION SELECT l2.seller_id FROM tmp_ent_sellers s
          JOIN seller_links l ON l.seller_id = s.seller_id AND l.band IN ('auto', 'confirmed')
          JOIN seller_links l2 ON l2.taxpayer_id = l.taxpayer_id AND l2.band IN ('auto', 'confirmed')
        UNION SELECT c.seller_hi FROM tmp_ent_sellers s JOIN entity_constraints c ON c.seller_lo = s.seller_id
        UNION SELECT c.seller_lo FROM tmp_ent_sellers s JOIN entity_constraints c ON c.seller_hi = s.seller_id
        ON CONFLICT DO NOTHING`);
      await client.query(`ANALYZE tmp_ent_sellers`);
      if ((added.rowCount ?? 0) === 0) return;
    }
  }
}

function* assignLines(roots: Map<number, number>): Iterable<string> {
  for (const [seller, root] of roots) yield copyLine([seller, root]);
}
