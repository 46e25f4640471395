import type { PoolClient } from 'pg';
import { SPACE_CHARS } from '../identifiers';
import { MergeResult } from '../intake/batch-kind';
import { stagedColumns } from '../intake/merge/merge-sql';
import { quoteIdent } from '../intake/staging';
import { AUTHORITY_ERROR_MESSAGES } from './authority-error-codes';

/**
 * Set-based building blocks shared by the authority kinds (taxpayers, declarations, invoices): a per-merge
 * table of row problems that becomes `batch_errors`, lookups of low-cardinality columns computed once per
 * distinct value, and the SQL spelling of "the trimmed value, or NULL when empty".
 */

/** A SQL string literal holding exactly `text` (E'' form, non-ASCII as \uXXXX so statements stay readable). */
export function sqlLiteral(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === "'" || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `E'${out}'`;
}

const SPACES = sqlLiteral(SPACE_CHARS);

/** The value with the spaces intake recognises trimmed; NULL when nothing is left. */
export const clean = (columnSql: string): string => `nullif(btrim(${columnSql}, ${SPACES}), '')`;

/** Reads a staged column as `clean(alias.column)`, or NULL when the upload did not carry that column (CSV). */
export type FieldReader = (column: string, alias?: string) => string;

export async function fieldReader(client: PoolClient, stagingTable: string, present?: Set<string>): Promise<FieldReader> {
  const columns = present ?? (await stagedColumns(client, stagingTable));
  return (column, alias = 's') => (columns.has(column) ? clean(`${alias}.${quoteIdent(column)}`) : 'NULL::text');
}

/**
 * Drops a temporary table left by an earlier merge in the same transaction and creates it anew, analyzed:
 * autovacuum never sees temp tables, and the planner's default guess for them picks poor joins.
 */
export async function createTemp(client: PoolClient, name: string, asSql: string, params: unknown[] = []): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS pg_temp.${name}`);
  await client.query(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS ${asSql}`, params);
  await client.query(`ANALYZE ${name}`);
}

/**
 * The problems found in one merge: `severity` 'error' rejects the row, 'warning' keeps it flagged. `detail`
 * is appended to the code's message (e.g. "also on row 12"); it never carries a personal identifier.
 */
export async function createProblemTable(client: PoolClient): Promise<void> {
  await client.query('DROP TABLE IF EXISTS pg_temp.merge_problems');
  await client.query(`
    CREATE TEMP TABLE merge_problems (
      row_number bigint NOT NULL,
      severity text NOT NULL,
      field text,
      code text NOT NULL,
      detail text
    ) ON COMMIT DROP`);
}

export interface ProblemCheck {
  severity: 'error' | 'warning';
  field: string | null;
  /** SQL giving the code, or NULL when the check passes, over the columns of the scanned table. */
  codeSql: string;
}

/** Records every failing check of every row of `table` in one scan. */
export async function recordProblems(
  client: PoolClient,
  table: string,
  checks: readonly ProblemCheck[],
  params: unknown[] = [],
): Promise<void> {
  const values = checks
    .map((c) => `(${sqlLiteral(c.severity)}, ${c.field === null ? 'NULL' : sqlLiteral(c.field)}, ${c.codeSql})`)
    .join(',\n        ');
  await client.query(
    `INSERT INTO merge_problems (row_number, severity, field, code)
     SELECT t.row_number, p.severity, p.field, p.code
     FROM ${table} t CROSS JOIN LATERAL (VALUES
        ${values}
     ) AS p (severity, field, code)
     WHERE p.code IS NOT NULL`,
    params,
  );
}

/**
 * Writes the recorded problems to `batch_errors`, skipping any (row, field, code) the batch already has so a
 * second merge of the same batch writes nothing new.
 */
export async function writeProblems(client: PoolClient, batchId: string): Promise<void> {
  const codes = Object.keys(AUTHORITY_ERROR_MESSAGES);
  const messages = codes.map((code) => AUTHORITY_ERROR_MESSAGES[code]);
  await client.query(
    `INSERT INTO batch_errors (batch_id, row_number, field, code, message, severity)
     SELECT DISTINCT ON (p.row_number, p.field, p.code)
            $1::uuid, p.row_number, p.field, p.code,
            coalesce(m.message, p.code) || coalesce(' (' || p.detail || ')', ''), p.severity
     FROM merge_problems p
     LEFT JOIN unnest($2::text[], $3::text[]) AS m (code, message) ON m.code = p.code
     WHERE NOT EXISTS (
       SELECT 1 FROM batch_errors b
       WHERE b.batch_id = $1 AND b.row_number = p.row_number AND b.field IS NOT DISTINCT FROM p.field AND b.code = p.code)
     ORDER BY p.row_number, p.field, p.code, p.severity`,
    [batchId, codes, messages],
  );
}

/** Accepted / rejected / warned over `total` rows, from the recorded problems. */
export async function outcome(client: PoolClient, total: number): Promise<MergeResult> {
  const { rows } = await client.query<{ rejected: string; warned: string }>(`
    SELECT count(*) FILTER (WHERE has_error) AS rejected, count(*) FILTER (WHERE NOT has_error) AS warned
    FROM (SELECT row_number, bool_or(severity = 'error') AS has_error FROM merge_problems GROUP BY row_number) r`);
  const rejected = Number(rows[0].rejected);
  return { accepted: total - rejected, rejected, warned: Number(rows[0].warned) };
}

/**
 * A temp table `name (raw text PRIMARY KEY, value text)` mapping each distinct non-empty value of
 * `distinctSql` (one text column) through `map` (null = not valid). For columns with few distinct values
 * (dates, categories) this runs the TypeScript validator itself, once per value, instead of a SQL copy of it.
 */
export async function distinctLookup(
  client: PoolClient,
  name: string,
  distinctSql: string,
  map: (raw: string) => string | null,
): Promise<void> {
  const { rows } = await client.query<{ raw: string }>(
    `SELECT DISTINCT v AS raw FROM (${distinctSql}) AS d (v) WHERE v IS NOT NULL`,
  );
  const raws = rows.map((r) => r.raw);
  await createTemp(
    client,
    name,
    `SELECT raw, value FROM unnest($1::text[], $2::text[]) AS l (raw, value)`,
    [raws, raws.map(map)],
  );
  await client.query(`ALTER TABLE ${name} ADD PRIMARY KEY (raw)`);
}

export async function countRows(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}
