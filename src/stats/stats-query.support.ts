import { csvCell } from '../common/csv-cell';
import { DomainError } from '../common/domain-error';
import { SqlService } from '../database/sql.service';
import { ALL_PLATFORMS } from './stats-measures';
import { PlatformRefDto, ProvinceRefDto, StatsDimension, StatsMetaDto } from './stats.dto';

/** What the two stats endpoints share: filters, the platform key rule, names of platforms and provinces, meta. */
export interface StatsFilters {
  dims: StatsDimension[];
  platformId: string | null;
  province: string | null;
  category: string | null;
}

export const DEFINITIONS = 'README.md, section "Self-declaration figures"';

export async function resolvePlatform(sql: SqlService, code: string | undefined): Promise<string | null> {
  if (!code) return null;
  const [row] = await sql.query<{ id: string }>(`SELECT id::text FROM platforms WHERE code = $1`, [code]);
  if (!row) throw new DomainError('STATS_PLATFORM_UNKNOWN', `no platform with code ${code}`, 400);
  return row.id;
}

/**
 * Per-platform rows count a seller once on each platform it sold on; the '*' rows count it once in all. Grouping or
 * filtering by platform reads the former, anything else the latter, so totals never double count.
 * $3 = the platform filter (or null).
 */
export function platformCondition(filters: StatsFilters): string {
  if (filters.dims.includes('platform')) return `s.platform_key <> '${ALL_PLATFORMS}' AND ($3::text IS NULL OR s.platform_key = $3)`;
  return `s.platform_key = coalesce($3::text, '${ALL_PLATFORMS}')`;
}

/** The key columns a query groups on besides its period/cohort column. */
export function groupColumns(filters: StatsFilters): string[] {
  const columns: string[] = [];
  if (filters.dims.includes('platform') || filters.platformId) columns.push('platform_key');
  if (filters.dims.includes('province')) columns.push('province');
  if (filters.dims.includes('category')) columns.push('category');
  return columns;
}

/** Wraps an aggregate query `inner` (as `a`) with the names of the platform and province its rows carry, and `extra` columns. */
export function withNames(inner: string, orderBy: string[], extra: string[] = []): string {
  return `
SELECT a.*, p.code AS platform_code, p.name AS platform_name, rp.name AS province_name${extra.map((e) => `, ${e}`).join('')}
FROM (${inner}) a
LEFT JOIN platforms p ON p.id::text = a.platform_key
LEFT JOIN ref_provinces rp ON rp.code = a.province AND rp.generation = 'new'
ORDER BY ${orderBy.map((c) => `a.${c} COLLATE "C"`).join(', ')}`;
}

/** Key columns absent from a query come back as NULL, so withNames() can join on them whatever the grouping. */
export function keySelect(filters: StatsFilters): string {
  const grouped = groupColumns(filters);
  return ['platform_key', 'province', 'category'].map((c) => (grouped.includes(c) ? `s.${c}` : `NULL::text AS ${c}`)).join(', ');
}

export function dimensionFields(row: Record<string, any>, filters: StatsFilters): { platform?: PlatformRefDto | null; province?: ProvinceRefDto; category?: string } {
  const out: { platform?: PlatformRefDto | null; province?: ProvinceRefDto; category?: string } = {};
  if (row.platform_key) out.platform = { id: row.platform_key, code: row.platform_code, name: row.platform_name };
  if (filters.dims.includes('province')) out.province = { code: row.province, name: row.province_name ?? null };
  if (filters.dims.includes('category')) out.category = row.category;
  return out;
}

export async function statsMeta(sql: SqlService, filters: StatsFilters): Promise<StatsMetaDto> {
  const [state] = await sql.query<{ refreshed_at: Date | null; rule_version: number | null }>(`SELECT refreshed_at, rule_version FROM stats_refresh_state`);
  return {
    refreshedAt: state?.refreshed_at ? state.refreshed_at.toISOString() : null,
    ruleVersion: state?.rule_version ?? null,
    groupBy: filters.dims,
    definitions: DEFINITIONS,
  };
}

export function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
