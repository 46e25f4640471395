import { PoolClient } from 'pg';
import { piiSql } from '../../pii/pii-crypto';
import { REFERENCE } from '../blocking/blocking.service';
import { FIELDS, PairMode } from '../model/comparisons';
import { MatchModel } from '../model/match-model';
import { LEVEL_COLUMNS, pairLevelsSql, TfTotals, totalWeightSql } from '../model/model-sql';

/**
 * Scores `tmp_match_cand` pairs with a model. `tmp_match_scored` receives either the best pair of each seller with
 * the runner-up's weight (link) or every pair (dedup, for entity edges). Weights exclude the prior.
 */
export const SCORED_COLUMNS = ['seller_id', 'other_id', 'other_version', ...LEVEL_COLUMNS, 'tfn', 'tfp', 'weight', 'second_weight', 'id_detail'];

export async function prepareScored(client: PoolClient): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS tmp_match_scored (
      seller_id bigint NOT NULL, other_id bigint NOT NULL, other_version integer,
      ${LEVEL_COLUMNS.map((c) => `${c} smallint`).join(', ')},
      tfn integer, tfp integer, weight float8 NOT NULL, second_weight float8, id_detail text,
      PRIMARY KEY (seller_id, other_id)
    )`);
}

function scoredPairs(mode: PairMode, model: MatchModel, totals: TfTotals): string {
  const prefix = mode === 'link' ? 'taxpayer' : 'seller';
  return `
    SELECT s.*, tn.n AS tfn, tp.n AS tfp
    FROM (${pairLevelsSql(mode, REFERENCE[mode])}) AS s
    LEFT JOIN match_term_freq tn ON tn.scope = '${prefix}:name' AND tn.term = s.tf_name_term
    LEFT JOIN match_term_freq tp ON tp.scope = '${prefix}:phone' AND tp.term = s.tf_phone_term`;
}

const insertColumns = SCORED_COLUMNS.filter((c) => c !== 'id_detail').join(', ');

/**
 * Link mode: keeps, per seller, the best-weighted taxpayer and the runner-up's weight. A later call (second
 * chance) replaces a seller's row only with a better pair.
 */
export async function scoreBestPairs(client: PoolClient, model: MatchModel, totals: TfTotals, key: Buffer): Promise<void> {
  await client.query(
    `INSERT INTO tmp_match_scored (${insertColumns})
     SELECT seller_id, other_id, other_version, ${LEVEL_COLUMNS.join(', ')}, tfn, tfp, weight, second_weight
     FROM (
       SELECT k.*,
              row_number() OVER (PARTITION BY k.seller_id ORDER BY k.weight DESC, k.other_id) AS rn,
              lead(k.weight) OVER (PARTITION BY k.seller_id ORDER BY k.weight DESC, k.other_id) AS second_weight
       FROM (
         SELECT s.*, w.weight, max(s.g_id) OVER (PARTITION BY s.seller_id) AS best_id_level
         FROM (${scoredPairs('link', model, totals)}) AS s
         CROSS JOIN LATERAL (SELECT ${totalWeightSql(model, totals)} AS weight) AS w
       ) AS k
       -- A seller who reported a unit's exact code means that unit: the same company's other units (head office,
       -- other branches) share its phone and address, and must not outrank it on them.
       WHERE k.g_id IS DISTINCT FROM 1 OR k.best_id_level IS DISTINCT FROM 3
     ) AS ranked
     WHERE rn = 1
     ON CONFLICT (seller_id, other_id) DO NOTHING`,
    [key],
  );
  // A later stage may find a better pair for a seller that already has one: keep each seller's best, and let the
  // pair it displaced count as the runner-up.
  await client.query(`
    UPDATE tmp_match_scored w SET second_weight = greatest(w.second_weight, l.weight)
    FROM tmp_match_scored l
    WHERE l.seller_id = w.seller_id AND (w.weight > l.weight OR (w.weight = l.weight AND w.other_id < l.other_id))`);
  await client.query(`
    DELETE FROM tmp_match_scored a USING tmp_match_scored b
    WHERE a.seller_id = b.seller_id AND (b.weight > a.weight OR (b.weight = a.weight AND b.other_id < a.other_id))`);
  await client.query(`ANALYZE tmp_match_scored`);
}

/** Dedup mode: every pair whose weight (prior included) reaches `minWeight`. */
export async function scoreAllPairs(client: PoolClient, model: MatchModel, totals: TfTotals, key: Buffer, minWeight: number): Promise<void> {
  await client.query(
    `INSERT INTO tmp_match_scored (${insertColumns})
     SELECT seller_id, other_id, other_version, ${LEVEL_COLUMNS.join(', ')}, tfn, tfp, weight, NULL
     FROM (
       SELECT s.*, w.weight FROM (${scoredPairs('dedup', model, totals)}) AS s
       CROSS JOIN LATERAL (SELECT ${totalWeightSql(model, totals)} AS weight) AS w
     ) AS scored
     WHERE weight >= $2
     ON CONFLICT (seller_id, other_id) DO NOTHING`,
    [key, minWeight],
  );
  await client.query(`ANALYZE tmp_match_scored`);
}

/**
 * How the IDs agreed, for the explanation of kept pairs only: which registry identifier matched exactly
 * (tax_code, previous_tax_code, personal_id, cmnd) or which slip separates two near IDs.
 */
export async function fillIdDetails(client: PoolClient, mode: PairMode, key: Buffer): Promise<void> {
  const ref = REFERENCE[mode];
  const exactKind =
    mode === 'link'
      ? `coalesce((SELECT ti.kind FROM taxpayer_identifiers ti WHERE ti.taxpayer_id = s.other_id AND ti.bidx = ANY (l.ids) ORDER BY ti.kind LIMIT 1), 'personal_id')`
      : `'same_identifier'`;
  const idIndex = FIELDS.findIndex((f) => f.name === 'id');
  await client.query(
    `UPDATE tmp_match_scored s SET id_detail = CASE s.${LEVEL_COLUMNS[idIndex]}
       WHEN 3 THEN ${exactKind}
       WHEN 2 THEN coalesce(ect_match_digit_slip(l.tin, r.tin),
                            ect_match_digit_slip(${piiSql.decrypt('l.pid_enc', '$1::bytea')}, ${piiSql.decrypt('r.pid_enc', '$1::bytea')}))
       WHEN 1 THEN 'same_head_company'
     END
     FROM match_seller_features l, ${ref.table} r
     WHERE l.seller_id = s.seller_id AND r.${ref.id} = s.other_id AND s.${LEVEL_COLUMNS[idIndex]} IN (1, 2, 3)`,
    [key],
  );
}
