/**
 * ANALYZE now, among `tables`, those autovacuum would analyze soon: a tenth or more of their rows changed since
 * their statistics were taken. Pipeline stages write in bulk and the next stage queries right away; on statistics
 * of an empty table the planner picks scans and joins that cost seconds per chunk (seen in reconciliation).
 * Call it after the writing transaction committed.
 */
export async function refreshPlannerStatistics(
  query: (sql: string, params: unknown[]) => Promise<Array<{ name: string }>>,
  tables: readonly string[],
): Promise<string[]> {
  if (tables.length === 0) return [];
  const stale = await query(
    `SELECT relname AS name FROM pg_stat_user_tables
      WHERE schemaname = 'public' AND relname = ANY ($1) AND n_mod_since_analyze > 0
        AND n_mod_since_analyze >= 0.1 * greatest(n_live_tup, 1)
      ORDER BY relname`,
    [tables],
  );
  for (const { name } of stale) await query(`ANALYZE ${name}`, []);
  return stale.map((t) => t.name);
}
