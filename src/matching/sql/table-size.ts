import { PoolClient } from 'pg';

/**
 * Rows in a table: the planner's estimate when it is large (a prior needs the order of magnitude, and count(*) on
 * millions of rows costs a scan per call), the exact count when it is small or never analysed.
 */
export async function tableSize(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = $1::regclass`, [table]);
  const estimate = Number(rows[0]?.n ?? -1);
  if (estimate >= 100_000) return Math.round(estimate);
  const exact = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(exact.rows[0].n);
}
