import type { PoolClient } from 'pg';
import { parseVietnamDate } from '../identifiers';
import { piiSql } from '../pii/pii-crypto';
import { AUTHORITY_ERROR_CODES as C } from './authority-error-codes';
import { createTemp, distinctLookup, fieldReader, ProblemCheck, recordProblems, sqlLiteral } from './authority-sql';

export const DECLARATION_COLUMNS = ['tax_code', 'period', 'declared_revenue', 'tax_paid', 'filed_on'] as const;

const code = (c: string) => sqlLiteral(c);
const required = (column: string, then: string) => `CASE WHEN ${column} IS NULL THEN ${code(C.VALUE_REQUIRED)} ELSE ${then} END`;

const CHECKS: ProblemCheck[] = [
  { severity: 'error', field: 'tax_code', codeSql: required('tax_code', 'ect_tax_code_error(tax_code, $1::date)') },
  { severity: 'error', field: 'period', codeSql: required('period', 'ect_period_error(period, $1::date)') },
  { severity: 'error', field: 'declared_revenue', codeSql: required('declared_revenue', 'ect_amount_error(declared_revenue)') },
  { severity: 'error', field: 'tax_paid', codeSql: 'ect_amount_error(tax_paid)' },
  {
    severity: 'error',
    field: 'filed_on',
    codeSql: `CASE WHEN filed_on_raw IS NOT NULL AND filed_on IS NULL THEN ${code(C.DATE_FORMAT)}
      WHEN filed_on > $1::date THEN ${code(C.DATE_IN_FUTURE)} END`,
  },
];

/**
 * `dc_rows`: staged declarations, trimmed and checked in one scan. A declaration is kept under the blind index
 * of the tax code it was filed under (10/13 digits also in clear; a 12-digit personal ID only indexed and
 * masked) and resolved to a taxpayer through `taxpayer_identifiers` when one is known.
 */
export async function checkDeclarationRows(client: PoolClient, staging: string, today: string, indexKey: Buffer): Promise<void> {
  const f = await fieldReader(client, staging);
  await distinctLookup(client, 'dc_dates', `SELECT ${f('filed_on')} FROM ${staging} s`, (raw) => {
    const parsed = parseVietnamDate(raw);
    return parsed.ok ? parsed.value : null;
  });
  await createTemp(
    client,
    'dc_rows',
    `SELECT x.*, d.value::date AS filed_on
     FROM (
       SELECT s.row_number, ${f('tax_code')} AS tax_code, ${f('period')} AS period,
              ${f('declared_revenue')} AS declared_revenue, ${f('tax_paid')} AS tax_paid, ${f('filed_on')} AS filed_on_raw
       FROM ${staging} s
     ) x
     LEFT JOIN dc_dates d ON d.raw = x.filed_on_raw`,
  );
  await recordProblems(client, 'dc_rows', CHECKS, [today]);
  await createTemp(
    client,
    'dc_good',
    `SELECT row_number, norm, ${piiSql.blindIndex('norm', '$1')} AS bidx,
            CASE WHEN length(norm) <> 12 THEN norm END AS tax_code_clear, ${piiSql.mask('norm')} AS tax_code_masked,
            period_key, period_start, declared_revenue, tax_paid, filed_on
     FROM (
       SELECT r.row_number, ect_tax_code_normalize(r.tax_code) AS norm, ect_period_key(r.period) AS period_key,
              ect_period_start(r.period) AS period_start, ect_amount_value(r.declared_revenue) AS declared_revenue,
              coalesce(ect_amount_value(r.tax_paid), 0) AS tax_paid, r.filed_on
       FROM dc_rows r
       WHERE NOT EXISTS (SELECT 1 FROM merge_problems p WHERE p.row_number = r.row_number AND p.severity = 'error')
     ) g`,
    [indexKey],
  );
}

/**
 * Appends declaration versions per (tax code filed under, period). Rows of the batch are taken in file order
 * after the latest stored version; a row identical to the one before it (same revenue, tax paid and filing
 * date) is a resend and adds nothing. A batch already merged once adds nothing again.
 */
export async function appendDeclarations(client: PoolClient, batchId: string): Promise<void> {
  const merged = await client.query('SELECT 1 FROM declarations WHERE batch_id = $1 LIMIT 1', [batchId]);
  if (merged.rowCount) return;
  await client.query(
    `WITH latest AS (
       SELECT DISTINCT ON (d.taxpayer_bidx, d.period) d.taxpayer_bidx AS bidx, d.period AS period_key, d.version,
              d.declared_revenue, d.tax_paid, d.filed_on
       FROM declarations d
       WHERE (d.taxpayer_bidx, d.period) IN (SELECT bidx, period_key FROM dc_good)
       ORDER BY d.taxpayer_bidx, d.period, d.version DESC
     ),
     sequence AS (
       SELECT s.*,
              (s.declared_revenue, s.tax_paid, s.filed_on) IS DISTINCT FROM
                (lag(s.declared_revenue) OVER w, lag(s.tax_paid) OVER w, lag(s.filed_on) OVER w) AS changed
       FROM (
         SELECT 0::bigint AS row_number, bidx, period_key, version, declared_revenue, tax_paid, filed_on FROM latest
         UNION ALL
         SELECT row_number, bidx, period_key, NULL, declared_revenue, tax_paid, filed_on FROM dc_good
       ) s
       WINDOW w AS (PARTITION BY s.bidx, s.period_key ORDER BY s.row_number)
     ),
     kept AS (
       SELECT q.row_number, q.bidx, q.period_key,
              coalesce(l.version, 0) + row_number() OVER (PARTITION BY q.bidx, q.period_key ORDER BY q.row_number) AS version
       FROM sequence q LEFT JOIN latest l ON l.bidx = q.bidx AND l.period_key = q.period_key
       WHERE q.row_number > 0 AND q.changed
     )
     INSERT INTO declarations (batch_id, row_number, taxpayer_bidx, taxpayer_id, tax_code, tax_code_masked, period,
                               period_start, declared_revenue, tax_paid, filed_on, version)
     SELECT $1, g.row_number, g.bidx, ti.taxpayer_id, g.tax_code_clear, g.tax_code_masked, g.period_key, g.period_start,
            g.declared_revenue, g.tax_paid, g.filed_on, k.version
     FROM kept k
     JOIN dc_good g ON g.row_number = k.row_number
     LEFT JOIN taxpayer_identifiers ti ON ti.bidx = g.bidx`,
    [batchId],
  );
}
