import { PoolClient } from 'pg';
import { MatchModel } from '../model/match-model';
import { explanationSql, TfTotals } from '../model/model-sql';

/**
 * Replaces the seller↔seller edges of the sellers in tmp_match_left with the pairs just scored
 * (tmp_match_scored, dedup mode): auto or review band by posterior; pairs no longer above review go.
 * Seller pairs are stored once, lower id first.
 */
export async function writeEdges(client: PoolClient, run: { model: MatchModel; totals: TfTotals; prior: number }): Promise<number> {
  const { model, totals, prior } = run;
  const t = model.thresholds;
  await client.query(
    `DELETE FROM match_seller_edges e
     WHERE (EXISTS (SELECT 1 FROM tmp_match_left x WHERE x.seller_id = e.seller_lo)
         OR EXISTS (SELECT 1 FROM tmp_match_left x WHERE x.seller_id = e.seller_hi))
       AND NOT EXISTS (SELECT 1 FROM tmp_match_scored s WHERE s.seller_id = e.seller_lo AND s.other_id = e.seller_hi)`,
  );
  const { rowCount } = await client.query(
    `INSERT INTO match_seller_edges (seller_lo, seller_hi, score, match_weight, band, explanation, model_version, updated_at)
     SELECT seller_id, other_id, round(p::numeric, 6), round((weight + $2::float8)::numeric, 3),
            CASE WHEN p >= ${t.auto} THEN 'auto' ELSE 'review' END,
            ${explanationSql(model, totals, prior)} || jsonb_build_object('probability', round(p::numeric, 6)),
            $1, now()
     FROM (SELECT s.*, 1 / (1 + power(2::float8, -greatest(least(s.weight + $2::float8, 60), -60))) AS p FROM tmp_match_scored s) AS x
     ON CONFLICT (seller_lo, seller_hi) DO UPDATE SET
       score = EXCLUDED.score, match_weight = EXCLUDED.match_weight, band = EXCLUDED.band,
       explanation = EXCLUDED.explanation, model_version = EXCLUDED.model_version, updated_at = now()
     WHERE match_seller_edges.score IS DISTINCT FROM EXCLUDED.score OR match_seller_edges.band <> EXCLUDED.band
        OR match_seller_edges.model_version <> EXCLUDED.model_version`,
    [model.version, prior],
  );
  return rowCount ?? 0;
}
