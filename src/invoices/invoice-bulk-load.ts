import type { PoolClient } from 'pg';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/pg-errors';
import { countRows, createTemp } from '../registry/authority-sql';
import { BulkPredicate } from './invoice-bulk-predicate';
import { createPartitions, loadFreshPartitions } from './invoice-partitions';
import { GROUP_INSERTED, INSERTED_RETURNING, SUBTRACT_TAKEN_BACK } from './invoice-totals';

/**
 * The bulk path: every staged line already in canonical form (invoice-bulk-predicate.ts) goes straight from
 * staging into `invoice_lines` in ONE INSERT … SELECT, with per-(seller, series, form, month) totals into
 * inv_groups. No temp copy of the lines; the validators ran once per distinct seller, date and series
 * (invoice-lookups.ts), and the lines the bulk path leaves (`inv_rest`, usually a handful: replacing and
 * adjusting invoices, odd spellings, bad rows) go to the checked path.
 */

/**
 * `inv_rest`: the staged rows the bulk path does not take, whole (the checked path reads them from here
 * rather than scanning staging again); returns how many. The predicate is evaluated once per line, here: the
 * bulk INSERT then only anti-joins this (usually tiny) set.
 */
export async function findRest(client: PoolClient, staging: string, predicate: BulkPredicate): Promise<number> {
  await client.query('SAVEPOINT invoice_rest');
  try {
    await createTemp(client, 'inv_rest', `SELECT s.* FROM ${staging} s WHERE NOT ${predicate.optimistic}`);
    await client.query('RELEASE SAVEPOINT invoice_rest');
  } catch (error) {
    if (!CAST_FAILURES.includes(pgErrorCode(error) ?? '')) throw error;
    await client.query('ROLLBACK TO SAVEPOINT invoice_rest');
    await createTemp(client, 'inv_rest', `SELECT s.* FROM ${staging} s WHERE NOT ${predicate.guarded}`);
  }
  return countRows(client, 'inv_rest');
}

/** invalid_text_representation, numeric_value_out_of_range: a value that is not a whole number. */
const CAST_FAILURES = ['22P02', '22003'];

/**
 * Loads the bulk lines. Months without a partition yet (a backfill, a new month) go into fresh partitions that
 * are indexed after loading (see loadFreshPartitions); months already stored go through the unique index
 * with ON CONFLICT DO NOTHING. Should the fresh load hold a duplicate identity, it is undone to a savepoint
 * and everything takes the indexed path.
 */
export async function loadBulk(
  client: PoolClient,
  batchId: string,
  staging: string,
  present: Set<string>,
  months: { existing: string[]; fresh: string[] },
  step: (name: string) => void = () => undefined,
): Promise<void> {
  let { existing, fresh } = months;
  if (fresh.length) {
    await client.query('SAVEPOINT invoice_bulk');
    try {
      await loadFreshPartitions(client, fresh, async (landing) => {
        await bulkInsert(client, batchId, staging, present, { into: landing, months: existing.length ? fresh : null });
        step('insert');
        // Everything sent to fresh partitions was inserted: totals by one scan of them, not a 10 M-row RETURNING.
        await client.query(`${GROUP_INSERTED.replace('FROM ins', `FROM ${landing} ins`)}`);
        step('group');
      });
      step('index');
      await client.query('RELEASE SAVEPOINT invoice_bulk');
    } catch (error) {
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT invoice_bulk');
      await createPartitions(client, fresh);
      existing = [...existing, ...fresh];
      fresh = [];
    }
  }
  if (existing.length) {
    await bulkInsert(client, batchId, staging, present, {
      into: 'invoice_lines',
      months: fresh.length ? existing : null,
      onConflict: 'ON CONFLICT (seller_bidx, number, series, form, issued_month) DO NOTHING',
    });
    step('insert_indexed');
  }
  await client.query('ANALYZE inv_groups');
}

/**
 * Inserts the lines not in `inv_rest` (of `months` only, when given) into `into`. With ON CONFLICT, the
 * RETURNING rows (what was actually inserted) are grouped into inv_groups on the fly.
 */
