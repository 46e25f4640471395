import { PoolClient } from 'pg';
import { ROW_ERROR_MESSAGES } from './error-messages';
import { count, insertBatchErrors, nextId, Params, run } from './merge-sql';
import { MAX_REF } from './seller-merge';

const AMOUNTS = ['refunds', 'fees', 'vat_withheld', 'pit_withheld'] as const;
const INT4_MAX = '2147483647';

/**
 * Validates staged revenue rows (Decree 117 detail) into `intake_revenue`, the shape `writeRevenue` takes:
 * seller_ref, period (canonical), period_start, the figures as bigint, and `accepted`.
 */
export async function validateRevenue(client: PoolClient, p: Params, from: string, f: (name: string) => string): Promise<void> {
  // VAT and PIT are added into tax_withheld: each is capped below 10^18 so the sum can never overflow a bigint.
  const amountErr = (name: string) =>
    name === 'vat_withheld' || name === 'pit_withheld'
      ? `coalesce(ect_amount_error(r.${name}), CASE WHEN length(ltrim(r.${name}, '0')) > 18 THEN 'AMOUNT_OUT_OF_RANGE' END)`
      : `ect_amount_error(r.${name})`;
  await run(client,
    `CREATE TEMP TABLE intake_revenue ON COMMIT DROP AS
     SELECT x.*,
            (ref_err IS NULL AND period_err IS NULL AND gross_err IS NULL AND orders_err IS NULL ${AMOUNTS.map((a) => `AND ${a}_err IS NULL`).join(' ')}) AS accepted,
            (ref_err IS NOT NULL OR period_err IS NOT NULL OR gross_err IS NOT NULL OR orders_err IS NOT NULL ${AMOUNTS.map((a) => `OR ${a}_err IS NOT NULL`).join(' ')}) AS has_issue,
            NULL::text AS dup_err
       FROM (
         SELECT s.row_number, r.seller_ref,
                ect_period_key(r.period) AS period, ect_period_start(r.period) AS period_start,
                CASE WHEN r.seller_ref IS NULL THEN 'REQUIRED_FIELD_MISSING' WHEN length(r.seller_ref) > ${MAX_REF} THEN 'VALUE_TOO_LONG' END AS ref_err,
                CASE WHEN r.period IS NULL THEN 'REQUIRED_FIELD_MISSING' ELSE ect_period_error(r.period, $3::date) END AS period_err,
                CASE WHEN r.gross_revenue IS NULL THEN 'REQUIRED_FIELD_MISSING' ELSE ${amountErr('gross_revenue')} END AS gross_err,
                CASE WHEN ${amountErr('order_count')} IS NOT NULL THEN ${amountErr('order_count')}
                     WHEN length(ltrim(btrim(r.order_count), '0')) > 10 OR (length(ltrim(btrim(r.order_count), '0')) = 10 AND ltrim(btrim(r.order_count), '0') COLLATE "C" > '${INT4_MAX}')
                     THEN 'AMOUNT_OUT_OF_RANGE' END AS orders_err,
                ${AMOUNTS.map((a) => `${amountErr(a)} AS ${a}_err`).join(', ')},
                ect_amount_value(r.gross_revenue) AS gross_revenue,
                ect_amount_value(r.order_count) AS order_count,
                ${AMOUNTS.map((a) => `coalesce(ect_amount_value(r.${a}), 0) AS ${a}`).join(', ')},
                CASE WHEN length(ltrim(r.vat_withheld, '0')) <= 18 AND length(ltrim(r.pit_withheld, '0')) <= 18 OR r.vat_withheld IS NULL OR r.pit_withheld IS NULL
                     THEN coalesce(ect_amount_value(r.vat_withheld), 0) + coalesce(ect_amount_value(r.pit_withheld), 0) END AS tax_withheld,
                true AS withholding_split, NULL::text AS activity, NULL::text AS doc_ref_id, NULL::text AS corr_doc_ref_id
           FROM ${from} s
           CROSS JOIN LATERAL (SELECT ${['seller_ref', 'period', 'gross_revenue', 'order_count', ...AMOUNTS].map((c) => `${f(c)} AS ${c}`).join(', ')}) r
         OFFSET 0) x`,
    p,
  );
  await client.query(`
    UPDATE intake_revenue v SET dup_err = 'DUPLICATE_IN_BATCH', accepted = false, has_issue = true
      FROM (SELECT seller_ref, period, max(row_number) AS last FROM intake_revenue WHERE accepted
             GROUP BY seller_ref, period HAVING count(*) > 1) d
     WHERE v.seller_ref = d.seller_ref AND v.period = d.period AND v.accepted AND v.row_number < d.last`);
  await insertBatchErrors(client, p[0], 'intake_revenue', [
    [`'seller_ref'`, 'v.ref_err', 'error'],
    [`'period'`, 'v.period_err', 'error'],
    [`'gross_revenue'`, 'v.gross_err', 'error'],
    [`'order_count'`, 'v.orders_err', 'error'],
    ...AMOUNTS.map((a): [string, string, 'error'] => [`'${a}'`, `v.${a}_err`, 'error']),
    [`'seller_ref'`, 'v.dup_err', 'error'],
  ], ROW_ERROR_MESSAGES);
}

const FIGURES = ['gross_revenue', 'refunds', 'order_count', 'fees', 'vat_withheld', 'pit_withheld', 'tax_withheld', 'withholding_split'];

/**
 * Appends a revenue version for every accepted (seller, period) whose figures changed, points current_revenue at
 * it, and ends with a deletion version every current figure listed in `intake_revenue_end` (created by the
 * caller: a replacement's covered periods, or a DPI record being corrected or deleted) that the batch does not
 * report again. Nothing is updated in place except the derived current_revenue.
 */
