import type { PoolClient } from 'pg';
import { createTemp } from '../registry/authority-sql';
import { SUBTRACT_TAKEN_BACK } from './invoice-totals';

/**
 * An invoice's identity is (seller, form, series, number); the unique index also holds the month, because
 * PostgreSQL wants the partition key in it. So a repeat in ANOTHER month is found here: invoice numbers run
 * in issue order, so the number ranges that the (seller, series, form) uses in different months do not
 * overlap, and a set-based check of the ranges (this merge's, and those stored in invoice_series_months)
 * proves most batches clean without touching a line. Only where ranges overlap are lines compared; a line
 * of this merge that repeats the identity of a stored line, or of an earlier row of the batch, in another
 * month is taken back (deleted, its totals subtracted) and reported as INVOICE_CONFLICT.
 */
export async function takeBackCrossMonthRepeats(client: PoolClient, batchId: string): Promise<void> {
  await createTemp(
    client,
    'inv_overlaps',
    `WITH ranges AS (
      SELECT seller_bidx, series, form, issued_month, min(min_number) AS lo, max(max_number) AS hi
      FROM (
        SELECT seller_bidx, series, form, issued_month, min_number, max_number FROM inv_groups WHERE lines > 0
        UNION ALL
        SELECT m.seller_bidx, m.series, m.form, m.issued_month, m.min_number, m.max_number
        FROM invoice_series_months m
        WHERE (m.seller_bidx, m.series, m.form) IN (SELECT seller_bidx, series, form FROM inv_groups WHERE lines > 0)
      ) r
      GROUP BY seller_bidx, series, form, issued_month
    ),
    ordered AS (
      SELECT seller_bidx, series, form, lo,
             max(hi) OVER (PARTITION BY seller_bidx, series, form ORDER BY lo, issued_month
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS hi_before
      FROM ranges
    )
    SELECT DISTINCT seller_bidx, series, form FROM ordered WHERE lo <= hi_before`,
  );
  const overlaps = await client.query<{ n: string }>('SELECT count(*) AS n FROM inv_overlaps');
  if (Number(overlaps.rows[0].n) === 0) return;
  await client.query(
    `WITH losers AS (
       SELECT l.seller_bidx, l.series, l.number, l.form, l.issued_month, min(o.row_number) AS other_row, bool_and(o.batch_id = $1) AS same_batch
       FROM invoice_lines l
       JOIN inv_overlaps k ON k.seller_bidx = l.seller_bidx AND k.series = l.series AND k.form = l.form
       JOIN invoice_lines o ON o.seller_bidx = l.seller_bidx AND o.series = l.series AND o.form = l.form AND o.number = l.number
                           AND o.issued_month <> l.issued_month
                           AND (o.batch_id <> $1 OR o.row_number < l.row_number)
       WHERE l.batch_id = $1
       GROUP BY l.seller_bidx, l.series, l.number, l.form, l.issued_month
     ),
     gone AS (
       DELETE FROM invoice_lines x USING losers w
       WHERE (x.seller_bidx, x.series, x.number, x.form, x.issued_month) = (w.seller_bidx, w.series, w.number, w.form, w.issued_month)
       RETURNING x.*, w.other_row, w.same_batch
     ),
     reported AS (
       INSERT INTO merge_problems (row_number, severity, field, code, detail)
       SELECT row_number, 'error', NULL, 'INVOICE_CONFLICT',
              CASE WHEN same_batch THEN 'same identity as row ' || other_row || ' of this batch, in another month'
                   ELSE 'same identity already recorded in another month' END
       FROM gone
     )
     ${SUBTRACT_TAKEN_BACK}`,
    [batchId],
  );
}
