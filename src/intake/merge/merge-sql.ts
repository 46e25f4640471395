import { PoolClient } from 'pg';
import { quoteIdent } from '../staging';

/**
 * Small helpers shared by the kinds' set-based merges. Every statement binds the batch's values as parameters:
 * $1 batch id, $2 platform id, $3 today (Vietnam), $4 PII encryption key, $5 PII index key.
 */
export type Params = [batchId: string, platformId: string | null, today: string, encryptionKey: Buffer, indexKey: Buffer];

/** Columns present in a staging table (a CSV may omit optional columns). */
export async function stagedColumns(client: PoolClient, table: string): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [table],
  );
  return new Set(rows.map((r) => r.name));
}

/** `NULLIF(btrim(s."col"), '')`, or NULL when the column was not sent. Empty and blank mean "not reported". */
export function columnReader(present: Set<string>, alias = 's'): (name: string) => string {
  return (name) => (present.has(name) ? `NULLIF(btrim(${alias}.${quoteIdent(name)}, E' \\t\\r\\n\\u00a0\\ufeff'), '')` : 'NULL::text');
}

/** A sequence's next value for pre-allocating identity ids, so parent and child rows are written once each. */
export function nextId(table: string): string {
  return `nextval(pg_get_serial_sequence('${table}', 'id'))`;
}

/**
 * Runs a statement with the subset of the batch parameters it references ($1…$5 as in `Params`), renumbered:
 * PostgreSQL refuses a bound parameter whose type it cannot infer because the statement never uses it.
 */
export async function run(client: PoolClient, sql: string, p: readonly unknown[]): Promise<{ rowCount: number | null; rows: any[] }> {
  const used = [...new Set([...sql.matchAll(/\$([1-9])\b/g)].map((m) => Number(m[1])))].sort();
  const position = new Map(used.map((n, i) => [n, i + 1]));
  const text = sql.replace(/\$([1-9])\b/g, (_, n) => `$${position.get(Number(n))}`);
  return client.query(text, used.map((n) => p[n - 1]));
}

/** Moves error rows from a validated temp table into batch_errors; `checks` are [field SQL, code SQL, severity]. */
export async function insertBatchErrors(
  client: PoolClient,
  batchId: string,
  table: string,
  checks: ReadonlyArray<[fieldSql: string, codeSql: string, severity: 'error' | 'warning']>,
  messages: Readonly<Record<string, string>>,
): Promise<void> {
  const values = checks.map(([field, code, severity]) => `(${field}, ${code}, '${severity}')`).join(', ');
  const codes = Object.keys(messages);
  await client.query(
    `INSERT INTO batch_errors (batch_id, row_number, field, code, message, severity)
     SELECT $1, v.row_number, e.field, e.code, coalesce(m.message, e.code), e.severity
       FROM ${table} v
       CROSS JOIN LATERAL (VALUES ${values}) AS e(field, code, severity)
       LEFT JOIN unnest($2::text[], $3::text[]) AS m(code, message) ON m.code = e.code
      WHERE v.has_issue AND e.code IS NOT NULL`,
    [batchId, codes, codes.map((c) => messages[c])],
  );
}

export async function count(client: PoolClient, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Milliseconds per named merge step (summed when a name repeats), reported with the merged batch. */
export class StepTimer {
  readonly timings: Record<string, number> = {};

  async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + Date.now() - started;
    }
  }
}
