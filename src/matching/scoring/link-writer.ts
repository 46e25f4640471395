import { PoolClient } from 'pg';
import { RULE_VERSION } from '../model/comparisons';
import { MatchModel } from '../model/match-model';
import { explanationSql, TfTotals } from '../model/model-sql';
import { SCORED_COLUMNS } from './pair-scoring';

export interface LinkWriteResult {
  changed: number;
}

const bandSql = (t: MatchModel['thresholds']) => `
  CASE WHEN p >= ${t.auto} AND (second_weight IS NULL OR weight - second_weight >= ${t.marginBits}) THEN 'auto'
       WHEN p >= ${t.review} THEN 'review'
       ELSE 'none' END`;

/**
 * Turns each seller's best pair (tmp_match_scored) into its link, for every seller in tmp_match_left, and appends
 * to match_history only what changed: taxpayer, band, score, model or input version. Officer-confirmed links are
 * never in tmp_match_left, so the model cannot overwrite them. Runs in the caller's transaction.
 */
export async function writeLinks(
  client: PoolClient,
  run: { runId: string; model: MatchModel; totals: TfTotals; prior: number },
): Promise<LinkWriteResult> {
  const { model, totals, prior } = run;
  const noCandidate = `jsonb_build_object('model', '${model.version}', 'rules', '${RULE_VERSION}', 'candidates', 0)`;
  const { rows } = await client.query<{ n: string }>(
    `WITH scored AS (
       SELECT x.seller_id, ps.current_version AS seller_version,
              ${SCORED_COLUMNS.filter((c) => c !== 'seller_id').map((c) => `b.${c}`).join(', ')},
              b.weight + $2::float8 AS total,
              CASE WHEN b.weight IS NOT NULL THEN 1 / (1 + power(2::float8, -greatest(least(b.weight + $2::float8, 60), -60))) END AS p
       FROM tmp_match_left x
       JOIN platform_sellers ps ON ps.id = x.seller_id
       LEFT JOIN tmp_match_scored b ON b.seller_id = x.seller_id
     ),
     banded AS (SELECT s.*, ${bandSql(model.thresholds)} AS band FROM scored s),
     result AS (
       SELECT seller_id, seller_version,
              CASE WHEN band <> 'none' THEN other_id END AS taxpayer_id,
              CASE WHEN band <> 'none' THEN other_version END AS taxpayer_version,
              round(coalesce(p, 0)::numeric, 6) AS score,
              round(total::numeric, 3) AS match_weight,
              band,
              CASE WHEN other_id IS NULL THEN ${noCandidate}
                   ELSE ${explanationSql(model, totals, prior)} || jsonb_build_object('candidate', other_id, 'probability', round(p::numeric, 6)) END AS explanation
       FROM banded
     ),
     changed AS (
       SELECT r.* FROM result r LEFT JOIN seller_links sl ON sl.seller_id = r.seller_id
       WHERE sl.seller_id IS NULL
          OR (sl.decided_by = 'system' AND (sl.taxpayer_id IS DISTINCT FROM r.taxpayer_id OR sl.band <> r.band
              OR sl.score IS DISTINCT FROM r.score OR sl.model_version <> $1 OR sl.input_version <> r.seller_version))
     ),
     written AS (
       INSERT INTO seller_links (seller_id, taxpayer_id, band, score, match_weight, explanation, model_version, input_version,
                                 decided_by, decided_at, taxpayer_version, rule_version, run_id)
       SELECT seller_id, taxpayer_id, band, score, match_weight, explanation, $1, seller_version, 'system', now(), taxpayer_version, $3, $4
       FROM changed
       ON CONFLICT (seller_id) DO UPDATE SET
         taxpayer_id = EXCLUDED.taxpayer_id, band = EXCLUDED.band, score = EXCLUDED.score, match_weight = EXCLUDED.match_weight,
         explanation = EXCLUDED.explanation, model_version = EXCLUDED.model_version, input_version = EXCLUDED.input_version,
         decided_by = 'system', decided_at = now(), taxpayer_version = EXCLUDED.taxpayer_version,
         rule_version = EXCLUDED.rule_version, run_id = EXCLUDED.run_id
       RETURNING seller_id
     ),
     history AS (
       INSERT INTO match_history (seller_id, seller_version, taxpayer_id, taxpayer_version, score, match_weight, band, explanation,
                                  model_version, rule_version, decided_by, run_id)
       SELECT seller_id, seller_version, taxpayer_id, taxpayer_version, score, match_weight, band, explanation, $1, $3, 'system', $4
       FROM changed
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM written) AS n`,
    [model.version, prior, RULE_VERSION, run.runId],
  );
  return { changed: Number(rows[0].n) };
}