export async function writeRevenue(client: PoolClient, p: Params): Promise<void> {
  await run(client,
    `INSERT INTO platform_sellers (platform_id, seller_ref, current_version, first_seen_period_start)
     SELECT $2, seller_ref, 0, min(period_start) FROM intake_revenue WHERE accepted GROUP BY seller_ref
     ON CONFLICT (platform_id, seller_ref) DO NOTHING`,
    p,
  );
  await run(client,
    `CREATE TEMP TABLE intake_revenue_w ON COMMIT DROP AS
     SELECT v.*, ps.id AS seller_id,
            coalesce(cr.version, (SELECT max(ro.version) FROM revenue_observations ro WHERE ro.seller_id = ps.id AND ro.period = v.period), 0) AS prev_version,
            (cr.seller_id IS NULL OR (${FIGURES.map((c) => `cr.${c}`).join(', ')}) IS DISTINCT FROM (${FIGURES.map((c) => `v.${c}`).join(', ')})) AS changed,
            ${nextId('revenue_observations')} AS obs_id
       FROM intake_revenue v
       JOIN platform_sellers ps ON ps.platform_id = $2 AND ps.seller_ref = v.seller_ref
       LEFT JOIN current_revenue cr ON cr.seller_id = ps.id AND cr.period = v.period
      WHERE v.accepted`,
    p,
  );
  await run(client,
    `INSERT INTO revenue_observations (id, seller_id, batch_id, row_number, period, period_start, version, gross_revenue, order_count,
        refunds, fees, vat_withheld, pit_withheld, tax_withheld, withholding_split, activity, doc_ref_id, corr_doc_ref_id)
     OVERRIDING SYSTEM VALUE
     SELECT obs_id, seller_id, $1, row_number, period, period_start, prev_version + 1, gross_revenue, order_count,
            refunds, fees, vat_withheld, pit_withheld, tax_withheld, withholding_split, activity, doc_ref_id, corr_doc_ref_id
       FROM intake_revenue_w WHERE changed`,
    p,
  );
  await client.query(
    `INSERT INTO current_revenue (seller_id, period, period_start, observation_id, version, ${FIGURES.join(', ')}, changed_at)
     SELECT seller_id, period, period_start, obs_id, prev_version + 1, ${FIGURES.join(', ')}, now() FROM intake_revenue_w WHERE changed
     ON CONFLICT (seller_id, period) DO UPDATE SET observation_id = excluded.observation_id, version = excluded.version,
        ${FIGURES.map((c) => `${c} = excluded.${c}`).join(', ')}, changed_at = now()`,
  );
  await endAbsentFigures(client, p);
  await client.query(
    `UPDATE platform_sellers ps SET changed_at = now(),
            first_seen_period_start = LEAST(coalesce(ps.first_seen_period_start, t.first_start), t.first_start)
       FROM (SELECT seller_id, min(period_start) AS first_start FROM intake_revenue_w WHERE changed GROUP BY seller_id
             UNION ALL SELECT seller_id, NULL FROM intake_revenue_ended) t
      WHERE ps.id = t.seller_id`,
  );
}

/** Deletion versions for the pairs in intake_revenue_end that have current figures and are not reported again. */
async function endAbsentFigures(client: PoolClient, p: Params): Promise<void> {
  await ensureEndSet(client);
  await run(client,
    `CREATE TEMP TABLE intake_revenue_ended ON COMMIT DROP AS
     SELECT cr.seller_id, cr.period, cr.period_start, cr.version + 1 AS version, ${nextId('revenue_observations')} AS obs_id
       FROM (SELECT DISTINCT seller_id, period FROM intake_revenue_end) e
       JOIN current_revenue cr ON cr.seller_id = e.seller_id AND cr.period = e.period
      WHERE NOT EXISTS (SELECT 1 FROM intake_revenue_w w WHERE w.seller_id = e.seller_id AND w.period = e.period)`,
    p,
  );
  await run(client,
    `INSERT INTO revenue_observations (id, seller_id, batch_id, row_number, period, period_start, version, is_deleted, gross_revenue)
     OVERRIDING SYSTEM VALUE
     SELECT obs_id, seller_id, $1, 0, period, period_start, version, true, 0 FROM intake_revenue_ended`,
    p,
  );
  await client.query(`DELETE FROM current_revenue cr USING intake_revenue_ended e WHERE cr.seller_id = e.seller_id AND cr.period = e.period`);
}

/** A replacement batch covers its periods: every current figure of the platform in them is in the end set. */
export async function endCoveredPeriods(client: PoolClient, p: Params): Promise<void> {
  await ensureEndSet(client);
  await run(client,
    `INSERT INTO intake_revenue_end (seller_id, period)
     SELECT cr.seller_id, cr.period FROM current_revenue cr
       JOIN platform_sellers ps ON ps.id = cr.seller_id AND ps.platform_id = $2
      WHERE cr.period IN (SELECT DISTINCT period FROM intake_revenue WHERE accepted)`,
    p,
  );
}

/** The (seller, period) pairs whose current figures end unless the batch reports them again. */
export async function ensureEndSet(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS intake_revenue_end (seller_id bigint, period text) ON COMMIT DROP`);
}

export async function revenueCounts(client: PoolClient, table = 'intake_revenue'): Promise<{ accepted: number; rejected: number }> {
  const accepted = await count(client, `SELECT count(*) AS n FROM ${table} WHERE accepted`);
  const total = await count(client, `SELECT count(*) AS n FROM ${table}`);
  return { accepted, rejected: total - accepted };
}
