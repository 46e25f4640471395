import type { PoolClient } from 'pg';
import { INVOICE_MAX_NUMBER } from './invoice-rules';

/**
 * Which staged lines the bulk path may take: those already in canonical form, for which every rule holds
 * without any parsing beyond casts. Everything else goes to the checked path (invoice-rows.ts), which applies
 * the same rules to any spelling and reports codes; both paths accept exactly the same invoices.
 *
 * This runs on every line of a 10 M-line batch, where each function call costs: so
 * - seller, date, (form, series) and buyer are refused only when they are among the few distinct values the
 *   lookups found unfit for the bulk path (a hashed NOT IN, left out altogether when there is none);
 * - the series year against the issue year is checked per group after loading (invoice-bulk-load.ts);
 * - amounts and number are checked by casting them, behind a first-character test that keeps signs out.
 *   A failing cast raises an error instead of answering false; `optimistic` relies on that: the caller runs
 *   it under a savepoint and, on a cast error, uses `guarded`, which tests digits with regular expressions
 *   first (about twice the price, paid only by batches that hold a non-numeric amount).
 */
export interface BulkPredicate {
  optimistic: string;
  guarded: string;
}

/** Which lookups hold values the bulk path refuses (most batches: none). */
export interface UnfitValues {
  sellers: boolean;
  dates: boolean;
  series: boolean;
  buyers: boolean;
}

export async function unfitValues(client: PoolClient): Promise<UnfitValues> {
  const { rows } = await client.query<UnfitValues>(`
    SELECT EXISTS (SELECT 1 FROM inv_sellers WHERE bidx IS NULL) AS sellers, EXISTS (SELECT 1 FROM inv_dates WHERE NOT ok) AS dates,
           EXISTS (SELECT 1 FROM inv_series WHERE NOT ok) AS series, EXISTS (SELECT 1 FROM inv_buyers WHERE NOT ok) AS buyers`);
  return rows[0];
}

export function bulkPredicate(present: Set<string>, xml: boolean, unfit: UnfitValues): BulkPredicate {
  const c = (name: string) => (present.has(name) ? `s.${name}` : 'NULL::text');
  const [before, tax, payable, linesBefore, linesTax] = [
    c('total_before_tax'), c('tax_amount'), c('total_payable'), c('lines_total_before_tax'), c('lines_tax_amount'),
  ];
  const authority = c('authority_code');
  const coded = `left(s.series, 1) = 'C'`;
  const conditions = [
    's.seller_tax_code IS NOT NULL AND s.issued_on IS NOT NULL AND s.form IS NOT NULL AND s.series IS NOT NULL',
    unfit.sellers ? 's.seller_tax_code NOT IN (SELECT raw FROM inv_sellers WHERE bidx IS NULL)' : '',
    unfit.dates ? 's.issued_on NOT IN (SELECT raw FROM inv_dates WHERE NOT ok)' : '',
    unfit.series ? '(s.form, s.series) NOT IN (SELECT form_raw, series_raw FROM inv_series WHERE NOT ok)' : '',
    unfit.buyers && present.has('buyer_tax_code') ? '(s.buyer_tax_code IS NULL OR s.buyer_tax_code NOT IN (SELECT raw FROM inv_buyers WHERE NOT ok))' : '',
    present.has('replaces') ? 's.replaces IS NULL' : '',
    present.has('relation') ? 's.relation IS NULL' : '',
    xml
      ? `CASE WHEN ${coded} THEN ${authority} <> '' AND ${authority} = btrim(${authority}) ELSE ${authority} IS NULL END`
      : present.has('authority_code') ? `(${authority} IS NULL OR (${coded} AND ${authority} <> '' AND ${authority} = btrim(${authority})))` : '',
  ].filter(Boolean);
  const amounts = [before, tax, payable, linesBefore, linesTax];
  const optional = (column: string, test: string) => (column === before || column === tax || column === payable ? test : `(${column} IS NULL OR ${test})`);
  // A first character 0–9 keeps out signs and leading spaces (which the cast would accept and the rules do not).
  const digitFirst = (column: string) => optional(column, `ascii(${column}) BETWEEN 48 AND 57`);
  // Unbounded repetition plus length(): PostgreSQL's regex engine expands {m,n} into states, several times slower.
  const digitsOnly = (column: string) => optional(column, `(${column} ~ '^[0-9]+$' AND length(${column}) <= 18)`);
  const consistent = `abs(${before}::bigint + ${tax}::bigint - ${payable}::bigint) <= 1
      AND (${linesBefore} IS NULL OR abs(${linesBefore}::bigint - ${before}::bigint) <= 1)
      AND (${linesTax} IS NULL OR abs(${linesTax}::bigint - ${tax}::bigint) <= 1)
      AND s.number::integer <= ${INVOICE_MAX_NUMBER}`;
  const predicate = (checks: string[]) => `coalesce(CASE WHEN ${[...conditions, ...checks].join('\n      AND ')}
    THEN ${consistent} ELSE false END, false)`;
  return {
    optimistic: predicate([`ascii(s.number) BETWEEN 49 AND 57`, ...amounts.map(digitFirst)]),
    guarded: predicate([`s.number ~ '^[1-9][0-9]*$' AND length(s.number) <= 8`, ...amounts.map(digitsOnly)]),
  };
}

/** Staging `s` with every lookup attached: for the (small) sets of lines the checked path and the resend check read. */
export function withLookups(staging: string): string {
  return `${staging} s
      LEFT JOIN inv_sellers sl ON sl.raw = s.seller_tax_code
      LEFT JOIN inv_dates d ON d.raw = s.issued_on
      LEFT JOIN inv_series fs ON fs.form_raw = s.form AND fs.series_raw = s.series`;
}
