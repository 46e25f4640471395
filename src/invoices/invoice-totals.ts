import type { PoolClient } from 'pg';

/**
 * What a merge changes in the per-seller monthly totals, collected as deltas and applied once at the end:
 * - `inv_groups`: lines inserted by this merge, grouped by (seller, series, form, month), with their number
 *   range (for the identity check) and sums;
 * - `inv_deltas`: every other change of what counts (a replaced original, a void adjustment, a line taken
 *   back), signed.
 * Aggregates are then moved by the sum of the deltas (an upsert from a GROUP BY, never a recount of lines).
 */
export async function createTotals(client: PoolClient): Promise<void> {
  await client.query('DROP TABLE IF EXISTS pg_temp.inv_groups, pg_temp.inv_deltas');
  await client.query(`
    CREATE TEMP TABLE inv_groups (
      seller_bidx bytea, series text COLLATE "C", form smallint, issued_month date, lines bigint, sales bigint,
      min_number integer, max_number integer, before bigint, tax bigint, payable bigint
    ) ON COMMIT DROP`);
  await client.query('CREATE INDEX ON inv_groups (seller_bidx, series, form)');
  await client.query(`
    CREATE TEMP TABLE inv_deltas (seller_bidx bytea, month date, sales bigint, before bigint, tax bigint, payable bigint)
    ON COMMIT DROP`);
}

/** SQL grouping RETURNING rows of an insert into invoice_lines (CTE `ins`) into inv_groups. */
export const GROUP_INSERTED = `
  INSERT INTO inv_groups
  SELECT seller_bidx, series, form, issued_month, count(*), count(*) FILTER (WHERE relation IS DISTINCT FROM 'adjusts'),
         min(number), max(number), sum(total_before_tax), sum(tax_amount), sum(total_payable)
  FROM ins GROUP BY seller_bidx, series, form, issued_month`;

/** Columns an insert into invoice_lines returns for GROUP_INSERTED. */
export const INSERTED_RETURNING = 'RETURNING seller_bidx, series, form, issued_month, number, relation, total_before_tax, tax_amount, total_payable';

/**
 * SQL recording, as negative deltas, the contribution of lines returned by a CTE `gone` that stop counting
 * (superseded): their amounts, and one sale unless the line was an adjustment.
 */
export const SUBTRACT_SUPERSEDED = `
  INSERT INTO inv_deltas
  SELECT seller_bidx, issued_month, -count(*) FILTER (WHERE relation IS DISTINCT FROM 'adjusts'),
         -sum(total_before_tax), -sum(tax_amount), -sum(total_payable)
  FROM gone GROUP BY seller_bidx, issued_month`;

/** Like SUBTRACT_SUPERSEDED for lines of this merge deleted again (`gone`): they leave the line counts too. */
export const SUBTRACT_TAKEN_BACK = `
  INSERT INTO inv_groups
  SELECT seller_bidx, series, form, issued_month, -count(*), -count(*) FILTER (WHERE relation IS DISTINCT FROM 'adjusts'),
         NULL, NULL, -sum(total_before_tax), -sum(tax_amount), -sum(total_payable)
  FROM gone GROUP BY seller_bidx, series, form, issued_month`;

/**
 * Every (seller, series, form, month) number range known: stored ones and this merge's. Numbers run in issue
 * order, so the months a given invoice number can be in are the few whose range holds it: probing those
 * partitions, not all twelve of the series year, is what makes identity lookups cheap.
 */
export const NUMBER_RANGES = `(
  SELECT seller_bidx, series, form, issued_month, min_number, max_number FROM invoice_series_months
  UNION ALL
  SELECT seller_bidx, series, form, issued_month, min_number, max_number FROM inv_groups WHERE lines > 0
)`;

export async function insertedLineCount(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ n: string | null }>('SELECT sum(lines) AS n FROM inv_groups');
  return Number(rows[0].n ?? 0);
}

/** Applies the merge's deltas to invoice_aggregates and its number ranges to invoice_series_months. */
export async function applyTotals(client: PoolClient, batchId: string): Promise<void> {
  await client.query(
    `INSERT INTO invoice_aggregates AS a (seller_bidx, month, invoice_count, total_before_tax, tax_amount, total_payable, changed_at, changed_batch_id)
     SELECT seller_bidx, month, sum(sales), sum(before), sum(tax), sum(payable), now(), $1
     FROM (
       SELECT seller_bidx, issued_month AS month, sales, before, tax, payable FROM inv_groups
       UNION ALL SELECT seller_bidx, month, sales, before, tax, payable FROM inv_deltas
     ) d
     GROUP BY seller_bidx, month
     HAVING sum(sales) <> 0 OR sum(before) <> 0 OR sum(tax) <> 0 OR sum(payable) <> 0
     ON CONFLICT (seller_bidx, month) DO UPDATE SET
       invoice_count = a.invoice_count + EXCLUDED.invoice_count,
       total_before_tax = a.total_before_tax + EXCLUDED.total_before_tax,
       tax_amount = a.tax_amount + EXCLUDED.tax_amount,
       total_payable = a.total_payable + EXCLUDED.total_payable,
       changed_at = EXCLUDED.changed_at,
       changed_batch_id = EXCLUDED.changed_batch_id`,
    [batchId],
  );
  await client.query(`
    INSERT INTO invoice_series_months AS m (seller_bidx, series, form, issued_month, min_number, max_number, line_count)
    SELECT seller_bidx, series, form, issued_month, min(min_number), max(max_number), sum(lines)
    FROM inv_groups GROUP BY seller_bidx, series, form, issued_month HAVING sum(lines) > 0
    ON CONFLICT (seller_bidx, series, form, issued_month) DO UPDATE SET
      min_number = least(m.min_number, EXCLUDED.min_number),
      max_number = greatest(m.max_number, EXCLUDED.max_number),
      line_count = m.line_count + EXCLUDED.line_count`);
}
