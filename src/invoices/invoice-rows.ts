import type { PoolClient } from 'pg';
import { piiSql } from '../pii/pii-crypto';
import { AUTHORITY_ERROR_CODES as C } from '../registry/authority-error-codes';
import { createTemp, FieldReader, ProblemCheck, recordProblems, sqlLiteral } from '../registry/authority-sql';
import { withLookups } from './invoice-bulk-predicate';
import { INVOICE_ROUNDING_TOLERANCE_VND as TOLERANCE, INVOICE_SERIES_PATTERN } from './invoice-rules';

const code = (c: string) => sqlLiteral(c);
const required = (column: string, then: string) => `CASE WHEN ${column} IS NULL THEN ${code(C.VALUE_REQUIRED)} ELSE ${then} END`;
// form/series/number; the number's length is checked apart (bounded repetition is slow in PostgreSQL regexes).
const REFERENCE = "'^([1-6])/([CK][0-9][0-9][TDLMNBGH][A-Z][A-Z])/0*([1-9][0-9]*)$'";

/** An amount; negative only on an adjusting invoice (a decrease is written with a minus sign). */
const signedError = (column: string) =>
  `CASE WHEN relation = 'adjusts' AND left(${column}, 1) = '-' THEN ect_amount_error(substr(${column}, 2)) ELSE ect_amount_error(${column}) END`;
const signedValue = (column: string) =>
  `CASE WHEN relation = 'adjusts' AND left(${column}, 1) = '-' THEN -ect_amount_value(substr(${column}, 2)) ELSE ect_amount_value(${column}) END`;
const apart = (a: string, b: string) => `abs(${a} - ${b}) > ${TOLERANCE}`;

function checks(xml: boolean): ProblemCheck[] {
  const e = (field: string, codeSql: string): ProblemCheck => ({ severity: 'error', field, codeSql });
  return [
    e('seller_tax_code', required('seller_raw', 'seller_error')),
    e('form', required('form_raw', `CASE WHEN form IS NULL THEN ${code(C.INVOICE_FORM)} END`)),
    e('series', required('series', `CASE WHEN series !~ '${INVOICE_SERIES_PATTERN}' THEN ${code(C.INVOICE_SERIES_FORMAT)}
      WHEN issued_on IS NOT NULL AND substr(series, 2, 2)::int <> extract(year FROM issued_on)::int % 100 THEN ${code(C.INVOICE_SERIES_YEAR)} END`)),
    e('number', required('number_raw', `CASE WHEN number IS NULL THEN ${code(C.INVOICE_NUMBER)} END`)),
    e('issued_on', required('issued_on_raw', `CASE WHEN issued_on IS NULL THEN ${code(C.DATE_FORMAT)} WHEN issued_on > $1::date THEN ${code(C.DATE_IN_FUTURE)} END`)),
    e('total_before_tax', required('before_raw', signedError('before_raw'))),
    e('tax_amount', required('tax_raw', signedError('tax_raw'))),
    e('total_payable', required('payable_raw', signedError('payable_raw'))),
    e('lines_total_before_tax', signedError('lines_before_raw')),
    e('lines_tax_amount', signedError('lines_tax_raw')),
    e('total_payable', `CASE WHEN ${apart('before + tax', 'payable')} THEN ${code(C.INVOICE_TOTALS_INCONSISTENT)} END`),
    e('total_before_tax', `CASE WHEN ${apart('lines_before', 'before')} THEN ${code(C.INVOICE_LINES_INCONSISTENT)} END`),
    e('tax_amount', `CASE WHEN ${apart('lines_tax', 'tax')} THEN ${code(C.INVOICE_LINES_INCONSISTENT)} END`),
    e('relation', `CASE WHEN relation = '?' THEN ${code(C.INVOICE_RELATION_UNKNOWN)} END`),
    e('replaces', `CASE WHEN relation IS NOT NULL AND replaces_raw IS NULL THEN ${code(C.VALUE_REQUIRED)}
      WHEN replaces_raw IS NOT NULL AND target_number IS NULL THEN ${code(C.INVOICE_REFERENCE_FORMAT)}
      WHEN (target_form, target_series, target_number) = (form, series, number) THEN ${code(C.INVOICE_REFERENCE_SELF)} END`),
    e('authority_code', `CASE WHEN left(series, 1) = 'C' AND authority_code IS NULL AND ${xml} THEN ${code(C.INVOICE_AUTHORITY_CODE_MISSING)}
      WHEN left(series, 1) = 'K' AND authority_code IS NOT NULL THEN ${code(C.INVOICE_AUTHORITY_CODE_UNEXPECTED)} END`),
    { severity: 'warning', field: 'buyer_tax_code', codeSql: 'buyer_error' },
  ];
}

