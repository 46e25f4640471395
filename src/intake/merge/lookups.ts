import { PoolClient } from 'pg';
import { parseCategory } from '../../identifiers/category';
import { parseVietnamDate } from '../../identifiers/vietnam-date';

type Parse = (raw: string) => [value: string | null, error: string | null];

const PARSERS: Record<'date' | 'category', Parse> = {
  date: (raw) => {
    const parsed = parseVietnamDate(raw);
    return parsed.ok ? [parsed.value, null] : [null, parsed.code];
  },
  category: (raw) => {
    const parsed = parseCategory(raw);
    return parsed.ok ? [parsed.value, null] : [null, parsed.code];
  },
};

/**
 * Values with few distinct spellings (dates of birth, categories, provinces) are resolved once per distinct
 * value, not once per row: one scan of the batch collects the distinct values of all three (GROUPING SETS),
 * the pure TypeScript parsers (dates and categories have no SQL twin) or the province alias table answer for
 * each, and the merge hash-joins the results (temp tables intake_lookup_date/_category/_province).
 */
export async function buildLookups(client: PoolClient, source: string, columns: { date: string; category: string; province: string }): Promise<void> {
  const { rows } = await client.query<{ g: 'date' | 'category' | 'province'; raw: string }>(`
    SELECT CASE WHEN GROUPING(d) = 0 THEN 'date' WHEN GROUPING(c) = 0 THEN 'category' ELSE 'province' END AS g,
           coalesce(d, c, p) AS raw
      FROM (SELECT ${columns.date} AS d, ${columns.category} AS c, ${columns.province} AS p FROM ${source} s) x
     GROUP BY GROUPING SETS ((d), (c), (p))`);
  const distinct = { date: [] as string[], category: [] as string[], province: [] as string[] };
  for (const row of rows) if (row.raw !== null) distinct[row.g].push(row.raw);

  for (const kind of ['date', 'category'] as const) {
    const parsed = distinct[kind].map(PARSERS[kind]);
    await client.query(
      `CREATE TEMP TABLE intake_lookup_${kind} ON COMMIT DROP AS
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(raw, value, error)`,
      [distinct[kind], parsed.map((p) => p[0]), parsed.map((p) => p[1])],
    );
  }
  await client.query(
    `CREATE TEMP TABLE intake_lookup_province ON COMMIT DROP AS
     SELECT d.raw, a.old_code, a.new_code, CASE WHEN a.new_code IS NULL THEN 'PROVINCE_UNKNOWN' END AS error
       FROM unnest($1::text[]) AS d(raw)
       LEFT JOIN ref_province_aliases a ON a.alias_folded = ect_province_key(d.raw)`,
    [distinct.province],
  );
  await client.query(`ANALYZE intake_lookup_date, intake_lookup_category, intake_lookup_province`);
}
