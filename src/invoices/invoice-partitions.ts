import type { PoolClient } from 'pg';

/**
 * Monthly partitions of `invoice_lines`, created on demand by the merge, in its transaction (a batch that
 * rolls back leaves none behind). Creating or attaching a partition locks the parent until commit; readers of
 * invoice lines are rare (the matcher reads aggregates) and authority batches merge one at a time.
 */

/** `invoice_lines_p202507` for July 2025. */
export function partitionName(month: string): string {
  return `invoice_lines_p${month.slice(0, 4)}${month.slice(5, 7)}`;
}

const bounds = (month: string) => `FROM ('${month}') TO ('${month}'::date + interval '1 month')`;

/** Splits months (YYYY-MM-01) into those whose partition exists and those that need one. */
export async function splitMonths(client: PoolClient, months: readonly string[]): Promise<{ existing: string[]; fresh: string[] }> {
  const { rows } = await client.query<{ month: string; present: boolean }>(
    `SELECT m::text AS month, to_regclass('invoice_lines_p' || to_char(m, 'YYYYMM')) IS NOT NULL AS present
     FROM unnest($1::date[]) AS m ORDER BY 1`,
    [months],
  );
  return { existing: rows.filter((r) => r.present).map((r) => r.month), fresh: rows.filter((r) => !r.present).map((r) => r.month) };
}

export async function createPartitions(client: PoolClient, months: readonly string[]): Promise<void> {
  for (const month of months) {
    await client.query(`CREATE TABLE ${partitionName(month)} PARTITION OF invoice_lines FOR VALUES ${bounds(month)}`);
  }
}

/**
 * Fresh partitions filled before their unique index exists (a sorted index build is several times cheaper than
 * maintaining the index line by line): the partitions are first created under a landing table with no
 * index, filled by `load(landing)`, indexed, then detached and attached to `invoice_lines`, whose indexes
 * adopt the matching ones. A duplicate identity within the load makes the unique index build fail: the
 * caller rolls back to a savepoint and loads through the indexed path instead.
 */
export async function loadFreshPartitions(client: PoolClient, months: readonly string[], load: (landing: string) => Promise<void>): Promise<void> {
  const landing = 'invoice_lines_landing';
  await client.query(`DROP TABLE IF EXISTS ${landing}`);
  await client.query(`CREATE TABLE ${landing} (LIKE invoice_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (issued_month)`);
  for (const month of months) {
    const table = partitionName(month);
    await client.query(`CREATE TABLE ${table} PARTITION OF ${landing} FOR VALUES ${bounds(month)}`);
    // The partial indexes hold a handful of lines: kept up during the load for nearly nothing, where building
    // them afterwards would scan every partition again.
    await client.query(`CREATE INDEX ON ${table} (seller_bidx, target_number, target_series, target_form) WHERE relation IS NOT NULL`);
    await client.query(`CREATE INDEX ON ${table} (issued_month) WHERE relation IS NOT NULL AND target_month IS NULL`);
  }
  await load(landing);
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const month of months) {
    const table = partitionName(month);
    await client.query(`CREATE UNIQUE INDEX ON ${table} (seller_bidx, number, series, form, issued_month)`);
    await client.query(`ALTER TABLE ${landing} DETACH PARTITION ${table}`);
    // The constraint proves the rows fit the partition, so ATTACH need not scan them.
    await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_month CHECK (issued_month >= '${month}' AND issued_month < '${month}'::date + interval '1 month')`);
    await client.query(`ALTER TABLE invoice_lines ATTACH PARTITION ${table} FOR VALUES ${bounds(month)}`);
    await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_month`);
  }
  await client.query(`DROP TABLE ${landing}`);
}
