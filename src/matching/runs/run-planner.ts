import { createHash } from 'node:crypto';
import { PoolClient } from 'pg';

/** Above this many changed blocking keys, affected sellers are found by one hash join instead of index probes. */
const KEY_PROBE_LIMIT = 20_000;

export type RunTrigger = 'batch' | 'decision' | 'rerun';

/** A run id derived from what caused it, so the same cause never makes two runs. */
export function runIdFor(cause: string): string {
  const hex = createHash('md5').update(`match-run:${cause}`).digest('hex');
  // Shaped as a version-4 UUID (version and variant bits set) so every UUID validator accepts it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Creates the run row (once) and lists every seller whose current observation has not been matched yet. */
export async function planRun(
  client: PoolClient,
  run: { id: string; trigger: RunTrigger; batchId?: string | null; retrain?: boolean; sellerIds?: readonly string[]; all?: boolean },
): Promise<'created' | 'running' | 'done'> {
  const inserted = await client.query(
    `INSERT INTO match_runs (id, trigger, batch_id, retrain) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [run.id, run.trigger, run.batchId ?? null, run.retrain ?? false],
  );
  if (!inserted.rowCount) {
    const { rows } = await client.query<{ state: string }>(`SELECT state FROM match_runs WHERE id = $1`, [run.id]);
    if (rows[0]?.state === 'done') return 'done';
  }
  if (run.sellerIds?.length) {
    await client.query(
      `INSERT INTO match_run_sellers (run_id, seller_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [run.id, run.sellerIds],
    );
  }
  await client.query(
    `INSERT INTO match_run_sellers (run_id, seller_id)
     SELECT $1, id FROM platform_sellers WHERE ($2 OR matched_version < current_version)
     ON CONFLICT DO NOTHING`,
    [run.id, run.all ?? false],
  );
  return inserted.rowCount ? 'created' : 'running';
}

/**
 * After a registry change: the sellers it can affect are those sharing a blocking key or an identifier with a
 * changed taxpayer (as it was before or is now) and those linked to one. Expects tmp_match_changed_taxpayers.
 */
export async function addSellersAffectedByTaxpayers(client: PoolClient, runId: string): Promise<number> {
  const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM match_seller_features) AS any`);
  if (!rows[0].any) return 0;
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_match_changed_keys (key bigint PRIMARY KEY)`);
  await client.query(`TRUNCATE tmp_match_changed_keys`);
  const { rowCount: keys } = await client.query(`
    INSERT INTO tmp_match_changed_keys
    SELECT DISTINCT k FROM (
      SELECT unnest(c.old_keys) AS k FROM tmp_match_changed_taxpayers c
      UNION ALL SELECT unnest(f.skeys || f.bkeys) FROM tmp_match_changed_taxpayers c JOIN match_taxpayer_features f ON f.taxpayer_id = c.taxpayer_id
    ) AS x
    WHERE NOT EXISTS (SELECT 1 FROM match_block_stoplist s WHERE s.side = 'taxpayer' AND s.key = x.k)
    ON CONFLICT DO NOTHING`);
  const byKeys =
    (keys ?? 0) > KEY_PROBE_LIMIT
      ? `SELECT DISTINCT s.seller_id FROM match_seller_features s CROSS JOIN LATERAL unnest(s.skeys || s.bkeys) AS k(key) JOIN tmp_match_changed_keys c ON c.key = k.key`
      : `SELECT s.seller_id FROM tmp_match_changed_keys c JOIN LATERAL (
           SELECT seller_id FROM match_seller_features WHERE skeys && ARRAY[c.key] UNION SELECT seller_id FROM match_seller_features WHERE bkeys && ARRAY[c.key]) AS s ON true`;
  const { rowCount } = await client.query(
    `INSERT INTO match_run_sellers (run_id, seller_id)
     SELECT $1, seller_id FROM (
       ${byKeys}
       UNION SELECT l.seller_id FROM seller_links l JOIN tmp_match_changed_taxpayers c ON c.taxpayer_id = l.taxpayer_id
     ) AS affected
     ON CONFLICT DO NOTHING`,
    [runId],
  );
  return rowCount ?? 0;
}
