import type { PoolClient } from 'pg';
import { createTemp } from '../registry/authority-sql';
import { GROUP_INSERTED, INSERTED_RETURNING, NUMBER_RANGES } from './invoice-totals';

/** What makes two records of one invoice identity the same invoice (a resend) rather than a conflict. */
const content = (p: string) =>
  `row(${p}.issued_on, ${p}.buyer_tax_code, ${p}.buyer_bidx, ${p}.total_before_tax, ${p}.tax_amount, ${p}.total_payable,
    ${p}.relation, ${p}.target_form, ${p}.target_series, ${p}.target_number)::text`;

/**
 * Settles the checked path's valid rows (`inv_candidates`) against the batch and the store, then inserts the
 * rest. Identity is (seller, form, series, number), whatever the month:
 * - a row repeating an earlier row of the checked rows: same content → INVOICE_ALREADY_RECORDED (warning,
 *   accepted, nothing written); other content → INVOICE_CONFLICT (rejected);
 * - a row whose identity is stored (earlier batch, or a bulk row of this batch): the same two outcomes; the
 *   stored row being this very row (a second run of the merge) says nothing;
 * - a replacing invoice whose target another invoice already replaces → INVOICE_ALREADY_REPLACED: a sale
 *   is replaced once, or it would count twice.
 */
export async function insertCandidates(client: PoolClient, batchId: string): Promise<void> {
  await client.query(`
    WITH firsts AS (
      SELECT c.*, first_value(row_number) OVER w AS first_row, first_value(${content('c')}) OVER w AS first_content
      FROM inv_candidates c
      WINDOW w AS (PARTITION BY seller_bidx, form, series, number ORDER BY row_number)
    ),
    repeated AS (
      UPDATE inv_candidates c SET settled = true FROM firsts f
      WHERE f.row_number = c.row_number AND f.first_row < f.row_number
      RETURNING c.row_number, f.first_row, ${content('f')} = f.first_content AS same
    )
    INSERT INTO merge_problems (row_number, severity, field, code, detail)
    SELECT row_number, CASE WHEN same THEN 'warning' ELSE 'error' END, NULL,
           CASE WHEN same THEN 'INVOICE_ALREADY_RECORDED' ELSE 'INVOICE_CONFLICT' END, 'same invoice as row ' || first_row
    FROM repeated`);
  // Materialised first so the plan starts from the candidates, whatever the statistics of fresh partitions say.
  await createTemp(
    client,
    'inv_candidate_months',
    `SELECT DISTINCT c.row_number, r.issued_month AS month
     FROM inv_candidates c
     JOIN ${NUMBER_RANGES} r ON r.seller_bidx = c.seller_bidx AND r.series = c.series AND r.form = c.form
                            AND c.number BETWEEN r.min_number AND r.max_number
     WHERE NOT c.settled`,
  );
  await client.query(
    `WITH stored AS (
       SELECT DISTINCT ON (c.row_number) c.row_number, l.batch_id, l.row_number AS stored_row,
              ${content('c')} = ${content('l')} AS same
       FROM inv_candidate_months m
       JOIN inv_candidates c ON c.row_number = m.row_number
       JOIN invoice_lines l ON l.seller_bidx = c.seller_bidx AND l.number = c.number AND l.series = c.series AND l.form = c.form
                           AND l.issued_month = m.month
       WHERE NOT c.settled
       ORDER BY c.row_number, (l.batch_id = $1 AND l.row_number = c.row_number) DESC
     ),
     settled AS (UPDATE inv_candidates c SET settled = true FROM stored s WHERE s.row_number = c.row_number RETURNING c.row_number)
     INSERT INTO merge_problems (row_number, severity, field, code, detail)
     SELECT row_number, CASE WHEN same THEN 'warning' ELSE 'error' END, NULL,
            CASE WHEN same THEN 'INVOICE_ALREADY_RECORDED' ELSE 'INVOICE_CONFLICT' END,
            CASE WHEN batch_id = $1 THEN 'same invoice as row ' || stored_row || ' of this batch' END
     FROM stored WHERE NOT (batch_id = $1 AND stored_row = row_number)`,
    [batchId],
  );
  await rejectSecondReplacements(client, batchId);
  await client.query(
    `WITH ins AS (
       INSERT INTO invoice_lines (seller_bidx, form, series, number, issued_on, issued_month, buyer_tax_code, buyer_bidx,
                                  total_before_tax, tax_amount, total_payable, relation, target_form, target_series,
                                  target_number, authority_code, batch_id, row_number)
       SELECT seller_bidx, form, series, number, issued_on, issued_month, buyer_tax_code, buyer_bidx, total_before_tax,
              tax_amount, total_payable, relation, target_form, target_series, target_number, authority_code, $1, row_number
       FROM inv_candidates WHERE NOT settled
       ORDER BY row_number
       ON CONFLICT (seller_bidx, number, series, form, issued_month) DO NOTHING
       ${INSERTED_RETURNING}
     )
     ${GROUP_INSERTED}`,
    [batchId],
  );
}

/** A replacing candidate whose target an earlier candidate or a stored line (other than itself) already replaces. */
async function rejectSecondReplacements(client: PoolClient, batchId: string): Promise<void> {
  await client.query(
    `WITH replacing AS (
       SELECT c.row_number, c.seller_bidx, c.target_form, c.target_series, c.target_number,
              row_number() OVER (PARTITION BY c.seller_bidx, c.target_form, c.target_series, c.target_number ORDER BY c.row_number) AS nth
       FROM inv_candidates c
       WHERE c.relation = 'replaces' AND NOT c.settled
     ),
     second AS (
       SELECT r.row_number FROM replacing r
       WHERE r.nth > 1 OR EXISTS (
         SELECT 1 FROM invoice_lines l
         WHERE l.relation = 'replaces' AND l.seller_bidx = r.seller_bidx AND l.target_number = r.target_number
           AND l.target_series = r.target_series AND l.target_form = r.target_form
           AND NOT (l.batch_id = $1 AND l.row_number = r.row_number))
     ),
     settled AS (UPDATE inv_candidates c SET settled = true FROM second s WHERE s.row_number = c.row_number RETURNING c.row_number)
     INSERT INTO merge_problems (row_number, severity, field, code)
     SELECT row_number, 'error', 'replaces', 'INVOICE_ALREADY_REPLACED' FROM settled`,
    [batchId],
  );
}