async function bulkInsert(
  client: PoolClient,
  batchId: string,
  staging: string,
  present: Set<string>,
  target: { into: string; months: string[] | null; onConflict?: string },
): Promise<void> {
  const c = (name: string) => (present.has(name) ? `s.${name}` : 'NULL::text');
  const returning = target.onConflict !== undefined;
  await client.query(
    `${returning ? 'WITH ins AS (' : ''}
       INSERT INTO ${target.into} (seller_bidx, form, series, number, issued_on, issued_month, buyer_tax_code,
                                  total_before_tax, tax_amount, total_payable, authority_code, batch_id, row_number)
       SELECT sl.bidx, s.form::smallint, s.series, s.number::integer, d.day, d.month, ${c('buyer_tax_code')},
              s.total_before_tax::bigint, s.tax_amount::bigint, s.total_payable::bigint, ${c('authority_code')}, $1, s.row_number
       FROM ${staging} s
       JOIN inv_sellers sl ON sl.raw = s.seller_tax_code
       JOIN inv_dates d ON d.raw = s.issued_on
       WHERE NOT EXISTS (SELECT 1 FROM inv_rest r WHERE r.row_number = s.row_number)
         ${target.months ? 'AND d.month = ANY($2::date[])' : ''}
       ${target.onConflict ?? ''}
     ${returning ? `${INSERTED_RETURNING}) ${GROUP_INSERTED}` : ''}`,
    target.months ? [batchId, target.months] : [batchId],
  );
}

/**
 * The bulk predicate does not compare a line's series year with its issue year (two text functions a line);
 * each group of loaded lines shares both, so the check runs here per group. Lines of a mismatching group are
 * taken back and handed to the checked path, which reports INVOICE_SERIES_YEAR. Returns how many.
 */
export async function takeBackSeriesYearMismatches(client: PoolClient, batchId: string, staging: string): Promise<number> {
  const wrong = `SELECT DISTINCT seller_bidx, series, form, issued_month FROM inv_groups
                 WHERE lines > 0 AND substr(series, 2, 2)::int <> extract(year FROM issued_month)::int % 100`;
  const found = await client.query(`${wrong} LIMIT 1`);
  if (!found.rowCount) return 0;
  const { rows } = await client.query<{ n: string }>(
    `WITH wrong AS (${wrong}),
     gone AS (
       DELETE FROM invoice_lines l USING wrong w
       WHERE l.batch_id = $1 AND (l.seller_bidx, l.series, l.form, l.issued_month) = (w.seller_bidx, w.series, w.form, w.issued_month)
       RETURNING l.*
     ),
     rest AS (INSERT INTO inv_rest SELECT s.* FROM ${staging} s WHERE s.row_number IN (SELECT row_number FROM gone)),
     totals AS (${SUBTRACT_TAKEN_BACK})
     SELECT count(*) AS n FROM gone`,
    [batchId],
  );
  return Number(rows[0].n);
}

/**
 * Bulk rows the unique index skipped (same identity and month already stored): a resend (same content →
 * accepted with INVOICE_ALREADY_RECORDED), a conflict (other content → INVOICE_CONFLICT, rejected), or
 * this very row from an earlier run of the same merge (nothing to say). Costs a join over the bulk rows, so
 * it runs only when some were skipped.
 */
export async function classifySkippedBulkRows(client: PoolClient, batchId: string, staging: string, present: Set<string>): Promise<void> {
  const c = (name: string) => (present.has(name) ? `s.${name}` : 'NULL::text');
  // MATERIALIZED: the casts run only on bulk rows (they all cast, the bulk predicate made sure), never on a
  // row of inv_rest that a join condition might otherwise reach first.
  await client.query(
    `WITH bulk AS MATERIALIZED (
       SELECT s.row_number, sl.bidx, s.series, s.number::integer AS number, s.form::smallint AS form, d.month, d.day,
              ${c('buyer_tax_code')} AS buyer, s.total_before_tax::bigint AS before, s.tax_amount::bigint AS tax,
              s.total_payable::bigint AS payable
       FROM ${staging} s
       JOIN inv_sellers sl ON sl.raw = s.seller_tax_code
       JOIN inv_dates d ON d.raw = s.issued_on
       WHERE NOT EXISTS (SELECT 1 FROM inv_rest r WHERE r.row_number = s.row_number)
     )
     INSERT INTO merge_problems (row_number, severity, field, code, detail)
     SELECT row_number, CASE WHEN same THEN 'warning' ELSE 'error' END, NULL,
            CASE WHEN same THEN 'INVOICE_ALREADY_RECORDED' ELSE 'INVOICE_CONFLICT' END,
            CASE WHEN stored_batch = $1 THEN 'same invoice as row ' || stored_row || ' of this batch' END
     FROM (
       SELECT b.row_number, l.batch_id AS stored_batch, l.row_number AS stored_row,
              (l.issued_on, l.buyer_tax_code, l.total_before_tax, l.tax_amount, l.total_payable, l.relation)
                IS NOT DISTINCT FROM (b.day, b.buyer, b.before, b.tax, b.payable, NULL::text) AS same
       FROM bulk b
       JOIN invoice_lines l ON l.seller_bidx = b.bidx AND l.number = b.number AND l.series = b.series AND l.form = b.form
                           AND l.issued_month = b.month
       WHERE NOT (l.batch_id = $1 AND l.row_number = b.row_number)
     ) x`,
    [batchId],
  );
}