/**
 * The checked path: every staged row the bulk path did not take (`inv_rest`), trimmed, parsed and checked against every
 * rule with its stable code (`inv_rows`); the valid ones become `inv_candidates`, typed as invoice_lines
 * stores them (a 10/13-digit buyer in clear, a 12-digit one as a personal ID: blind index only).
 */
export async function checkRemainingRows(
  client: PoolClient,
  f: FieldReader,
  xml: boolean,
  today: string,
  indexKey: Buffer,
): Promise<void> {
  await createTemp(
    client,
    'inv_rows',
    `SELECT z.*,
       ${signedValue('before_raw')} AS before, ${signedValue('tax_raw')} AS tax, ${signedValue('payable_raw')} AS payable,
       ${signedValue('lines_before_raw')} AS lines_before, ${signedValue('lines_tax_raw')} AS lines_tax,
       CASE WHEN m.m IS NOT NULL THEN m.m[1]::smallint END AS target_form, m.m[2] AS target_series,
       CASE WHEN length(m.m[3]) <= 8 THEN m.m[3]::integer END AS target_number
     FROM (
       SELECT y.*,
         CASE WHEN form_raw ~ '^[1-6]$' THEN form_raw::smallint END AS form,
         CASE WHEN number_raw ~ '^0*[1-9][0-9]*$' AND length(ltrim(number_raw, '0')) <= 8 THEN ltrim(number_raw, '0')::integer END AS number,
         CASE WHEN relation_raw IS NULL THEN CASE WHEN replaces_raw IS NOT NULL THEN 'replaces' END
              WHEN relation_raw IN ('replaces', '1') THEN 'replaces' WHEN relation_raw IN ('adjusts', '2') THEN 'adjusts'
              ELSE '?' END AS relation,
         CASE WHEN buyer_raw IS NOT NULL THEN ect_tax_code_error(buyer_raw, $1::date) END AS buyer_error
       FROM (
         SELECT s.row_number,
           ${f('seller_tax_code')} AS seller_raw, sl.bidx AS seller_bidx, sl.error AS seller_error,
           ${f('form')} AS form_raw, upper(${f('series')}) AS series, ${f('number')} AS number_raw,
           ${f('issued_on')} AS issued_on_raw, d.day AS issued_on, d.month AS issued_month,
           ${f('buyer_tax_code')} AS buyer_raw,
           ${f('total_before_tax')} AS before_raw, ${f('tax_amount')} AS tax_raw, ${f('total_payable')} AS payable_raw,
           ${f('lines_total_before_tax')} AS lines_before_raw, ${f('lines_tax_amount')} AS lines_tax_raw,
           upper(${f('replaces')}) AS replaces_raw, lower(${f('relation')}) AS relation_raw, ${f('authority_code')} AS authority_code
         FROM ${withLookups('inv_rest')}
       ) y
     ) z
     LEFT JOIN LATERAL (SELECT regexp_match(z.replaces_raw, ${REFERENCE}) AS m) m ON true`,
    [today],
  );
  await recordProblems(client, 'inv_rows', checks(xml), [today]);
  await createTemp(
    client,
    'inv_candidates',
    `SELECT r.row_number, r.seller_bidx, r.form, r.series, r.number, r.issued_on, r.issued_month,
            CASE WHEN r.buyer_error IS NULL AND length(b.norm) <> 12 THEN b.norm END AS buyer_tax_code,
            CASE WHEN r.buyer_error IS NULL AND length(b.norm) = 12 THEN ${piiSql.blindIndex('b.norm', '$1')} END AS buyer_bidx,
            r.before AS total_before_tax, r.tax AS tax_amount, r.payable AS total_payable, r.relation, r.target_form,
            r.target_series, r.target_number, r.authority_code, false AS settled
     FROM inv_rows r
     CROSS JOIN LATERAL (SELECT ect_tax_code_normalize(r.buyer_raw) AS norm) b
     WHERE NOT EXISTS (SELECT 1 FROM merge_problems p WHERE p.row_number = r.row_number AND p.severity = 'error')`,
    [indexKey],
  );
}
