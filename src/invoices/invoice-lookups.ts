import type { PoolClient } from 'pg';
import { parseVietnamDate } from '../identifiers';
import { piiSql } from '../pii/pii-crypto';
import { createTemp } from '../registry/authority-sql';
import { INVOICE_SERIES_PATTERN } from './invoice-rules';

/**
 * Lookups over the few distinct values of an invoice batch's low-cardinality columns, built from ONE scan of
 * staging (hashed grouping sets): sellers (a batch of 10 M lines has thousands of sellers), issue dates (a few
 * hundred) and (form, series) pairs. Validating, blind-indexing and parsing once per distinct value instead
 * of once per line is most of what makes the bulk path cheap. Keys are the values exactly as staged.
 *
 * - `inv_sellers (raw, norm, error, bidx)`: bidx only for a valid tax code;
 * - `inv_dates (raw, day, month, year2, ok)`: ok = a real date, not after today; parsed by the TypeScript
 *   `parseVietnamDate` itself (YYYY-MM-DD or DD/MM/YYYY);
 * - `inv_series (form_raw, series_raw, ok)`: ok = already in canonical form (form 1–6, series matching the
 *   pattern), which is what the bulk path accepts;
 * - `inv_buyers (raw, ok)`: ok = a valid buyer tax code the bulk path may store as sent.
 */
export async function buildLookups(client: PoolClient, staging: string, present: Set<string>, today: string, indexKey: Buffer): Promise<void> {
  // seller_tax_code, issued_on, form and series are required columns: every staging table has them.
  const columns = ['seller_tax_code', 'issued_on', 'form', 'series', ...(present.has('buyer_tax_code') ? ['buyer_tax_code'] : [])];
  const sets = present.has('buyer_tax_code')
    ? '(seller_tax_code), (issued_on), (form, series), (buyer_tax_code)'
    : '(seller_tax_code), (issued_on), (form, series)';
  // GROUPING() sets a bit per argument NOT grouped by the row's set, leftmost first.
  const setId = (grouped: string[]) => columns.reduce((id, column) => id * 2 + (grouped.includes(column) ? 0 : 1), 0);
  await createTemp(
    client,
    'inv_distinct',
    `SELECT ${columns.join(', ')}, GROUPING(${columns.join(', ')}) AS set FROM ${staging} GROUP BY GROUPING SETS (${sets})`,
  );
  await createTemp(
    client,
    'inv_sellers',
    `SELECT raw, norm, error, CASE WHEN error IS NULL THEN ${piiSql.blindIndex('norm', '$2')} END AS bidx
     FROM (
       SELECT seller_tax_code AS raw, ect_tax_code_normalize(seller_tax_code) AS norm, ect_tax_code_error(seller_tax_code, $1::date) AS error
       FROM inv_distinct WHERE set = ${setId(['seller_tax_code'])} AND seller_tax_code IS NOT NULL
     ) d`,
    [today, indexKey],
  );
  await datesLookup(client, today, setId(['issued_on']));
  await createTemp(
    client,
    'inv_series',
    `SELECT form AS form_raw, series AS series_raw, coalesce(form ~ '^[1-6]$' AND series ~ '${INVOICE_SERIES_PATTERN}', false) AS ok
     FROM inv_distinct WHERE set = ${setId(['form', 'series'])}`,
  );
  // The bulk path stores a buyer's code as sent: only a valid 10-digit or NNNNNNNNNN-NNN spelling is fit; a
  // 12-digit buyer is a personal ID, indexed rather than stored, on the checked path.
  await createTemp(
    client,
    'inv_buyers',
    present.has('buyer_tax_code')
      ? `SELECT buyer_tax_code AS raw,
                coalesce(ect_tax_code_error(buyer_tax_code, NULL::date) IS NULL AND ect_tax_code_normalize(buyer_tax_code) = buyer_tax_code
                         AND length(buyer_tax_code) <> 12, false) AS ok
         FROM inv_distinct WHERE set = ${setId(['buyer_tax_code'])} AND buyer_tax_code IS NOT NULL`
      : 'SELECT NULL::text AS raw, true AS ok LIMIT 0',
  );
}

async function datesLookup(client: PoolClient, today: string, set: number): Promise<void> {
  const { rows } = await client.query<{ raw: string }>(`SELECT issued_on AS raw FROM inv_distinct WHERE set = ${set} AND issued_on IS NOT NULL`);
  const raws = rows.map((r) => r.raw);
  const days = raws.map((raw) => {
    const parsed = parseVietnamDate(raw);
    return parsed.ok ? parsed.value : null;
  });
  await createTemp(
    client,
    'inv_dates',
    `SELECT raw, day, date_trunc('month', day)::date AS month, (extract(year FROM day)::int % 100) AS year2,
            coalesce(day <= $3::date, false) AS ok
     FROM unnest($1::text[], $2::date[]) AS l (raw, day)`,
    [raws, days, today],
  );
}

/** The months of the valid issue dates of the batch: the partitions the batch may write. */
export async function batchMonths(client: PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ month: string }>(`SELECT DISTINCT month::text AS month FROM inv_dates WHERE ok ORDER BY 1`);
  return rows.map((r) => r.month);
}
