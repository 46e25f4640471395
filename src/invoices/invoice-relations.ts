import type { PoolClient } from 'pg';
import { createTemp } from '../registry/authority-sql';
import { NUMBER_RANGES, SUBTRACT_SUPERSEDED } from './invoice-totals';

/**
 * Replacing (TCHDon 1) and adjusting (TCHDon 2) invoices, so that each sale counts once. What counts:
 *
 * - An original invoice counts its amounts and one sale in its month of issue.
 * - A REPLACING invoice supersedes the invoice it replaces: that invoice (and every adjustment made to it)
 *   stops counting in its own month (amounts and the sale are subtracted there), and the replacing invoice
 *   counts its own amounts and one sale in ITS month of issue. Replacing a replacement works the same way,
 *   link by link; an invoice can be replaced once (a second replacement is rejected, INVOICE_ALREADY_REPLACED).
 * - An ADJUSTING invoice adds its signed amounts (a decrease is negative) to its own month of issue and no
 *   sale. An adjustment of an invoice that is, or later gets, replaced stops counting (INVOICE_TARGET_REPLACED
 *   when that is known on arrival): the replacement restates the whole sale.
 * - Order does not matter: a replacing or adjusting invoice whose target is not recorded yet counts as
 *   described (warning INVOICE_TARGET_NOT_FOUND) and is linked when the target arrives, in whichever later
 *   batch; the target then arrives already superseded.
 *
 * `target_month` on a relation line records that its target was found; `superseded_batch_id` on a line
 * records which batch made it stop counting. Supersession only ever goes from counting to not counting, so a
 * second run of the same merge changes nothing.
 */
export async function applyRelations(client: PoolClient, batchId: string): Promise<void> {
  await resolveTargets(client);
  await client.query(
    `WITH resolved_replacements AS (
       SELECT DISTINCT seller_bidx, target_form AS form, target_series AS series, target_number AS number, target_month AS month
       FROM inv_resolved WHERE relation = 'replaces'
     ),
     victims AS (
       SELECT l.seller_bidx, l.series, l.number, l.form, l.issued_month FROM invoice_lines l
       JOIN resolved_replacements t ON (l.seller_bidx, l.series, l.number, l.form, l.issued_month) = (t.seller_bidx, t.series, t.number, t.form, t.month)
       UNION
       SELECT a.seller_bidx, a.series, a.number, a.form, a.issued_month FROM invoice_lines a
       JOIN resolved_replacements t ON a.relation = 'adjusts' AND a.seller_bidx = t.seller_bidx
        AND (a.target_series, a.target_number, a.target_form) = (t.series, t.number, t.form)
       UNION
       SELECT r.seller_bidx, r.series, r.number, r.form, r.issued_month FROM inv_resolved r
       JOIN invoice_lines t ON (t.seller_bidx, t.series, t.number, t.form, t.issued_month) = (r.seller_bidx, r.target_series, r.target_number, r.target_form, r.target_month)
       WHERE r.relation = 'adjusts' AND t.superseded_batch_id IS NOT NULL
     ),
     gone AS (
       UPDATE invoice_lines x SET superseded_batch_id = $1 FROM victims v
       WHERE (x.seller_bidx, x.series, x.number, x.form, x.issued_month) = (v.seller_bidx, v.series, v.number, v.form, v.issued_month)
         AND x.superseded_batch_id IS NULL
       RETURNING x.*
     ),
     void_adjustments AS (
       INSERT INTO merge_problems (row_number, severity, field, code)
       SELECT row_number, 'warning', 'replaces', 'INVOICE_TARGET_REPLACED' FROM gone WHERE batch_id = $1 AND relation = 'adjusts'
     )
     ${SUBTRACT_SUPERSEDED}`,
    [batchId],
  );
  await client.query(
    `INSERT INTO merge_problems (row_number, severity, field, code)
     SELECT row_number, 'warning', 'replaces', 'INVOICE_TARGET_NOT_FOUND' FROM invoice_lines
     WHERE relation IS NOT NULL AND target_month IS NULL AND batch_id = $1`,
    [batchId],
  );
}

/**
 * Links every relation line still waiting for its target (this batch's, and earlier ones whose target may
 * have come with this batch) to the target, searched only in the months whose number range holds it.
 */
async function resolveTargets(client: PoolClient): Promise<void> {
  // Materialised one step at a time so the plan starts from the few waiting lines, whatever the statistics
  // of partitions filled moments ago say.
  await createTemp(
    client,
    'inv_waiting',
    `SELECT seller_bidx, series, number, form, issued_month, target_series, target_number, target_form
     FROM invoice_lines WHERE relation IS NOT NULL AND target_month IS NULL`,
  );
  await createTemp(
    client,
    'inv_pending',
    `SELECT DISTINCT l.*, r.issued_month AS month
     FROM inv_waiting l
     JOIN ${NUMBER_RANGES} r ON r.seller_bidx = l.seller_bidx AND r.series = l.target_series AND r.form = l.target_form
                            AND l.target_number BETWEEN r.min_number AND r.max_number`,
  );
  const columns = `seller_bidx, series, number, form, issued_month, relation, target_form, target_series, target_number,
                   target_month, batch_id, row_number`;
  await createTemp(client, 'inv_resolved', `SELECT ${columns} FROM invoice_lines LIMIT 0`);
  await client.query(`
    WITH found AS (
      SELECT p.seller_bidx, p.series, p.number, p.form, p.issued_month, t.issued_month AS target_month
      FROM inv_pending p
      JOIN invoice_lines t ON t.seller_bidx = p.seller_bidx AND t.number = p.target_number AND t.series = p.target_series
                          AND t.form = p.target_form AND t.issued_month = p.month
    ),
    linked AS (
      UPDATE invoice_lines u SET target_month = f.target_month FROM found f
      WHERE (u.seller_bidx, u.series, u.number, u.form, u.issued_month) = (f.seller_bidx, f.series, f.number, f.form, f.issued_month)
      RETURNING ${columns.replace(/(\w+)/g, 'u.$1')}
    )
    INSERT INTO inv_resolved SELECT * FROM linked`);
}
